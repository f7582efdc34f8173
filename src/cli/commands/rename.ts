import type { Command } from "commander";
import { findAgent } from "../../core/agents.js";
import { renameAgent } from "../../core/rename.js";
import type { App } from "../output.js";

export function register(program: Command, app: App): void {
  program
    .command("rename")
    .alias("mv")
    .summary("rename an agent")
    .description("Rename the agent and its tmux session. Its work dir and branch keep their names.")
    .argument("<old>", "current name")
    .argument("<new>", "new name")
    .action(async (oldName: string, newName: string) => {
      const ctx = await app.ctx();
      const result = await renameAgent(ctx, findAgent(ctx, oldName), newName);
      app.out().result(result, () => `renamed ${result.from} to ${result.to}`);
    });
}
