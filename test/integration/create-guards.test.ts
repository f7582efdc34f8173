import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sandbox } from "../fixtures/sandbox.js";

describe("create refuses what it should not do, and keeps nothing when it fails", () => {
  it("a first message that cannot be delivered removes the agent again", async () => {
    const s = await sandbox();
    const tooBig = s.path("big-message.txt");
    writeFileSync(tooBig, "x".repeat(1024 * 1024 + 1));
    const result = await s.muster(["create", "gone", "--message-file", tooBig, "--", "sleep", "600"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: the message is 1048577 bytes/m);
    expect(existsSync(s.worktree("gone"))).toBe(false);
    expect(s.git(["branch", "--list", "muster/gone"])).toBe("");
    expect(await s.list()).toEqual([]);
    expect(s.sessions()).toEqual([]);
  });

  it("a failing setup command shows its output", async () => {
    const s = await sandbox();
    s.write(".muster.toml", '[create]\nsetup = "echo the-setup-said-no >&2; exit 3"\n');
    s.git(["add", ".muster.toml"]);
    s.git(["commit", "-q", "-m", "setup"]);
    const result = await s.muster(["create", "nosetup", "--", "sleep", "600"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the-setup-said-no");
    expect(await s.list()).toEqual([]);
  });

  it("will not copy the home directory or a directory holding the host dir", async () => {
    const s = await sandbox();
    const home = await s.muster(["create", "homecopy", "--from", s.home, "--", "sleep", "600"]);
    expect(home.code).toBe(2);
    expect(home.stderr).toMatch(/^hint: .*--in-place/m);
    const parent = await s.muster(["create", "rootcopy", "--from", join(s.hostDir, ".."), "--", "sleep", "600"]);
    expect(parent.code).toBe(2);
    expect(await s.list()).toEqual([]);
  });

  it("will not copy a non-git directory with more than 20,000 entries", async () => {
    const s = await sandbox();
    const big = s.path("big");
    for (let d = 0; d < 21; d++) {
      mkdirSync(join(big, `d${d}`), { recursive: true });
      for (let f = 0; f < 1000; f++) writeFileSync(join(big, `d${d}`, `f${f}`), "");
    }
    const result = await s.muster(["create", "bigcopy", "--from", big, "--", "sleep", "600"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/more than 20000 files/);
    expect(existsSync(s.worktree("bigcopy"))).toBe(false);
  });

  it("--branch naming a tag checks it out detached and records no branch", async () => {
    const s = await sandbox();
    s.git(["tag", "v1"]);
    await s.ok(["create", "tagged", "--branch", "v1", "--", "sleep", "600"]);
    const [agent] = await s.list();
    expect(agent?.branch).toBeNull();
    expect(s.git(["rev-parse", "--abbrev-ref", "HEAD"], s.worktree("tagged"))).toBe("HEAD");
  });

  it("create --format json reports the state it observed", async () => {
    const s = await sandbox();
    const created = JSON.parse(await s.ok(["create", "quick", "--format", "json", "--", "sleep", "600"]));
    expect(created).toMatchObject({ name: "quick", state: "running", type: "command" });
  });

  it("writes host.json with the host's id and name", async () => {
    const s = await sandbox();
    await s.ok(["create", "first", "--", "sleep", "600"]);
    const host = JSON.parse((await import("node:fs")).readFileSync(join(s.hostDir, "host.json"), "utf8"));
    expect(host.id).toMatch(/^host-[0-9a-f]{32}$/);
    expect(typeof host.name).toBe("string");
  });
});
