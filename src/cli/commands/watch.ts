import type { Command } from "commander";
import { localHost } from "../../core/context.js";
import { watchHost } from "../../core/watch.js";
import { UsageError } from "../../domain/errors.js";
import { fillTemplate, paintState, type App } from "../output.js";

const MIN_INTERVAL_MS = 100;
const MAX_INTERVAL_MS = 10_000;

export function register(program: Command, app: App): void {
  program
    .command("watch")
    .summary("keep every agent's state current in its events")
    .description(
      "Observe every agent on this host each interval and record each state change in its events.jsonl, so changes land within a second while no other muster command looks. create and start run one in the background (with --until-idle); run it yourself to see the changes as they happen. One watcher runs per host.",
    )
    .option("--interval <ms>", `time between observations, ${MIN_INTERVAL_MS}-${MAX_INTERVAL_MS} ms`, "500")
    .option("--until-idle", "exit once no agent on the host has a live session")
    .action(async (opts: { interval: string; untilIdle?: boolean }) => {
      const intervalMs = Number(opts.interval);
      if (!Number.isInteger(intervalMs) || intervalMs < MIN_INTERVAL_MS || intervalMs > MAX_INTERVAL_MS)
        throw new UsageError(
          `--interval must be a whole number of milliseconds from ${MIN_INTERVAL_MS} to ${MAX_INTERVAL_MS}, not '${opts.interval}'`,
        );
      const ctx = await app.ctx();
      const out = app.out();
      const stopped = new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await watchHost(ctx, localHost(ctx), {
        intervalMs,
        untilIdle: Boolean(opts.untilIdle),
        stopped,
        onChange(o, from) {
          if (out.quiet) return;
          const change = { ts: new Date().toISOString(), agent: o.record.name, from, to: o.decision.state, signal: o.decision.signal };
          const format = out.format;
          if (format === "human")
            out.line(`${change.ts.slice(11, 19)}  ${change.agent}  ${from ?? "-"} -> ${paintState(out, change.to)}  (${change.signal})`);
          else out.line(typeof format === "object" ? fillTemplate(format.template, change) : JSON.stringify(change));
        },
      });
    });
}
