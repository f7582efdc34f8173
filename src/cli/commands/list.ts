import type { Command } from "commander";
import { hostsFor, listAgents } from "../../core/agents.js";
import { observe } from "../../core/observe.js";
import { AGENT_STATES, toView, type AgentState } from "../../domain/agent.js";
import { UsageError } from "../../domain/errors.js";
import { collect, keyValues } from "../options.js";
import { age, paintState, table, type App } from "../output.js";
import { compareText } from "../../domain/sort.js";

export function register(program: Command, app: App): void {
  program
    .command("list")
    .alias("ls")
    .summary("list agents and their states")
    .description("List agents on every host with their current state, rebuilt from tmux and the host dirs.")
    .option("--state <states>", "only these states (comma-separated)")
    .option("--label <K=V>", "only agents with this label (repeatable)", collect)
    .option("--host <host>", "only agents on this host")
    .option("--provider <provider>", "only agents on this provider")
    .option("--type <type>", "only agents of this type")
    .action(async (opts) => {
      const ctx = await app.ctx();
      const out = app.out();
      const states = parseStates(opts.state);
      const labels = keyValues(opts.label ?? [], "--label");
      const agents = listAgents(ctx, hostsFor(ctx, { host: opts.host, provider: opts.provider })).filter(
        ({ record }) => (!opts.type || record.type === opts.type) && Object.entries(labels).every(([k, v]) => record.labels[k] === v),
      );
      const observed = await observe(ctx, agents);
      const rows = observed
        .filter((o) => !states || states.includes(o.decision.state))
        .sort((a, b) => compareText(a.record.createdAt, b.record.createdAt));
      out.result(
        rows.map((o) => toView(o.record, o.decision.state)),
        () =>
          rows.length === 0
            ? agents.length === 0 && !states && !opts.type && Object.keys(labels).length === 0 && !opts.host && !opts.provider
              ? "no agents yet; create one with `muster create NAME --type command -- CMD`"
              : "no agents match"
            : table(
                ["NAME", "TYPE", "STATE", "BRANCH", "AGE", ...(ctx.providers.size > 1 ? ["HOST"] : [])],
                rows.map((o) => [o.record.name, o.record.type, paintState(out, o.decision.state), o.record.branch ?? "-", age(o.record.createdAt)]),
              ),
      );
    });
}

export function parseStates(text: string | undefined): AgentState[] | null {
  if (!text) return null;
  const states = text.split(",").map((s) => s.trim());
  for (const state of states) {
    if (!(AGENT_STATES as readonly string[]).includes(state))
      throw new UsageError(`unknown state '${state}'`, { hint: `states: ${AGENT_STATES.join(", ")}` });
  }
  return states as AgentState[];
}
