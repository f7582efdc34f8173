import { existsSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { poll, readOrNull, sandbox } from "../fixtures/sandbox.js";

const CONTRACT_FIELDS = ["branch", "createdAt", "host", "id", "labels", "name", "provider", "state", "type", "workDir"];

describe("the whole lifecycle of a command agent", () => {
  it("create, list, capture, exec, stop, start, rename, message, events, wait, explain, destroy", async () => {
    const s = await sandbox();
    s.write(s.path("home/.config/muster/config.toml"), '[agent_types.sleeper]\ncommand = ["sleep"]\nargs = ["600"]\n');
    const envFile = s.path("out", "alpha.env");

    // create
    const script = `env > ${envFile}.tmp && mv ${envFile}.tmp ${envFile}; echo alpha-is-up; exec sleep 600`;
    const created = await s.muster(["create", "alpha", "--label", "team=red", "--", "sh", "-c", script]);
    expect(created).toMatchObject({ code: 0, stdout: "alpha\n" });
    const wt = s.worktree("alpha");
    expect(s.git(["rev-parse", "--abbrev-ref", "HEAD"], wt)).toBe("muster/alpha");
    expect(s.git(["worktree", "list", "--porcelain"])).toContain(`worktree ${wt}\n`);
    expect(s.sessions()).toEqual(["muster-alpha"]);

    const env = parseEnv((await poll(() => readOrNull(envFile), 10_000, "the agent's env dump")).toString());
    expect(env.MUSTER_AGENT_NAME).toBe("alpha");
    expect(env.MUSTER_AGENT_ID).toMatch(/^agent-[0-9a-f]{32}$/);
    expect(env.MUSTER_AGENT_DIR).toBe(`${s.hostDir}/agents/${env.MUSTER_AGENT_ID}`);
    expect(env.MUSTER_HOST_DIR).toBe(s.hostDir);
    expect(env.MUSTER_WORK_DIR).toBe(wt);
    expect(env.PWD).toBe(wt);
    expect(existsSync(`${env.MUSTER_AGENT_DIR}/agent.json`)).toBe(true);

    await s.ok(["create", "beta", "sleeper", "--label", "team=blue"]);

    // list: human, json, jsonl, template and filters
    const human = await s.ok(["list"]);
    const lines = human.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NAME\s+TYPE\s+STATE\s+BRANCH\s+AGE$/);
    expect(lines[1]).toMatch(/^alpha\s+command\s+running\s+muster\/alpha\s+\d+s$/);
    expect(lines[2]).toMatch(/^beta\s+sleeper\s+running\s+muster\/beta\s+\d+s$/);

    const agents = await s.list();
    expect(agents.map((a) => a.name)).toEqual(["alpha", "beta"]);
    for (const a of agents) expect(Object.keys(a).sort()).toEqual(CONTRACT_FIELDS);
    expect(agents[0]).toMatchObject({
      id: env.MUSTER_AGENT_ID,
      name: "alpha",
      type: "command",
      state: "running",
      host: "local",
      provider: "local",
      workDir: wt,
      branch: "muster/alpha",
      labels: { team: "red" },
    });
    expect(Date.parse(agents[0]?.createdAt ?? "")).not.toBeNaN();

    const jsonl = (await s.ok(["list", "--format", "jsonl"]))
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { name: string });
    expect(jsonl.map((a) => a.name)).toEqual(["alpha", "beta"]);
    expect(await s.ok(["list", "--format", "{name}:{state}:{labels.team}"])).toBe("alpha:running:red\nbeta:running:blue\n");

    expect((await s.list(["--state", "running"])).map((a) => a.name)).toEqual(["alpha", "beta"]);
    expect(await s.list(["--state", "stopped,done"])).toEqual([]);
    expect((await s.list(["--label", "team=red"])).map((a) => a.name)).toEqual(["alpha"]);
    expect((await s.list(["--type", "sleeper"])).map((a) => a.name)).toEqual(["beta"]);
    expect((await s.list(["--type", "command", "--label", "team=blue"])).map((a) => a.name)).toEqual([]);

    // capture
    await poll(async () => (await s.ok(["capture", "alpha"])).includes("alpha-is-up"), 10_000, "alpha's screen");

    // exec: exit code passes through, runs in the work dir with the agent's environment
    const exec = await s.muster(["exec", "alpha", "--", "sh", "-c", 'pwd; echo "$MUSTER_AGENT_NAME"; exit 7']);
    expect(exec).toMatchObject({ code: 7, stdout: `${wt}\nalpha\n` });
    expect((await s.muster(["exec", "alpha", "--", "true"])).code).toBe(0);
    expect((await s.muster(["exec", "alpha", "--", "sh", "-c", "kill -TERM $$"])).code).toBe(143);
    // the agent's environment file holds its secrets: only the owner may read it
    expect(statSync(`${env.MUSTER_AGENT_DIR}/env`).mode & 0o777).toBe(0o600);

    // stop keeps the record and the work tree
    expect(await s.ok(["stop", "alpha"])).toBe("stopped alpha\n");
    expect(s.sessions()).toEqual(["muster-beta"]);
    expect(existsSync(`${wt}/README.md`)).toBe(true);
    expect((await s.list()).find((a) => a.name === "alpha")?.state).toBe("stopped");

    // start relaunches it
    expect(await s.ok(["start", "alpha"])).toBe("started alpha\n");
    expect(s.sessions()).toEqual(["muster-alpha", "muster-beta"]);
    expect((await s.list(["--label", "team=red"]))[0]?.state).toBe("running");

    // rename moves the agent and its session, not the work tree or branch
    expect(await s.ok(["rename", "alpha", "gamma"])).toBe("renamed alpha to gamma\n");
    expect(s.sessions()).toEqual(["muster-beta", "muster-gamma"]);
    const renamed = (await s.list(["--label", "team=red"]))[0];
    expect(renamed).toMatchObject({ name: "gamma", id: env.MUSTER_AGENT_ID, state: "running", workDir: wt, branch: "muster/alpha" });
    expect((await s.muster(["capture", "alpha"])).code).toBe(3);

    expect((await s.muster(["message", "gamma", "-m", "hello"])).code).toBe(0);

    // wait: reaches a state, or exits 124
    expect(await s.muster(["wait", "gamma", "--state", "running", "--timeout", "10"])).toMatchObject({ code: 0, stdout: "gamma is running\n" });
    const timedOut = await s.muster(["wait", "gamma", "--state", "done,stopped", "--timeout", "0.3"]);
    expect(timedOut.code).toBe(124);
    expect(timedOut.stderr).toMatch(/^error: .*gamma/m);
    expect(timedOut.stderr).toMatch(/^hint: /m);

    // explain
    const explained = await s.ok(["explain", "gamma"]);
    expect(explained).toMatch(/^gamma is running \(since /);
    expect(explained).toMatch(/decided by: pane: 'sleep' \(pid \d+\)/);
    const explainJson = JSON.parse(await s.ok(["explain", "gamma", "--format", "json"])) as {
      state: string;
      signal: string;
      pane: { pid: number; dead: boolean };
    };
    expect(explainJson).toMatchObject({ state: "running", signal: "pane", pane: { dead: false } });

    // destroy removes work tree, branch, session and record
    expect((await s.muster(["destroy", "gamma", "--force"])).code).toBe(0);
    expect(existsSync(wt)).toBe(false);
    expect(s.git(["branch", "--list", "muster/alpha"])).toBe("");
    expect(s.sessions()).toEqual(["muster-beta"]);
    expect((await s.list()).map((a) => a.name)).toEqual(["beta"]);

    // events: valid JSONL with every lifecycle step, still readable after destroy
    const eventsText = await s.ok(["events", "gamma"]);
    const events = eventsText
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { ts: string; agent: string; type: string; data: Record<string, unknown> });
    for (const e of events) {
      expect(Date.parse(e.ts)).not.toBeNaN();
      expect(typeof e.data).toBe("object");
    }
    const types = events.map((e) => e.type);
    for (const type of ["created", "started", "state", "message", "stopped", "renamed", "destroyed"]) expect(types).toContain(type);
    expect(types.filter((t) => t === "started")).toHaveLength(2);
    expect(types.indexOf("created")).toBeLessThan(types.indexOf("stopped"));
    expect(types.at(-1)).toBe("destroyed");
    expect(events.filter((e) => e.type === "state").map((e) => e.data.to)).toEqual(expect.arrayContaining(["running", "stopped"]));
    expect(events.find((e) => e.type === "message")?.data).toMatchObject({ bytes: 5 });
  });

  it("after a rename, creating an agent with the old name never reuses the renamed agent's work dir", async () => {
    const s = await sandbox();
    const plain = s.path("plain");
    s.write(`${plain}/data.txt`, "plain\n");
    for (const [name, from] of [
      ["in-git", s.repo],
      ["copied", plain],
    ] as const) {
      await s.ok(["create", name, "--from", from, "--", "sleep", "600"]);
      await s.ok(["rename", name, `${name}-renamed`]);
      const workDir = s.worktree(name);
      s.write(`${workDir}/work.txt`, "the renamed agent's work\n");
      const before = s.state();

      // a branch of its own, so only the work dir can clash
      const branch = from === plain ? [] : ["--branch", `:other-${name}`];
      const again = await s.muster(["create", name, "--from", from, ...branch, "--", "sleep", "600"]);
      expect(again.code, again.stderr).toBe(4);
      expect(again.stderr).toMatch(new RegExp(`^error: .*work dir of agent '${name}-renamed'`, "m"));
      expect(again.stderr).not.toMatch(/^hint: .*remove/m);
      expect(s.state()).toEqual(before);
      expect(readOrNull(`${workDir}/work.txt`)?.toString()).toBe("the renamed agent's work\n");
    }
  });

  it("capture shows the screen, and --lines adds scrollback", async () => {
    const s = await sandbox();
    await s.ok(["create", "counter", "--", "sh", "-c", "seq 1 200; exec sleep 600"]);
    const screen = await poll(
      async () => {
        const text = await s.ok(["capture", "counter"]);
        return text.includes("200") && text;
      },
      10_000,
      "the last line on screen",
    );
    expect(screen.split("\n")).not.toContain("1");
    const withHistory = (await s.ok(["capture", "counter", "--lines", "300"])).split("\n");
    expect(withHistory.slice(0, 200)).toEqual(Array.from({ length: 200 }, (_, i) => String(i + 1)));
    const json = JSON.parse(await s.ok(["capture", "counter", "--format", "json"])) as { name: string; screen: string };
    expect(json.name).toBe("counter");
    expect(json.screen).toContain("200");
  });

  it("events --follow prints past events, then new ones as they happen", async () => {
    const s = await sandbox();
    await s.ok(["create", "follow-me", "--", "sleep", "600"]);
    const follower = s.spawnMuster(["events", "follow-me", "--follow"]);
    await poll(() => follower.stdout().includes('"created"'), 10_000, "the events so far");
    await s.ok(["stop", "follow-me"]);
    await poll(() => follower.stdout().includes('"stopped"'), 10_000, "the stopped event");
    for (const line of follower.stdout().trimEnd().split("\n")) expect(JSON.parse(line)).toMatchObject({ agent: "follow-me" });
    process.kill(follower.pid, "SIGTERM");
    expect((await follower.done).code).toBe(0);
  });
});

function parseEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}
