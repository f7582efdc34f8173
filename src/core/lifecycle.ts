import { AppError, NotFoundError } from "../domain/errors.js";
import type { Located } from "./agents.js";
import { agentSession, type Context } from "./context.js";
import { ensureGateway } from "./gateway.js";
import { ensureWatcher } from "./watch.js";
import { agentContext, launchSession, writeLaunchFiles } from "./launch.js";
import { appendEvent, observe, recordTransition, typeOf } from "./observe.js";

const STOP_GRACE_MS = 3_000;
const LIFECYCLE_LOCK_MS = 120_000;

/**
 * Runs one lifecycle step (start, stop, destroy) holding the agent's lock, so concurrent muster
 * processes take turns; once it holds the lock, a step first checks that the agent still exists.
 */
export async function withLifecycleLock<T>(agent: Located, step: () => Promise<T>): Promise<T> {
  const { host, record } = agent;
  const release = await host.store.lock(record.id, "lifecycle", LIFECYCLE_LOCK_MS);
  try {
    if (!host.store.listRecords().records.some((r) => r.id === record.id)) {
      throw new NotFoundError(`no agent named '${record.name}'`, { hint: "run `muster list` to see agents" });
    }
    return await step();
  } finally {
    release();
  }
}

/** Ends the agent's session and every process in it; keeps the record and the work dir. */
export function stopAgent(ctx: Context, agent: Located): Promise<{ name: string; wasRunning: boolean }> {
  return withLifecycleLock(agent, () => stopLocked(ctx, agent));
}

/** stop, for a caller that already holds the lifecycle lock */
export async function stopLocked(ctx: Context, agent: Located): Promise<{ name: string; wasRunning: boolean }> {
  const { host, record } = agent;
  const [observed] = await observe(ctx, [agent]);
  if (!observed?.pane) return { name: record.name, wasRunning: false };
  const pids = observed.pane.paneDead ? [] : host.processes.tree(observed.pane.panePid);
  await host.tmux.killSession(agentSession(ctx, record));
  host.processes.kill(pids, "SIGTERM");
  const deadline = Date.now() + STOP_GRACE_MS;
  while (pids.some((pid) => host.processes.isAlive(pid)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  host.processes.kill(
    pids.filter((pid) => host.processes.isAlive(pid)),
    "SIGKILL",
  );
  appendEvent(host, record, "stopped", { pids });
  recordTransition(host, record, { state: "stopped", signal: "session", evidence: "stopped by muster" });
  return { name: record.name, wasRunning: true };
}

/** Relaunches a stopped (or exited) agent with its recorded command and environment. */
export function startAgent(ctx: Context, agent: Located): Promise<{ name: string; started: boolean }> {
  return withLifecycleLock(agent, () => startLocked(ctx, agent));
}

async function startLocked(ctx: Context, agent: Located): Promise<{ name: string; started: boolean }> {
  const { host, record } = agent;
  const [observed] = await observe(ctx, [agent]);
  if (observed?.pane && !observed.pane.paneDead) return { name: record.name, started: false };
  if (!host.files.isDirectory(record.workDir)) {
    throw new AppError(`the work dir of '${record.name}' is gone: ${record.workDir}`, { hint: "destroy the agent and create it again" });
  }
  if (observed?.pane) await host.tmux.killSession(agentSession(ctx, record));
  if (host.store.readEnv(record.id).MUSTER_GATEWAY_URL) await ensureGateway(ctx, host);
  const resume = typeOf(ctx, record).relaunch?.(agentContext(host, record)) ?? null;
  if (resume) writeLaunchFiles(host, resume);
  const command = resume?.argv ?? record.command;
  await launchSession(ctx, host, record, command);
  appendEvent(host, record, "started", { command, resumed: resume !== null });
  ensureWatcher(ctx, host);
  return { name: record.name, started: true };
}
