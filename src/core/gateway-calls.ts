import { join } from "node:path";
import { parseCalls, summarizeUsage, type CallRecord, type UsageGroup, type UsageTotals } from "../domain/calls.js";
import { parseAddress } from "../domain/address.js";
import { NotFoundError } from "../domain/errors.js";
import type { Host } from "../ports/host.js";
import { allHosts, hostsFor } from "./agents.js";
import type { Context } from "./context.js";
import { compareText } from "../domain/sort.js";

interface CallSource {
  agent: string;
  host: Host;
  path: string;
}

/** calls.jsonl of one agent, live or destroyed (its calls stay readable after destroy) */
function callSources(ctx: Context, name?: string): CallSource[] {
  const address = name ? parseAddress(name) : {};
  const out: CallSource[] = [];
  for (const host of name ? hostsFor(ctx, address) : allHosts(ctx)) {
    for (const record of host.store.listRecords().records) {
      if (!address.name || record.name === address.name)
        out.push({ agent: record.name, host, path: join(host.store.agentDir(record.id), "calls.jsonl") });
    }
    for (const gone of host.store.listDestroyed()) {
      if (!address.name || gone.record.name === address.name) out.push({ agent: gone.record.name, host, path: join(gone.dir, "calls.jsonl") });
    }
  }
  if (address.name && out.length === 0)
    throw new NotFoundError(`no agent named '${address.name}', live or destroyed`, { hint: "run `muster list` to see agents" });
  return out;
}

function read(source: CallSource): CallRecord[] {
  return parseCalls(source.host.files.readText(source.path) ?? "");
}

/** One agent's calls, oldest first. */
export function readCalls(ctx: Context, name: string): CallRecord[] {
  return callSources(ctx, name)
    .flatMap(read)
    .sort((a, b) => compareText(a.startedAt, b.startedAt));
}

export function findCall(ctx: Context, name: string, id: string): CallRecord {
  const calls = readCalls(ctx, name);
  const call = calls.find((c) => c.id === id) ?? (id.length >= 6 ? calls.find((c) => c.id.endsWith(id)) : undefined);
  if (!call) throw new NotFoundError(`agent '${name}' has no call '${id}'`, { hint: `run \`muster calls ${name}\` to see its calls` });
  return call;
}

/** Emits the agent's calls, then each new one as the gateway records it, until the signal aborts. */
export async function followCalls(
  ctx: Context,
  name: string,
  emit: (call: CallRecord) => void,
  signal: AbortSignal,
  intervalMs = 250,
): Promise<void> {
  const seen = new Set<string>();
  for (;;) {
    for (const call of readCalls(ctx, name)) {
      if (seen.has(call.id)) continue;
      seen.add(call.id);
      emit(call);
    }
    if (signal.aborted) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Every recorded call on every host, summed by agent, model, provider or day. */
export function usageReport(ctx: Context, by: UsageGroup): { rows: UsageTotals[]; total: UsageTotals } {
  return summarizeUsage(callSources(ctx).flatMap(read), by);
}
