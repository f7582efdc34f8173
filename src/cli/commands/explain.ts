import type { Command } from "commander";
import { findAgent } from "../../core/agents.js";
import { explainAgent } from "../../core/inspect.js";
import { paintState, type App } from "../output.js";

export function register(program: Command, app: App): void {
  program
    .command("explain")
    .summary("show an agent's state and the evidence behind it")
    .argument("<name>", "the agent")
    .action(async (name: string) => {
      const ctx = await app.ctx();
      const out = app.out();
      const e = await explainAgent(ctx, findAgent(ctx, name));
      out.result(e, () =>
        [
          `${e.name} is ${paintState(out, e.state)} (since ${e.since})`,
          `  decided by: ${e.signal}: ${e.evidence}`,
          `  session:    ${e.session}${e.pane ? ` (pane pid ${e.pane.pid}, foreground ${e.pane.command}${e.pane.dead ? `, exited ${e.pane.deadStatus ?? ""}` : ""})` : " (not running)"}`,
          `  type:       ${e.type}: ${e.command.join(" ")}`,
          `  work dir:   ${e.workDir}${e.branch ? ` (branch ${e.branch})` : ""}`,
        ].join("\n"),
      );
    });
}
