import { copyFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { ConflictError, NotFoundError, UsageError } from "../domain/errors.js";
import type { Git, WorktreeAddSpec } from "../ports/git.js";
import type { Runner } from "../ports/runner.js";

const ARCHIVE_IDENTITY = {
  GIT_AUTHOR_NAME: "muster",
  GIT_AUTHOR_EMAIL: "muster@localhost",
  GIT_COMMITTER_NAME: "muster",
  GIT_COMMITTER_EMAIL: "muster@localhost",
};

export class GitClient implements Git {
  constructor(private readonly runner: Runner) {}

  async version(): Promise<string | null> {
    const result = await this.runner.run(["git", "--version"], { nothrow: true }).catch(() => null);
    return result?.code === 0 ? result.stdout.trim().replace(/^git version\s+/, "") : null;
  }

  async repoRoot(dir: string): Promise<string | null> {
    const result = await this.git(dir, ["rev-parse", "--show-toplevel"], true);
    return result.code === 0 ? result.stdout.trim() : null;
  }

  async repoInfo(dir: string): Promise<{ root: string; head: string | null } | null> {
    const result = await this.git(dir, ["rev-parse", "--show-toplevel", "HEAD"], true);
    const [root, head] = result.stdout.split("\n");
    if (!root || root.startsWith("HEAD") || /not a git repository/.test(result.stderr)) return null;
    return { root, head: result.code === 0 && head && /^[0-9a-f]{40,64}$/.test(head) ? head : null };
  }

  async status(dir: string): Promise<string[]> {
    const result = await this.git(dir, ["status", "--porcelain"]);
    return result.stdout.split("\n").filter(Boolean);
  }

  async head(dir: string): Promise<string | null> {
    const result = await this.git(dir, ["rev-parse", "--verify", "-q", "HEAD"], true);
    return result.code === 0 ? result.stdout.trim() : null;
  }

  async currentBranch(dir: string): Promise<string | null> {
    const result = await this.git(dir, ["symbolic-ref", "--short", "-q", "HEAD"], true);
    return result.code === 0 ? result.stdout.trim() : null;
  }

  async branchExists(repo: string, branch: string): Promise<boolean> {
    const result = await this.git(repo, ["show-ref", "--verify", "--quiet", `refs/heads/${branch}`], true);
    return result.code === 0;
  }

  async worktreeAdd(spec: WorktreeAddSpec): Promise<void> {
    const branchArgs = spec.newBranch ? ["-b", spec.newBranch] : [];
    const result = await this.git(spec.repo, ["worktree", "add", "--quiet", ...branchArgs, spec.path, ...(spec.base ? [spec.base] : [])], true);
    if (result.code === 0) return;
    const stderr = result.stderr.trim();
    if (/already checked out|is already used by worktree/.test(stderr)) {
      throw new ConflictError(`branch ${spec.base} is already checked out in another work tree`, {
        hint: "start a new branch from it with --branch BASE: (note the colon), or use --in-place",
      });
    }
    if (/already exists/.test(stderr) && spec.newBranch) {
      throw new ConflictError(`branch ${spec.newBranch} already exists`, { hint: "pick another name, or another branch with --branch :NEW" });
    }
    if (/invalid reference|not a valid object name/.test(stderr)) {
      throw new NotFoundError(`no such branch or commit: ${spec.base}`, { hint: "check `git branch -a` in the source repo" });
    }
    throw new Error(`git worktree add failed: ${stderr}`);
  }

  async worktreeRemove(repo: string, path: string): Promise<void> {
    const result = await this.git(repo, ["worktree", "remove", "--force", "--force", path], true);
    if (result.code !== 0) rmSync(path, { recursive: true, force: true });
    await this.git(repo, ["worktree", "prune"], true);
  }

  async deleteBranch(repo: string, branch: string): Promise<void> {
    await this.git(repo, ["branch", "-D", "--quiet", branch], true);
  }

  async snapshot(dir: string, message: string, extraPaths: readonly string[]): Promise<string> {
    const head = await this.head(dir);
    const realIndex = (await this.git(dir, ["rev-parse", "--path-format=absolute", "--git-path", "index"])).stdout.trim();
    const tmpIndex = join(tmpdir(), `muster-index-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
    // Start from a copy of the real index so git can trust its stat cache instead of rehashing every file.
    try {
      copyFileSync(realIndex, tmpIndex);
    } catch {
      // no index yet (fresh repo): git add builds one from scratch
    }
    try {
      const env = { GIT_INDEX_FILE: tmpIndex, ...ARCHIVE_IDENTITY };
      await this.git(dir, ["add", "-A", "--", "."], false, env);
      if (extraPaths.length > 0) await this.git(dir, ["add", "-f", "--", ...extraPaths], true, env);
      const tree = (await this.git(dir, ["write-tree"], false, env)).stdout.trim();
      const parents = head ? ["-p", head] : [];
      const commit = await this.git(dir, ["commit-tree", tree, ...parents, "-m", message], false, env);
      return commit.stdout.trim();
    } finally {
      rmSync(tmpIndex, { force: true });
    }
  }

  async updateRef(repo: string, ref: string, commit: string): Promise<void> {
    await this.git(repo, ["update-ref", ref, commit]);
  }

  async isContainedInOtherBranch(repo: string, commit: string, except: string | null): Promise<boolean> {
    const result = await this.git(repo, ["for-each-ref", "--contains", commit, "--format=%(refname)", "refs/heads/"]);
    return result.stdout.split("\n").some((ref) => ref !== "" && ref !== `refs/heads/${except}`);
  }

  async listRefs(repo: string, prefix: string) {
    const format = "%(refname)%09%(objectname)%09%(creatordate:iso-strict)%09%(subject)";
    const result = await this.git(repo, ["for-each-ref", "--sort=-creatordate", `--format=${format}`, prefix]);
    return result.stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [ref = "", commit = "", date = "", ...subject] = line.split("\t");
        return { ref, commit, date, subject: subject.join("\t") };
      });
  }

  async createBranch(repo: string, branch: string, commit: string): Promise<void> {
    const result = await this.git(repo, ["branch", branch, commit], true);
    if (result.code === 0) return;
    if (/already exists/.test(result.stderr)) throw new ConflictError(`branch ${branch} already exists`, { hint: "give another branch name" });
    if (/not a valid branch name/.test(result.stderr)) throw new UsageError(`'${branch}' is not a valid branch name`);
    throw new Error(`git branch failed: ${result.stderr.trim()}`);
  }

  async ignoredMatching(repo: string, patterns: readonly string[]): Promise<string[]> {
    if (patterns.length === 0) return [];
    const excludes = patterns.flatMap((p) => ["-x", p]);
    const result = await this.git(repo, ["ls-files", "--others", "--ignored", ...excludes, "-z"], true);
    return result.stdout.split("\0").filter(Boolean);
  }

  async dirtyPaths(dir: string): Promise<{ changed: string[]; deleted: string[] }> {
    const result = await this.git(dir, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames"]);
    const changed: string[] = [];
    const deleted: string[] = [];
    for (const entry of result.stdout.split("\0").filter(Boolean)) {
      const code = entry.slice(0, 2);
      const path = entry.slice(3);
      if (code.includes("D")) deleted.push(path);
      else changed.push(path);
    }
    return { changed, deleted };
  }

  async commitExists(repo: string, rev: string): Promise<boolean> {
    const result = await this.git(repo, ["rev-parse", "--verify", "--quiet", `${rev}^{commit}`], true);
    return result.code === 0;
  }

  private git(dir: string, args: string[], nothrow = false, env?: Record<string, string>) {
    if (!isAbsolute(dir)) throw new Error(`git needs an absolute directory, got ${dir}`);
    return this.runner.run(["git", "-C", dir, ...args], { nothrow, env, timeoutMs: 120_000 });
  }
}
