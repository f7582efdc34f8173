import type { AgentEvent } from "../domain/agent.js";
import { NotFoundError } from "../domain/errors.js";
import { parseAddress } from "../domain/address.js";
import { hostsFor, listAgents, type Located } from "./agents.js";
import type { Context } from "./context.js";
import { observe } from "./observe.js";
import { compareText } from "../domain/sort.js";

interface Source {
  read: () => AgentEvent[];
}

/** Events of one agent (live or destroyed), or of every agent on every host, oldest first. */
export function readEvents(ctx: Context, name?: string): AgentEvent[] {
  return sources(ctx, name)
    .flatMap((s) => s.read())
    .sort((a, b) => compareText(a.ts, b.ts));
}

function sources(ctx: Context, name?: string): Source[] {
  const address = name ? parseAddress(name) : {};
  const hosts = hostsFor(ctx, address);
  const out: Source[] = [];
  for (const host of hosts) {
    for (const { record } of listAgents(ctx, [host])) {
      if (!address.name || record.name === address.name) out.push({ read: () => host.store.readEvents(record.id) });
    }
    for (const gone of host.store.listDestroyed()) {
      if (!address.name || gone.record.name === address.name) out.push({ read: () => host.store.readEvents(gone.record.id, gone.dir) });
    }
  }
  if (address.name && out.length === 0)
    throw new NotFoundError(`no agent named '${address.name}', live or destroyed`, { hint: "run `muster list` to see agents" });
  return out;
}

/**
 * Prints events as they are appended. Each tick also observes the agents, so state changes are
 * recorded even when no other muster process is looking.
 */
export async function followEvents(
  ctx: Context,
  name: string | undefined,
  emit: (e: AgentEvent) => void,
  signal: AbortSignal,
  intervalMs = 250,
): Promise<void> {
  const seen = new Set<string>();
  const key = (e: AgentEvent) => `${e.id}|${e.ts}|${e.type}|${JSON.stringify(e.data)}`;
  for (const e of readEvents(ctx, name)) {
    seen.add(key(e));
    emit(e);
  }
  while (!signal.aborted) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    const agents: Located[] = listAgents(ctx).filter((a) => !name || a.record.name === parseAddress(name).name);
    await observe(ctx, agents).catch(() => undefined);
    for (const e of readEvents(ctx, name)) {
      if (seen.has(key(e))) continue;
      seen.add(key(e));
      emit(e);
    }
  }
}
