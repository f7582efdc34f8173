import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const MUSTER = inject("musterBin");
let base: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), "mu-"));
  const repo = join(base, "repo");
  mkdirSync(repo);
  writeFileSync(join(repo, "a.txt"), "a\n");
  const gitEnv = {
    ...process.env,
    GIT_AUTHOR_NAME: "t",
    GIT_AUTHOR_EMAIL: "t@e.invalid",
    GIT_COMMITTER_NAME: "t",
    GIT_COMMITTER_EMAIL: "t@e.invalid",
  };
  execFileSync("git", ["init", "-q"], { cwd: repo });
  execFileSync("git", ["add", "."], { cwd: repo, env: gitEnv });
  execFileSync("git", ["commit", "-q", "-m", "init"], { cwd: repo, env: gitEnv });
  // a PATH with node, git and tmux but no agent CLI
  const bin = join(base, "bin");
  mkdirSync(bin);
  for (const program of ["node", "git", "tmux", "sh"]) {
    const path = execFileSync("sh", ["-c", `command -v ${program}`], { encoding: "utf8" }).trim();
    execFileSync("ln", ["-s", path, join(bin, program)]);
  }
  env = { PATH: bin, HOME: base, TMUX_TMPDIR: base, MUSTER_HOST_DIR: join(base, "host") };
});

afterAll(() => {
  // this file's own tmux server (TMUX_TMPDIR is under base), then its files
  spawnSync("tmux", ["kill-server"], { env: { ...env, TMUX: undefined }, stdio: "ignore" });
  rmSync(base, { recursive: true, force: true });
});

const muster = (...args: string[]) => spawnSync("node", [MUSTER, ...args], { cwd: join(base, "repo"), env, encoding: "utf8" });

describe("an agent type whose CLI is not installed", () => {
  it.each([
    ["claude", "npm install -g @anthropic-ai/claude-code"],
    ["codex", "npm install -g @openai/codex"],
    ["opencode", "npm install -g opencode-ai"],
    ["pi", "npm install -g @mariozechner/pi-coding-agent"],
  ])("create %s says how to install it and leaves nothing behind", (type, install) => {
    const r = muster("create", `nope-${type}`, type, "--no-connect", "--no-gateway");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`needs '${type}'`);
    expect(r.stderr).toContain(install);
    expect(JSON.parse(muster("list", "--format", "json").stdout)).toEqual([]);
    const again = muster("create", `ok-${type}`, "command", "--no-connect", "--no-gateway", "--", "sleep", "30");
    expect(again.status, again.stderr).toBe(0);
    expect(muster("destroy", `ok-${type}`, "--force").status).toBe(0);
  });
});
