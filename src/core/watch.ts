import type { AgentState } from "../domain/agent.js";
import { ConflictError } from "../domain/errors.js";
import type { Host } from "../ports/host.js";
import type { Context } from "./context.js";
import { observe, type Observed } from "./observe.js";

/** The host-wide lock a watcher holds while it runs (one watcher per host). */
const LOCK: [string, string] = ["host", "watcher"];

export interface WatchOptions {
  intervalMs: number;
  /** return once no agent on the host has a live session */
  untilIdle: boolean;
  onChange?(observed: Observed, from: AgentState | null): void;
  /** resolves when the watch should end (Ctrl-C) */
  stopped?: Promise<void>;
}

/**
 * Observes every agent on the host each interval, so state changes land in events.jsonl while no
 * `list` or `wait` is looking. Agents of types this config does not know are left to the commands
 * that know them: judging them as plain commands would record wrong states.
 */
export async function watchHost(ctx: Context, host: Host, opts: WatchOptions): Promise<"idle" | "stopped"> {
  const release = host.store.tryLock(...LOCK);
  if (release === null) {
    throw new ConflictError(`a watcher already runs on this host (pid ${host.store.lockHolder(...LOCK) ?? "unknown"})`, {
      hint: "create and start keep one running; `muster events -f` shows what it records",
    });
  }
  let stop = false;
  void opts.stopped?.then(() => (stop = true));
  const known = new Set(ctx.types.names());
  const last = new Map<string, AgentState>();
  try {
    while (!stop) {
      const agents = host.store
        .listRecords()
        .records.filter((record) => known.has(record.type))
        .map((record) => ({ host, record }));
      const observed = await observe(ctx, agents);
      for (const o of observed) {
        const before = last.get(o.record.id) ?? null;
        if (before !== o.decision.state) opts.onChange?.(o, before);
        last.set(o.record.id, o.decision.state);
      }
      if (opts.untilIdle && !observed.some((o) => o.pane !== null && !o.pane.paneDead)) return "idle";
      await Promise.race([new Promise((resolve) => setTimeout(resolve, opts.intervalMs)), opts.stopped]);
    }
    return "stopped";
  } finally {
    release();
  }
}

/** Starts a background watcher when none runs; cheap when one does (a lock file and a signal 0). */
export function ensureWatcher(ctx: Context, host: Host): void {
  if (host.store.lockHolder(...LOCK) !== null) return;
  host.runner.spawnDetached(ctx.watchCommand, { cwd: ctx.cwd, logFile: `${host.store.hostDir}/watcher.log` });
}
