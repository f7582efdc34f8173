export interface WorktreeAddSpec {
  repo: string;
  path: string;
  /** commit-ish to start from; the current HEAD when absent */
  base?: string;
  /** create this branch; check out `base` directly when absent */
  newBranch?: string;
}

export interface Git {
  version(): Promise<string | null>;
  /** the top of the work tree containing `dir`, or null when it is not in a git repo */
  repoRoot(dir: string): Promise<string | null>;
  /** the work tree top and HEAD commit (null before the first commit) in one call; null outside a repo */
  repoInfo(dir: string): Promise<{ root: string; head: string | null } | null>;
  /** porcelain status lines (tracked changes and untracked files) */
  status(dir: string): Promise<string[]>;
  head(dir: string): Promise<string | null>;
  currentBranch(dir: string): Promise<string | null>;
  branchExists(repo: string, branch: string): Promise<boolean>;
  worktreeAdd(spec: WorktreeAddSpec): Promise<void>;
  worktreeRemove(repo: string, path: string): Promise<void>;
  deleteBranch(repo: string, branch: string): Promise<void>;
  /**
   * Records the whole work tree (tracked changes, untracked files and the extra paths given, even
   * if ignored) as a commit whose parent is HEAD, without touching the index or the files.
   */
  snapshot(dir: string, message: string, extraPaths: readonly string[]): Promise<string>;
  updateRef(repo: string, ref: string, commit: string): Promise<void>;
  /** whether any local branch other than `except` contains `commit` */
  isContainedInOtherBranch(repo: string, commit: string, except: string | null): Promise<boolean>;
  listRefs(repo: string, prefix: string): Promise<Array<{ ref: string; commit: string; date: string; subject: string }>>;
  createBranch(repo: string, branch: string, commit: string): Promise<void>;
  /** lists paths (relative to the repo root) matched by patterns in a committed .worktreeinclude */
  ignoredMatching(repo: string, patterns: readonly string[]): Promise<string[]>;
  /** changed and untracked paths relative to the root, for carrying a dirty tree into a new worktree */
  dirtyPaths(dir: string): Promise<{ changed: string[]; deleted: string[] }>;
  commitExists(repo: string, rev: string): Promise<boolean>;
}
