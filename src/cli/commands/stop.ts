import type { Command } from "commander";
import { findAgent } from "../../core/agents.js";
import { startAgent, stopAgent } from "../../core/lifecycle.js";
import type { App } from "../output.js";

export function register(program: Command, app: App): void {
  program
    .command("stop")
    .summary("stop agents, keeping their records and work dirs")
    .argument("<names...>", "agents to stop")
    .action(async (names: string[]) => {
      const ctx = await app.ctx();
      const agents = names.map((n) => findAgent(ctx, n));
      const results = await Promise.all(agents.map((a) => stopAgent(ctx, a)));
      app.out().result(results, () => results.map((r) => (r.wasRunning ? `stopped ${r.name}` : `${r.name} was not running`)).join("\n"));
    });
  program
    .command("start")
    .summary("start stopped agents again")
    .description("Relaunch stopped (or exited) agents with their recorded command and environment.")
    .argument("<names...>", "agents to start")
    .action(async (names: string[]) => {
      const ctx = await app.ctx();
      const agents = names.map((n) => findAgent(ctx, n));
      const results = await Promise.all(agents.map((a) => startAgent(ctx, a)));
      app.out().result(results, () => results.map((r) => (r.started ? `started ${r.name}` : `${r.name} is already running`)).join("\n"));
    });
}
