import type { Command } from "commander";
import { waitForState } from "../../core/wait.js";
import { UsageError } from "../../domain/errors.js";
import { parseSeconds } from "../options.js";
import { paintState, type App } from "../output.js";
import { parseStates } from "./list.js";

export function register(program: Command, app: App): void {
  program
    .command("wait")
    .summary("block until an agent reaches a state")
    .description("Exit 0 once the agent is in one of the states, 124 when the timeout passes first.")
    .argument("<name>", "the agent")
    .requiredOption("--state <states>", "target states, comma-separated (e.g. waiting,done)")
    .option("--timeout <seconds>", "give up after this many seconds (default: wait forever)")
    .action(async (name: string, opts) => {
      const ctx = await app.ctx();
      const states = parseStates(opts.state);
      if (!states) throw new UsageError("--state needs at least one state");
      const timeoutMs = opts.timeout === undefined ? null : parseSeconds(opts.timeout, "--timeout") * 1000;
      const observed = await waitForState(ctx, name, states, timeoutMs);
      const out = app.out();
      out.result(
        { name: observed.record.name, state: observed.decision.state },
        () => `${observed.record.name} is ${paintState(out, observed.decision.state)}`,
      );
    });
}
