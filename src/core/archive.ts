import { basename, join, resolve } from "node:path";
import { ConflictError, NotFoundError } from "../domain/errors.js";
import { ARCHIVE_PREFIX } from "./destroy.js";
import { localHost, type Context } from "./context.js";
import { withWorktreeLock } from "./workdir.js";
import { compareText } from "../domain/sort.js";

export interface ArchiveEntry {
  kind: "git" | "copy";
  agent: string;
  ref: string;
  date: string;
  commit: string | null;
  repo: string | null;
}

/** Archived work: refs under refs/muster/archive/ in the repo, and copies of non-git work dirs. */
export async function listArchives(ctx: Context, repoDir?: string): Promise<ArchiveEntry[]> {
  const host = localHost(ctx);
  const repo = await host.git.repoRoot(resolve(ctx.cwd, repoDir ?? "."));
  if (repoDir !== undefined && repo === null) throw new NotFoundError(`${repoDir} is not in a git repository`);
  const refs = repo ? await host.git.listRefs(repo, ARCHIVE_PREFIX) : [];
  const gitEntries: ArchiveEntry[] = refs.map((r) => ({
    kind: "git",
    agent: r.ref.slice(ARCHIVE_PREFIX.length).split("/")[0] ?? "",
    ref: r.ref,
    date: new Date(r.date).toISOString(),
    commit: r.commit,
    repo,
  }));
  const copyEntries: ArchiveEntry[] = [];
  const root = join(host.store.hostDir, "archive");
  for (const agent of listDir(host, root)) {
    for (const stamp of listDir(host, join(root, agent))) {
      copyEntries.push({ kind: "copy", agent, ref: join(root, agent, stamp), date: stampToIso(stamp), commit: null, repo: null });
    }
  }
  return [...gitEntries, ...copyEntries];
}

/**
 * Brings archived work back: a git archive as a branch (and optionally a worktree), a copy archive
 * as a directory. REF may be a full ref, `NAME/STAMP`, or just `NAME` for its newest archive.
 */
export async function restoreArchive(
  ctx: Context,
  refText: string,
  opts: { branch?: string; worktree?: string; repo?: string },
): Promise<{ kind: string; ref: string; branch: string | null; path: string | null }> {
  const host = localHost(ctx);
  const entries = await listArchives(ctx, opts.repo);
  const entry = pick(entries, refText);
  if (entry.kind === "copy") {
    const to = resolve(ctx.cwd, opts.worktree ?? `${entry.agent}-restored`);
    if (host.files.exists(to)) throw new ConflictError(`${to} already exists`, { hint: "choose another place with --worktree PATH" });
    await host.files.copyTree(entry.ref, to);
    return { kind: "copy", ref: entry.ref, branch: null, path: to };
  }
  const repo = entry.repo as string;
  const branch = opts.branch ?? (await freeBranchName(ctx, repo, `muster/${entry.agent}`));
  await host.git.createBranch(repo, branch, entry.commit as string);
  if (opts.worktree === undefined) return { kind: "git", ref: entry.ref, branch, path: null };
  const path = resolve(ctx.cwd, opts.worktree);
  if (host.files.exists(path)) throw new ConflictError(`${path} already exists`, { hint: "choose another place with --worktree PATH" });
  await withWorktreeLock(host, repo, () => host.git.worktreeAdd({ repo, path, base: branch }));
  return { kind: "git", ref: entry.ref, branch, path };
}

function pick(entries: ArchiveEntry[], refText: string): ArchiveEntry {
  const exact = entries.find(
    (e) => e.ref === refText || e.ref === `${ARCHIVE_PREFIX}${refText}` || (e.kind === "copy" && e.ref.endsWith(`/${refText}`)),
  );
  if (exact) return exact;
  const byAgent = entries.filter((e) => e.agent === refText).sort((a, b) => compareText(b.date, a.date));
  if (byAgent[0]) return byAgent[0];
  if (entries.length === 0)
    throw new NotFoundError("there are no archives here", { hint: "archives live in the source repo; run this inside it, or pass --repo PATH" });
  throw new NotFoundError(`no archive matches '${refText}'`, { hint: "run `muster archive list` to see archives" });
}

async function freeBranchName(ctx: Context, repo: string, wanted: string): Promise<string> {
  const host = localHost(ctx);
  if (!(await host.git.branchExists(repo, wanted))) return wanted;
  for (let n = 2; ; n++) {
    const candidate = `${wanted}-restored-${n}`;
    if (!(await host.git.branchExists(repo, candidate))) return candidate;
  }
}

function listDir(host: ReturnType<typeof localHost>, dir: string): string[] {
  if (!host.files.isDirectory(dir)) return [];
  return host.files.list(dir);
}

function stampToIso(stamp: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})?Z$/.exec(basename(stamp));
  return m ? new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7] ?? "000"}Z`).toISOString() : stamp;
}
