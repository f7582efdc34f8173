import type { Command } from "commander";
import { findAgent } from "../../core/agents.js";
import { execInAgent } from "../../core/inspect.js";
import { UsageError } from "../../domain/errors.js";
import type { App } from "../output.js";

export function register(program: Command, app: App): void {
  program
    .command("exec")
    .summary("run a command in an agent's work dir")
    .description("Run CMD in the agent's work dir with the agent's environment; exits with CMD's exit code.")
    .argument("<name>", "the agent")
    .argument("[cmd...]", "the command and its arguments, after --")
    .usage("<name> -- CMD [ARGS...]")
    .action(async (name: string) => {
      const ctx = await app.ctx();
      if (app.passthrough.length === 0) throw new UsageError("no command given", { hint: "put it after --, e.g. `muster exec NAME -- git status`" });
      app.setExit(await execInAgent(findAgent(ctx, name), app.passthrough));
    });
}
