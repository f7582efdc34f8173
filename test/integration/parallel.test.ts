import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sandbox, type CliResult } from "../fixtures/sandbox.js";

describe("parallel create", () => {
  it.each([
    ["with names given", (i: number) => ["create", `p${i}`, "--", "sleep", "600"]],
    ["with generated names", () => ["create", "--", "sleep", "600"]],
  ])("10 creates started at once on one repo all succeed with distinct worktrees and branches (%s)", async (_, argsFor) => {
    const s = await sandbox();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => s.muster(argsFor(i))));
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });

    const names = results.map((r) => r.stdout.trim());
    expect(new Set(names).size).toBe(10);
    const agents = await s.list();
    expect(agents.map((a) => a.name).sort()).toEqual([...names].sort());
    expect(agents.every((a) => a.state === "running")).toBe(true);
    expect(new Set(agents.map((a) => a.workDir)).size).toBe(10);
    expect(new Set(agents.map((a) => a.id)).size).toBe(10);
    for (const a of agents) {
      expect(a.workDir).toBe(s.worktree(a.name));
      expect(a.branch).toBe(`muster/${a.name}`);
      expect(existsSync(`${a.workDir}/README.md`)).toBe(true);
      expect(s.git(["rev-parse", "--abbrev-ref", "HEAD"], a.workDir)).toBe(`muster/${a.name}`);
    }
    expect(s.git(["branch", "--list", "muster/*", "--format=%(refname:short)"]).split("\n").sort()).toEqual(names.map((n) => `muster/${n}`).sort());
    expect(s.git(["worktree", "list", "--porcelain"]).match(/^worktree /gm)).toHaveLength(11);
    expect(s.sessions()).toEqual(names.map((n) => `muster-${n}`).sort());
  });

  it("10 destroys at once leave nothing behind", async () => {
    const s = await sandbox();
    const names = Array.from({ length: 10 }, (_, i) => `d${i}`);
    await Promise.all(names.map((name) => s.ok(["create", name, "--", "sleep", "600"])));
    const results = await Promise.all(names.map((name) => s.muster(["destroy", name, "--force"])));
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });
    expect(await s.list()).toEqual([]);
    expect(s.sessions()).toEqual([]);
    expect(s.git(["branch", "--list", "muster/*"])).toBe("");
    expect(s.git(["worktree", "list", "--porcelain"]).match(/^worktree /gm)).toHaveLength(1);
  });

  it("concurrent starts of one stopped agent start it once", async () => {
    const s = await sandbox();
    await s.ok(["create", "once", "--", "sleep", "600"]);
    await s.ok(["stop", "once"]);
    const results = await Promise.all([1, 2, 3].map(() => s.muster(["start", "once"])));
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0, stderr: "" });
    expect(results.map((r) => r.stdout).sort()).toEqual(["once is already running\n", "once is already running\n", "started once\n"]);
    expect(s.sessions()).toEqual(["muster-once"]);
    const started = (await s.ok(["events", "once"])).split("\n").filter((line) => line.includes('"type":"started"'));
    expect(started).toHaveLength(2);
  });

  it("concurrent destroys of one agent destroy it once; the others find nothing", async () => {
    const s = await sandbox();
    await s.ok(["create", "doomed", "--", "sleep", "600"]);
    const results = await Promise.all([1, 2, 3].map(() => s.muster(["destroy", "doomed", "--force"])));
    expect(results.map((r) => r.code).sort()).toEqual([0, 3, 3]);
    for (const r of results.filter((r) => r.code === 3)) {
      expect(r.stderr).toMatch(/^error: no agent named 'doomed'/m);
      expect(r.stderr).toMatch(/^hint: /m);
    }
    expect(await s.list()).toEqual([]);
    expect(s.sessions()).toEqual([]);
    expect(s.git(["worktree", "list", "--porcelain"]).match(/^worktree /gm)).toHaveLength(1);
  });

  it("list keeps working while agents are being destroyed", async () => {
    const s = await sandbox();
    const names = Array.from({ length: 8 }, (_, i) => `gone-${i}`);
    await Promise.all(names.map((name) => s.ok(["create", name, "--", "sleep", "600"])));
    let destroying = true;
    const lists: CliResult[] = [];
    const listers = [1, 2, 3].map(async () => {
      while (destroying) lists.push(await s.muster(["list", "--format", "json"]));
    });
    try {
      for (const name of names) expect(await s.muster(["destroy", name, "--force"])).toMatchObject({ code: 0 });
    } finally {
      destroying = false;
      await Promise.all(listers);
    }
    expect(lists.length).toBeGreaterThan(names.length);
    for (const r of lists) expect(r, `${r.stderr}${r.stdout}`).toMatchObject({ code: 0, stderr: "" });
  });
});
