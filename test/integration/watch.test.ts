import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { poll, readOrNull, sandbox, type Sandbox } from "../fixtures/sandbox.js";

interface Event {
  ts: string;
  type: string;
  data: { from?: string | null; to?: string };
}

function agentDir(s: Sandbox, name: string): string {
  return join(s.hostDir, "agents", readFileSync(join(s.hostDir, "names", name), "utf8").trim());
}

function stateEvents(s: Sandbox, name: string): Event[] {
  const text = readOrNull(join(agentDir(s, name), "events.jsonl"))?.toString() ?? "";
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Event)
    .filter((e) => e.type === "state");
}

function watcherPid(s: Sandbox): number | null {
  return (
    Number(
      readOrNull(join(s.hostDir, "locks", "host.watcher.lock"))
        ?.toString()
        .trim(),
    ) || null
  );
}

function alive(pid: number): boolean {
  const stat = readOrNull(`/proc/${pid}/stat`)?.toString();
  return stat !== undefined && stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
}

describe("the background watcher", () => {
  it("records a state change within a second while no muster command looks, then exits once nothing runs", async () => {
    const s = await sandbox();
    const marker = s.path("out", "exited");
    // the agent writes when it exits; nothing but the watcher observes it
    await s.ok(["create", "short", "--", "sh", "-c", `sleep 1.5; date +%s%3N > ${marker}`]);
    const pid = await poll(() => watcherPid(s), 5_000, "the watcher's lock");
    expect(alive(pid)).toBe(true);

    const done = await poll(() => stateEvents(s, "short").find((e) => e.data.to === "done"), 10_000, "a done event");
    const exitedAt = Number(readFileSync(marker, "utf8").trim());
    expect(Date.parse(done.ts) - exitedAt).toBeLessThan(1_000);
    expect(stateEvents(s, "short").map((e) => e.data.to)).toEqual(["running", "done"]);

    await poll(() => !alive(pid), 10_000, "the watcher to exit once no agent runs");
    expect(existsSync(join(s.hostDir, "locks", "host.watcher.lock"))).toBe(false);
  });

  it("one watcher per host: start brings it back, and a second watch is refused with exit 4", async () => {
    const s = await sandbox();
    await s.ok(["create", "sleeper", "--", "sleep", "100"]);
    const pid = await poll(() => watcherPid(s), 5_000, "the watcher's lock");
    const second = await s.muster(["watch"]);
    expect(second.code).toBe(4);
    expect(second.stderr).toContain(`a watcher already runs on this host (pid ${pid})`);
    expect(second.stderr).toMatch(/hint: /);

    await s.ok(["stop", "sleeper"]);
    await poll(() => !alive(pid), 10_000, "the watcher to exit after stop");
    await s.ok(["start", "sleeper"]);
    const again = await poll(() => watcherPid(s), 5_000, "a watcher after start");
    expect(again).not.toBe(pid);
    expect(alive(again)).toBe(true);
  });

  it("watch in the foreground prints each change as it records it, and ends on SIGTERM", async () => {
    const s = await sandbox();
    await s.ok(["create", "blinker", "--", "sh", "-c", "sleep 100"]);
    const background = await poll(() => watcherPid(s), 5_000, "the watcher's lock");
    process.kill(background, "SIGTERM");
    await poll(() => !alive(background) && watcherPid(s) === null, 5_000, "the background watcher to end");

    const watch = s.spawnMuster(["watch", "--interval", "100", "--format", "jsonl"]);
    await poll(() => watcherPid(s) === watch.pid, 5_000, "the foreground watcher's lock");
    // its first observation prints the state it found
    await poll(() => watch.stdout().includes('"to":"running"'), 5_000, "the first printed state");
    s.tmux(["kill-session", "-t", "=muster-blinker"]);
    const line = await poll(
      () =>
        watch
          .stdout()
          .split("\n")
          .find((l) => l.includes('"to":"stopped"')),
      5_000,
      "the printed change",
    );
    expect(JSON.parse(line)).toMatchObject({ agent: "blinker", from: "running", to: "stopped" });
    expect(stateEvents(s, "blinker").at(-1)?.data).toMatchObject({ from: "running", to: "stopped" });
    process.kill(watch.pid, "SIGTERM");
    expect((await watch.done).code).toBe(0);
  });

  it("rejects an interval out of range with exit 2", async () => {
    const s = await sandbox();
    const r = await s.muster(["watch", "--interval", "5"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --interval must be a whole number of milliseconds from 100 to 10000/);
  });
});
