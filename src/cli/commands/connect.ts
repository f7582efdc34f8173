import type { Command } from "commander";
import { findAgent } from "../../core/agents.js";
import { connectAgent } from "../../core/inspect.js";
import type { App } from "../output.js";

export function register(program: Command, app: App): void {
  program
    .command("connect")
    .alias("attach")
    .summary("attach your terminal to an agent")
    .description(
      "Attach to the agent's tmux session (switch-client when already inside tmux). A stopped agent is started first. Detach with your tmux prefix key and d (C-b d by default).",
    )
    .argument("<name>", "the agent")
    .action(async (name: string) => {
      const ctx = await app.ctx();
      app.setExit(await connectAgent(ctx, findAgent(ctx, name)));
    });
}
