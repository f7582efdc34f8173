import { createHash } from "node:crypto";
import { join } from "node:path";
import type { WorkDirMode } from "../domain/agent.js";
import type { BranchSpec } from "../domain/branch.js";
import type { Host } from "../ports/host.js";
import type { Context } from "./context.js";

export interface WorkDirPlan {
  mode: WorkDirMode;
  workDir: string;
  /** the worktree root (differs from workDir when created from a subdirectory) */
  worktree?: string;
  sourceDir: string;
  sourceRepo: string | null;
  branch: string | null;
  createdBranch: boolean;
  baseCommit: string | null;
  includeDirty: boolean;
  spec: BranchSpec;
}

type Undo = () => Promise<void> | void;

/** Makes the work dir the plan describes; returns the steps that take it away again. */
export async function prepareWorkDir(ctx: Context, host: Host, plan: WorkDirPlan): Promise<Undo[]> {
  if (plan.mode === "in-place") return [];
  if (plan.mode === "copy") {
    ctx.progress(`copying ${plan.sourceDir}`);
    await host.files.copyTree(plan.sourceDir, plan.workDir);
    return [() => host.files.remove(plan.workDir)];
  }
  const repo = plan.sourceRepo as string;
  const worktree = plan.worktree as string;
  host.files.mkdirp(join(worktree, ".."));
  await withWorktreeLock(host, repo, () => host.git.worktreeAdd({ repo, path: worktree, base: plan.spec.base, newBranch: plan.spec.newBranch }));
  const undo: Undo[] = [
    () =>
      withWorktreeLock(host, repo, async () => {
        await host.git.worktreeRemove(repo, worktree);
        if (plan.createdBranch && plan.branch) await host.git.deleteBranch(repo, plan.branch);
      }),
  ];
  if (plan.includeDirty) await carryDirtyFiles(host, repo, worktree);
  await copyWorktreeIncludes(host, repo, worktree);
  return undo;
}

/**
 * `git worktree add` and `remove` read every other worktree's admin files and fail on one that a
 * concurrent add is still writing, so muster processes change one repo's worktrees one at a time.
 */
export async function withWorktreeLock<T>(host: Host, repo: string, step: () => Promise<T>): Promise<T> {
  const release = await host.store.lock(`repo-${createHash("sha256").update(repo).digest("hex").slice(0, 16)}`, "worktrees", 120_000);
  try {
    return await step();
  } finally {
    release();
  }
}

async function carryDirtyFiles(host: Host, repo: string, worktree: string): Promise<void> {
  const { changed, deleted } = await host.git.dirtyPaths(repo);
  for (const path of changed) {
    const from = join(repo, path);
    if (host.files.exists(from) && !host.files.isDirectory(from)) host.files.copyFile(from, join(worktree, path));
  }
  for (const path of deleted) host.files.remove(join(worktree, path));
}

/** Copies the gitignored files a committed `.worktreeinclude` lists (such as `.env`). */
async function copyWorktreeIncludes(host: Host, repo: string, worktree: string): Promise<void> {
  const text = host.files.readText(join(repo, ".worktreeinclude"));
  if (text === null) return;
  const patterns = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  for (const path of await host.git.ignoredMatching(repo, patterns)) {
    host.files.copyFile(join(repo, path), join(worktree, path));
  }
}
