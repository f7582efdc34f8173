import type { Command } from "commander";
import { usageReport } from "../../core/gateway-calls.js";
import { USAGE_GROUPS, type UsageGroup, type UsageTotals } from "../../domain/calls.js";
import { UsageError } from "../../domain/errors.js";
import { usd } from "../call-view.js";
import { table, type App } from "../output.js";

export function register(program: Command, app: App): void {
  program
    .command("usage")
    .summary("tokens and cost of every recorded model call, with totals")
    .description(
      "Sum the gateway's recorded calls of every agent, destroyed ones included. IN counts whole prompts (cached\ntokens included). Calls whose price is unknown add no cost and are counted in UNPRICED.",
    )
    .option("--by <key>", `group by ${USAGE_GROUPS.join(", ")}`, "agent")
    .action(async (opts: { by: string }) => {
      if (!(USAGE_GROUPS as readonly string[]).includes(opts.by)) throw new UsageError(`--by takes ${USAGE_GROUPS.join(", ")}, not '${opts.by}'`);
      const by = opts.by as UsageGroup;
      const report = usageReport(await app.ctx(), by);
      const row = (r: UsageTotals) => [
        r.key,
        String(r.calls),
        String(r.input),
        String(r.output),
        String(r.cacheRead),
        String(r.cacheWrite),
        usd(r.costUsd),
        String(r.unpriced),
      ];
      app
        .out()
        .result(report, () =>
          report.total.calls === 0
            ? "no calls recorded yet"
            : table(
                [by.toUpperCase(), "CALLS", "IN", "OUT", "CACHE READ", "CACHE WRITE", "COST", "UNPRICED"],
                [...report.rows.map(row), row(report.total)],
              ),
        );
    });
}
