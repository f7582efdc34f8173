import type { Command } from "commander";
import { findAgent } from "../../core/agents.js";
import { captureScreen } from "../../core/inspect.js";
import { parseCount } from "../options.js";
import type { App } from "../output.js";

export function register(program: Command, app: App): void {
  program
    .command("capture")
    .summary("print an agent's screen as text")
    .argument("<name>", "the agent")
    .option("--lines <n>", "also include this many lines of scrollback")
    .action(async (name: string, opts) => {
      const ctx = await app.ctx();
      const lines = opts.lines === undefined ? undefined : parseCount(opts.lines, "--lines");
      const agent = findAgent(ctx, name);
      const screen = await captureScreen(ctx, agent, lines);
      app.out().result({ name: agent.record.name, screen }, () => screen.replace(/\n+$/, ""));
    });
}
