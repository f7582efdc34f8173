import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ProcFs } from "../../src/adapters/procfs.js";
import { poll, readOrNull, sandbox, type Sandbox } from "../fixtures/sandbox.js";

async function stateOf(s: Sandbox, name: string): Promise<string | undefined> {
  return (await s.list()).find((a) => a.name === name)?.state;
}

/** Running and not a zombie, read from /proc independently of the code under test. */
function processRuns(pid: number): boolean {
  const stat = readOrNull(`/proc/${pid}/stat`)?.toString();
  return stat !== undefined && stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
}

describe("agent status", () => {
  it("a command that exits is done, with its exit status as evidence, and start runs it again", async () => {
    const s = await sandbox();
    const runs = s.path("out", "runs");
    await s.ok(["create", "quitter", "--", "sh", "-c", `echo run >> ${runs}; exit 3`]);
    expect(await s.muster(["wait", "quitter", "--state", "done", "--timeout", "10"])).toMatchObject({ code: 0, stdout: "quitter is done\n" });
    expect(await stateOf(s, "quitter")).toBe("done");
    type Explained = { state: string; evidence: string; pane: { dead: boolean; deadStatus: number | null } };
    // tmux marks the pane dead when its terminal closes and learns the exit status a moment later
    const explained = await poll(
      async () => {
        const e = JSON.parse(await s.ok(["explain", "quitter", "--format", "json"])) as Explained;
        return e.pane.deadStatus !== null && e;
      },
      5_000,
      "the exit status",
    );
    expect(explained).toMatchObject({ state: "done", pane: { dead: true, deadStatus: 3 } });
    expect(explained.evidence).toContain("status 3");

    expect(await s.ok(["start", "quitter"])).toBe("started quitter\n");
    await poll(() => readOrNull(runs)?.toString() === "run\nrun\n", 10_000, "the second run");
    expect(await s.muster(["wait", "quitter", "--state", "done", "--timeout", "10"])).toMatchObject({ code: 0 });
  });

  it("a shell running another foreground program is replaced, and running again once it ends", async () => {
    const s = await sandbox();
    await s.ok(["create", "shell", "--", "bash", "--norc", "--noprofile", "-i"]);
    expect(await stateOf(s, "shell")).toBe("running");
    await s.ok(["message", "shell", "-m", "sleep 100"]);
    await poll(async () => (await stateOf(s, "shell")) === "replaced", 10_000, "state replaced");
    const explained = JSON.parse(await s.ok(["explain", "shell", "--format", "json"])) as { signal: string; evidence: string };
    expect(explained).toMatchObject({ signal: "pane" });
    expect(explained.evidence).toMatch(/'sleep' holds the terminal foreground/);

    expect(s.tmux(["send-keys", "-t", "=muster-shell:agent", "C-c"]).code).toBe(0);
    await poll(async () => (await stateOf(s, "shell")) === "running", 10_000, "state running again");
    const transitions = (await s.ok(["events", "shell"]))
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; data: { to?: string } })
      .filter((e) => e.type === "state")
      .map((e) => e.data.to);
    expect(transitions).toEqual(["running", "replaced", "running"]);
  });

  it("agents whose tmux server was killed are stopped, and start brings them back", async () => {
    const s = await sandbox();
    for (const name of ["one", "two", "three"]) await s.ok(["create", name, "--", "sleep", "600"]);
    expect((await s.list()).map((a) => a.state)).toEqual(["running", "running", "running"]);

    expect(s.tmux(["kill-server"]).code).toBe(0);
    expect(s.sessions()).toEqual([]);
    expect((await s.list()).map((a) => [a.name, a.state])).toEqual([
      ["one", "stopped"],
      ["two", "stopped"],
      ["three", "stopped"],
    ]);
    expect(await s.ok(["list"])).toMatch(/^one\s+command\s+stopped\s/m);

    expect(await s.ok(["start", "one", "two", "three"])).toBe("started one\nstarted two\nstarted three\n");
    expect(s.sessions()).toEqual(["muster-one", "muster-three", "muster-two"]);
    expect((await s.list()).map((a) => a.state)).toEqual(["running", "running", "running"]);
    expect(await s.ok(["start", "one"])).toBe("one is already running\n");
  });

  it("list works while the tmux server starts and stops under it", async () => {
    const s = await sandbox();
    await s.ok(["create", "resting", "--", "sleep", "600"]);
    await s.ok(["stop", "resting"]);
    // the server comes and goes with its only session; list must treat every phase as "no sessions"
    const churn = spawn("sh", ["-c", "for i in $(seq 1 60); do tmux new-session -d -s churn sleep 60; tmux kill-session -t churn; done"], {
      env: s.env,
      stdio: "ignore",
    });
    s.track(churn.pid as number);
    const exited = new Promise((resolve) => churn.on("exit", resolve));
    let churning = true;
    void exited.then(() => (churning = false));
    const lists: Array<{ code: number | null; stdout: string; stderr: string }> = [];
    await Promise.all(
      [1, 2].map(async () => {
        while (churning) lists.push(await s.muster(["list", "--format", "json"]));
      }),
    );
    expect(lists.length).toBeGreaterThan(2);
    for (const r of lists) expect(r, `${r.stderr}${r.stdout}`).toMatchObject({ code: 0, stderr: "" });
    for (const r of lists) expect(JSON.parse(r.stdout)).toMatchObject([{ name: "resting", state: "stopped" }]);
  });

  it("stop ends every process of the agent, also one that ignores SIGHUP", async () => {
    const s = await sandbox();
    const pids = s.path("out", "pids");
    await s.ok([
      "create",
      "tree",
      "--",
      "sh",
      "-c",
      `(trap '' HUP; exec sleep 600) & echo $! > ${pids}.tmp; sleep 600 & echo $! >> ${pids}.tmp; mv ${pids}.tmp ${pids}; wait`,
    ]);
    const children = (await poll(() => readOrNull(pids)?.toString(), 10_000, "the agent's children")).trim().split("\n").map(Number);
    children.forEach((pid) => s.track(pid));
    expect(children.every(processRuns)).toBe(true);

    await s.ok(["stop", "tree"]);
    expect(children.filter(processRuns)).toEqual([]);
    expect(await stateOf(s, "tree")).toBe("stopped");
  });

  it("a zombie process does not count as alive", async () => {
    // sh starts a child that exits at once, then becomes `sleep`, which never reaps it
    const parent = spawn("sh", ["-c", "sleep 0 & echo $!; exec sleep 30"], { stdio: ["ignore", "pipe", "ignore"] });
    try {
      const zombie = Number(await new Promise<string>((resolve) => parent.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString()))));
      await poll(() => readFileSync(`/proc/${zombie}/stat`, "utf8").includes(") Z "), 5_000, "the child to become a zombie");
      const procfs = new ProcFs();
      expect(procfs.isAlive(zombie)).toBe(false);
      expect(procfs.isAlive(parent.pid as number)).toBe(true);
    } finally {
      parent.kill("SIGKILL");
    }
  });
});
