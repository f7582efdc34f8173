import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sandbox, type Sandbox } from "../fixtures/sandbox.js";

interface ArchiveJson {
  kind: string;
  agent: string;
  ref: string;
  date: string;
  commit: string | null;
  repo: string | null;
}

/** An agent whose work tree has a new commit, a modified tracked file, a staged new file and an untracked file. */
async function agentWithDirtyWork(s: Sandbox, name: string): Promise<Record<string, string>> {
  await s.ok(["create", name, "--", "sleep", "600"]);
  const wt = s.worktree(name);
  s.write(`${wt}/committed.txt`, "committed on the agent's branch\n");
  s.git(["add", "committed.txt"], wt);
  s.git(["commit", "-q", "-m", "agent work"], wt);
  s.write(`${wt}/src/app.txt`, "line one\nline two, edited but not committed\n");
  s.write(`${wt}/staged.txt`, "staged only\n");
  s.git(["add", "staged.txt"], wt);
  s.write(`${wt}/notes/untracked.md`, "untracked notes ✓\n");
  return {
    "README.md": "# scratch repo\n",
    "committed.txt": "committed on the agent's branch\n",
    "src/app.txt": "line one\nline two, edited but not committed\n",
    "staged.txt": "staged only\n",
    "notes/untracked.md": "untracked notes ✓\n",
  };
}

describe("destroy archives work and archive restore brings it back", () => {
  it("restores every file as a branch, and as a new work tree", async () => {
    const s = await sandbox();
    const files = await agentWithDirtyWork(s, "worker");
    const wt = s.worktree("worker");

    const destroyed = JSON.parse(await s.ok(["destroy", "worker", "--force", "--format", "json"])) as Array<{ name: string; archive: string }>;
    expect(destroyed).toEqual([{ name: "worker", archive: expect.stringMatching(/^refs\/muster\/archive\/worker\/\d{8}T\d+Z$/) }]);
    const ref = destroyed[0]?.archive as string;
    expect(existsSync(wt)).toBe(false);
    expect(s.git(["branch", "--list", "muster/worker"])).toBe("");
    expect(s.sessions()).toEqual([]);
    expect(await s.list()).toEqual([]);
    // the source tree is untouched
    expect(s.git(["status", "--porcelain"])).toBe("");

    const archives = JSON.parse(await s.ok(["archive", "list", "--format", "json"])) as ArchiveJson[];
    expect(archives).toEqual([{ kind: "git", agent: "worker", ref, date: expect.any(String), commit: s.git(["rev-parse", ref]), repo: s.repo }]);
    expect(await s.ok(["archive", "list"])).toMatch(new RegExp(`^worker\\s+\\S+\\s+git\\s+${ref}$`, "m"));

    // as a branch
    const restored = JSON.parse(await s.ok(["archive", "restore", "worker", "--format", "json"])) as { branch: string; path: string | null };
    expect(restored).toMatchObject({ branch: "muster/worker", path: null });
    for (const [path, content] of Object.entries(files)) expect(s.git(["show", `muster/worker:${path}`])).toBe(content.trimEnd());
    expect(s.git(["log", "--format=%s", "muster/worker"]).split("\n")).toContain("agent work");

    // as a new work tree, from the full ref, on a branch of its own
    const where = s.path("restored");
    const second = JSON.parse(await s.ok(["archive", "restore", ref, "--worktree", where, "--format", "json"])) as { branch: string; path: string };
    expect(second.path).toBe(where);
    expect(second.branch).not.toBe("muster/worker");
    expect(s.git(["rev-parse", "--abbrev-ref", "HEAD"], where)).toBe(second.branch);
    for (const [path, content] of Object.entries(files)) expect(readFileSync(`${where}/${path}`, "utf8")).toBe(content);

    // an explicit branch name
    await s.ok(["archive", "restore", "worker", "picked-name"]);
    expect(s.git(["rev-parse", "picked-name"])).toBe(s.git(["rev-parse", ref]));
  });

  it("keeps nothing when there is nothing to lose", async () => {
    const s = await sandbox();
    await s.ok(["create", "idle", "--", "sleep", "600"]);
    const destroyed = JSON.parse(await s.ok(["destroy", "idle", "--force", "--format", "json"])) as Array<{ archive: string | null }>;
    expect(destroyed[0]?.archive).toBeNull();
    expect(JSON.parse(await s.ok(["archive", "list", "--format", "json"]))).toEqual([]);
  });

  it("archives a copied (non-git) work dir and restores it as a directory", async () => {
    const s = await sandbox();
    const plain = s.path("plain");
    s.write(`${plain}/data.txt`, "original\n");
    await s.ok(["create", "copied", "--from", plain, "--", "sleep", "600"]);
    s.write(`${s.worktree("copied")}/data.txt`, "changed by the agent\n");
    s.write(`${s.worktree("copied")}/new.txt`, "new\n");
    await s.ok(["destroy", "copied", "--force"]);
    expect(existsSync(s.worktree("copied"))).toBe(false);

    const archives = JSON.parse(await s.ok(["archive", "list", "--format", "json"])) as ArchiveJson[];
    expect(archives).toMatchObject([{ kind: "copy", agent: "copied" }]);
    const where = s.path("back");
    await s.ok(["archive", "restore", "copied", "--worktree", where]);
    expect(readFileSync(`${where}/data.txt`, "utf8")).toBe("changed by the agent\n");
    expect(readFileSync(`${where}/new.txt`, "utf8")).toBe("new\n");
  });

  it("refuses to destroy a running agent without a terminal unless --force, changing nothing", async () => {
    const s = await sandbox();
    await agentWithDirtyWork(s, "busy");
    await s.list(); // records the observed state, which is not a change
    const before = s.state();
    for (const input of [undefined, "y\n"]) {
      const refused = await s.muster(["destroy", "busy"], { input });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^error: 'busy' is running/m);
      expect(refused.stderr).toMatch(/^hint: .*--force/m);
      expect(s.state()).toEqual(before);
    }
    expect((await s.list())[0]).toMatchObject({ name: "busy", state: "running" });

    expect((await s.muster(["destroy", "busy", "--force"])).code).toBe(0);
    expect(await s.list()).toEqual([]);
    expect(s.sessions()).toEqual([]);
  });

  it("destroys a stopped agent without --force", async () => {
    const s = await sandbox();
    await s.ok(["create", "resting", "--", "sleep", "600"]);
    await s.ok(["stop", "resting"]);
    expect((await s.muster(["destroy", "resting"])).code).toBe(0);
    expect(await s.list()).toEqual([]);
  });
});
