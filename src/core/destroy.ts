import { join } from "node:path";
import type { AgentRecord } from "../domain/agent.js";
import { AppError } from "../domain/errors.js";
import type { Host } from "../ports/host.js";
import type { Located } from "./agents.js";
import type { Context } from "./context.js";
import { revokeTokens } from "./gateway.js";
import { stopLocked, withLifecycleLock } from "./lifecycle.js";
import { appendEvent, observe } from "./observe.js";
import { withWorktreeLock } from "./workdir.js";

export const ARCHIVE_PREFIX = "refs/muster/archive/";
const ALIVE_STATES = new Set(["starting", "running", "working", "waiting", "blocked", "replaced"]);

export interface Destroyed {
  name: string;
  archive: string | null;
}

/** Whether destroying needs the user's go-ahead: the agent is still alive. */
export async function isAlive(ctx: Context, agent: Located): Promise<boolean> {
  const [observed] = await observe(ctx, [agent]);
  return observed !== undefined && ALIVE_STATES.has(observed.decision.state);
}

/** Stops the agent, archives every bit of work that exists nowhere else, then removes it. */
export function destroyAgent(ctx: Context, agent: Located): Promise<Destroyed> {
  return withLifecycleLock(agent, () => destroyLocked(ctx, agent));
}

async function destroyLocked(ctx: Context, agent: Located): Promise<Destroyed> {
  const { host, record } = agent;
  await stopLocked(ctx, agent);
  const archive = await archiveWork(host, record);
  if (archive) appendEvent(host, record, "archived", { ref: archive });
  await removeWorkDir(host, record);
  appendEvent(host, record, "destroyed", { archive });
  await revokeTokens(host, record.id);
  const releaseState = await host.store.lock(record.id, "state", 10_000); // no observer writes into a record being moved
  try {
    host.store.retireRecord(record.id);
  } finally {
    releaseState();
  }
  host.store.releaseName(record.name, record.id);
  return { name: record.name, archive };
}

async function archiveWork(host: Host, record: AgentRecord): Promise<string | null> {
  if (record.workDirMode === "in-place" || !host.files.isDirectory(record.workDir)) return null;
  const stamp = timestamp();
  if (record.workDirMode === "copy") {
    const to = join(host.store.hostDir, "archive", record.name, stamp);
    host.files.move(record.workDir, to);
    return to;
  }
  const repo = record.sourceRepo as string;
  const dirty = await host.git.status(record.workDir);
  const head = await host.git.head(record.workDir);
  const unmerged = head !== null && !(await host.git.isContainedInOtherBranch(repo, head, record.createdBranch ? record.branch : null));
  if (dirty.length === 0 && !unmerged) return null;
  const message = `muster archive of ${record.name}\n\nbranch: ${record.branch ?? "(detached)"}\nwork dir: ${record.workDir}\nuncommitted paths: ${dirty.length}`;
  const commit = await host.git.snapshot(record.workDir, message, []);
  const ref = `${ARCHIVE_PREFIX}${record.name}/${stamp}`;
  await host.git.updateRef(repo, ref, commit);
  return ref;
}

async function removeWorkDir(host: Host, record: AgentRecord): Promise<void> {
  if (record.workDirMode === "in-place") return;
  if (record.workDirMode === "copy") {
    host.files.remove(record.workDir);
    return;
  }
  const repo = record.sourceRepo as string;
  const root = (await host.git.repoRoot(record.workDir)) ?? record.workDir;
  await withWorktreeLock(host, repo, async () => {
    await host.git.worktreeRemove(repo, root);
    if (record.createdBranch && record.branch) await host.git.deleteBranch(repo, record.branch);
  });
  if (host.files.exists(root)) throw new AppError(`could not remove ${root}`, { hint: "remove it by hand; the work is archived" });
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, "").replace(".", "");
}
