import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { poll, readOrNull, sandbox, type Sandbox } from "../fixtures/sandbox.js";

/** A command agent that records its work dir and environment, then idles. */
const recordAndIdle = (out: string) => ["sh", "-c", `{ pwd; env; } > ${out}.tmp && mv ${out}.tmp ${out}; exec sleep 600`];

async function nothingCreated(s: Sandbox, name: string): Promise<void> {
  expect(existsSync(s.worktree(name))).toBe(false);
  expect(s.git(["branch", "--list", `muster/${name}`])).toBe("");
  expect(s.git(["worktree", "list", "--porcelain"]).match(/^worktree /gm)).toHaveLength(1);
  expect(s.sessions()).toEqual([]);
  expect(await s.list()).toEqual([]);
}

describe("create options", () => {
  it("--branch BASE:NEW starts a new branch from BASE", async () => {
    const s = await sandbox();
    s.git(["checkout", "-q", "-b", "topic"]);
    s.write("topic.txt", "on topic\n");
    s.git(["add", "topic.txt"]);
    s.git(["commit", "-q", "-m", "topic work"]);
    const topicHead = s.git(["rev-parse", "topic"]);
    s.git(["checkout", "-q", "main"]);

    await s.ok(["create", "feat", "--branch", "topic:feature-x", "--", "sleep", "600"]);
    const wt = s.worktree("feat");
    expect(s.git(["rev-parse", "--abbrev-ref", "HEAD"], wt)).toBe("feature-x");
    expect(s.git(["rev-parse", "HEAD"], wt)).toBe(topicHead);
    expect(readFileSync(`${wt}/topic.txt`, "utf8")).toBe("on topic\n");
    expect((await s.list())[0]?.branch).toBe("feature-x");

    await s.ok(["destroy", "feat", "--force"]);
    expect(s.git(["branch", "--list", "feature-x"])).toBe("");
    expect(s.git(["rev-parse", "topic"])).toBe(topicHead);
  });

  it("--branch BASE without a colon checks BASE out and never deletes it", async () => {
    const s = await sandbox();
    s.git(["branch", "topic"]);
    await s.ok(["create", "on-topic", "--branch", "topic", "--", "sleep", "600"]);
    const wt = s.worktree("on-topic");
    expect(s.git(["rev-parse", "--abbrev-ref", "HEAD"], wt)).toBe("topic");
    expect(s.git(["branch", "--list", "muster/*"])).toBe("");
    expect((await s.list())[0]?.branch).toBe("topic");

    await s.ok(["destroy", "on-topic", "--force"]);
    expect(existsSync(wt)).toBe(false);
    expect(s.git(["branch", "--list", "topic"])).toContain("topic");
  });

  it("--branch with a branch checked out elsewhere is a conflict, and nothing is created", async () => {
    const s = await sandbox();
    const result = await s.muster(["create", "clash", "--branch", "main", "--", "sleep", "600"]);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^error: .*main.*checked out/m);
    expect(result.stderr).toMatch(/^hint: /m);
    await nothingCreated(s, "clash");
  });

  it("refuses a dirty source tree and changes nothing", async () => {
    const s = await sandbox();
    s.write("src/app.txt", "changed\n");
    const before = s.state();
    const result = await s.muster(["create", "dirty", "--", "sleep", "600"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: .*uncommitted/m);
    expect(result.stderr).toMatch(/^hint: .*--include-dirty/m);
    await nothingCreated(s, "dirty");
    expect(s.state()).toEqual({ ...before, hostFiles: expect.any(Object) });
    expect(Object.keys(s.state().hostFiles).filter((f) => !f.startsWith("names/") && f !== "host.json")).toEqual([]);
  });

  it("--include-dirty carries modified, new and deleted files over and leaves the source as it was", async () => {
    const s = await sandbox();
    s.write("src/app.txt", "changed in the source\n");
    s.write("notes/new.txt", "untracked\n");
    s.git(["rm", "-q", "README.md"]);
    const sourceStatus = s.git(["status", "--porcelain"]);

    await s.ok(["create", "carry", "--include-dirty", "--", "sleep", "600"]);
    const wt = s.worktree("carry");
    expect(readFileSync(`${wt}/src/app.txt`, "utf8")).toBe("changed in the source\n");
    expect(readFileSync(`${wt}/notes/new.txt`, "utf8")).toBe("untracked\n");
    expect(existsSync(`${wt}/README.md`)).toBe(false);
    expect(s.git(["rev-parse", "--abbrev-ref", "HEAD"], wt)).toBe("muster/carry");
    expect(s.git(["status", "--porcelain"])).toBe(sourceStatus);
  });

  it("copies gitignored files that a committed .worktreeinclude lists", async () => {
    const s = await sandbox();
    s.write(".gitignore", ".env\n*.local\nbuild/\n");
    s.write(".worktreeinclude", "# secrets the agent needs\n.env\nconfig/*.local\n");
    s.git(["add", ".gitignore", ".worktreeinclude"]);
    s.git(["commit", "-q", "-m", "ignore secrets"]);
    s.write(".env", "TOKEN=s3cret\n");
    s.write("config/db.local", "db=here\n");
    s.write("build/out.bin", "not listed\n");

    await s.ok(["create", "inc", "--", "sleep", "600"]);
    const wt = s.worktree("inc");
    expect(readFileSync(`${wt}/.env`, "utf8")).toBe("TOKEN=s3cret\n");
    expect(readFileSync(`${wt}/config/db.local`, "utf8")).toBe("db=here\n");
    expect(existsSync(`${wt}/build/out.bin`)).toBe(false);
  });

  it("runs the project setup command from .muster.toml in the work dir before the agent starts", async () => {
    const s = await sandbox();
    s.write(".muster.toml", '[create]\nsetup = "pwd > setup-ran.txt && echo \\"$MUSTER_AGENT_NAME\\" >> setup-ran.txt"\n');
    s.git(["add", ".muster.toml"]);
    s.git(["commit", "-q", "-m", "project setup"]);
    const out = s.path("out", "agent");

    await s.ok(["create", "setup-ok", "--", ...recordAndIdle(out)]);
    const wt = s.worktree("setup-ok");
    expect(readFileSync(`${wt}/setup-ran.txt`, "utf8")).toBe(`${wt}\nsetup-ok\n`);
    expect(existsSync(s.path("repo", "setup-ran.txt"))).toBe(false);
    await poll(() => readOrNull(out), 10_000, "the agent to start");
  });

  it("rolls everything back when the setup command fails", async () => {
    const s = await sandbox();
    s.write(".muster.toml", '[create]\nsetup = "echo setting up; echo broken >&2; exit 3"\n');
    s.git(["add", ".muster.toml"]);
    s.git(["commit", "-q", "-m", "broken setup"]);

    const result = await s.muster(["create", "setup-bad", "--", "sleep", "600"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: setup command failed \(exit 3\)/m);
    expect(result.stderr).toMatch(/^hint: /m);
    await nothingCreated(s, "setup-bad");
    expect(readOrNull(`${s.hostDir}/names/setup-bad`)).toBeNull();
    expect(Object.keys(s.state().hostFiles).filter((f) => f.startsWith("agents/"))).toEqual([]);

    // the name is free again once the setup is fixed
    s.write(".muster.toml", '[create]\nsetup = "true"\n');
    s.git(["commit", "-q", "-am", "fixed setup"]);
    await s.ok(["create", "setup-bad", "--", "sleep", "600"]);
    expect(s.sessions()).toEqual(["muster-setup-bad"]);
  });

  it("copies a source dir that is not a git repo", async () => {
    const s = await sandbox();
    const plain = s.path("plain");
    s.write(`${plain}/data.txt`, "plain data\n");
    s.write(`${plain}/sub/deep.txt`, "deep\n");
    const out = s.path("out", "agent");

    await s.ok(["create", "copied", "--from", plain, "--", ...recordAndIdle(out)]);
    const wt = s.worktree("copied");
    expect(readFileSync(`${wt}/data.txt`, "utf8")).toBe("plain data\n");
    expect(readFileSync(`${wt}/sub/deep.txt`, "utf8")).toBe("deep\n");
    expect(readFileSync(await poll(() => readOrNull(out) && out), "utf8").split("\n")[0]).toBe(wt);
    expect((await s.list())[0]).toMatchObject({ name: "copied", workDir: wt, branch: null });

    // the copy is the agent's own: changing it leaves the source alone
    s.write(`${wt}/data.txt`, "changed by the agent\n");
    expect(readFileSync(`${plain}/data.txt`, "utf8")).toBe("plain data\n");
  });

  it("--in-place runs in the source dir itself and destroy leaves it there", async () => {
    const s = await sandbox();
    const out = s.path("out", "agent");
    await s.ok(["create", "here", "--in-place", "--", ...recordAndIdle(out)]);
    expect(readFileSync(await poll(() => readOrNull(out) && out), "utf8").split("\n")[0]).toBe(s.repo);
    expect(existsSync(s.worktree("here"))).toBe(false);
    expect((await s.list())[0]).toMatchObject({ name: "here", workDir: s.repo, branch: "main" });

    await s.ok(["destroy", "here", "--force"]);
    expect(readFileSync(s.path("repo", "README.md"), "utf8")).toBe("# scratch repo\n");
    expect(s.git(["rev-parse", "--abbrev-ref", "HEAD"])).toBe("main");
  });

  it("launches a custom agent type from config with its parent, command, args and env", async () => {
    const s = await sandbox();
    const out = s.path("out", "custom");
    s.write(
      s.path("home/.config/muster/config.toml"),
      [
        "[agent_types.echoer]",
        'parent = "command"',
        `command = ["sh", "-c", 'printf "%s|" "$GREETING" "$@" > ${out}.tmp && mv ${out}.tmp ${out}; exec sleep 600', "echoer"]`,
        'args = ["from-config"]',
        'env = { GREETING = "hello there" }',
        "",
        "[agent_types.shell-string]",
        `command = "printf '%s|' \\"$WHO\\" > ${out}-2.tmp && mv ${out}-2.tmp ${out}-2; printf '%s|' >> ${out}-2"`,
        'env = { WHO = "string form" }',
        "",
      ].join("\n"),
    );

    await s.ok(["create", "custom", "--type", "echoer", "--", "from-cli", "two words"]);
    expect(readFileSync(await poll(() => readOrNull(out) && out), "utf8")).toBe("hello there|from-config|from-cli|two words|");
    expect((await s.list())[0]).toMatchObject({ name: "custom", type: "echoer", state: "running" });

    await s.ok(["create", "custom-2", "shell-string", "--", "a b", "c"]);
    await poll(() => readOrNull(`${out}-2`)?.toString().includes("a b"), 10_000, "the string-form type's output");
    expect(readFileSync(`${out}-2`, "utf8")).toBe("string form|a b|c|");
  });

  it("--env, --env-file, --pass-env and --model reach the agent's environment", async () => {
    const s = await sandbox();
    const out = s.path("out", "agent");
    const envFile = s.write(s.path("agent.env"), '# comment\nFROM_FILE=1\nexport QUOTED="two words"\nOVERRIDDEN=file\n');
    await s.ok(
      [
        "create",
        "envy",
        "--env",
        "FROM_FLAG=a=b",
        "--env",
        "OVERRIDDEN=flag",
        "--env-file",
        envFile,
        "--pass-env",
        "PASSED",
        "--model",
        "some-model",
        "--",
        ...recordAndIdle(out),
      ],
      {
        env: { PASSED: "from my shell" },
      },
    );
    const env = readFileSync(await poll(() => readOrNull(out) && out), "utf8").split("\n");
    for (const line of ["FROM_FLAG=a=b", "FROM_FILE=1", "QUOTED=two words", "OVERRIDDEN=flag", "PASSED=from my shell", "MUSTER_MODEL=some-model"])
      expect(env).toContain(line);
  });

  it("from a subdirectory, the work dir is the same subdirectory of the new worktree", async () => {
    const s = await sandbox();
    const out = s.path("out", "agent");
    await s.ok(["create", "deep", "--", ...recordAndIdle(out)], { cwd: s.path("repo", "src") });
    expect(readFileSync(await poll(() => readOrNull(out) && out), "utf8").split("\n")[0]).toBe(`${s.worktree("deep")}/src`);
    expect((await s.list())[0]?.workDir).toBe(`${s.worktree("deep")}/src`);
    await s.ok(["destroy", "deep", "--force"]);
    expect(existsSync(s.worktree("deep"))).toBe(false);
  });

  it("-m sends a first message that the agent receives", async () => {
    const s = await sandbox();
    const out = s.path("out", "first");
    await s.ok(["create", "greeted", "-m", "the first message", "--", "sh", "-c", `IFS= read -r line; printf '%s' "$line" > ${out}; exec sleep 600`]);
    expect(readFileSync(await poll(() => readOrNull(out) && out), "utf8")).toBe("the first message");
  });

  it("--message-file sends a file's contents as the first message", async () => {
    const s = await sandbox();
    const out = s.path("out", "first");
    const file = s.write(s.path("first.txt"), "from a file: 'quoted' $HOME");
    await s.ok(["create", "greeted", "--message-file", file, "--", "sh", "-c", `IFS= read -r line; printf '%s' "$line" > ${out}; exec sleep 600`]);
    expect(readFileSync(await poll(() => readOrNull(out) && out), "utf8")).toBe("from a file: 'quoted' $HOME");
  });
});
