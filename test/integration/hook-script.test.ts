import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalFiles } from "../../src/adapters/host-files.js";
import { allHookEvents, HOOK_SCRIPT, hookCommand } from "../../src/agents/shared/hooks.js";

describe("the hook script agent CLIs run", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "muster hook "));
    mkdirSync(join(dir, "status"));
    mkdirSync(join(dir, "home"));
    writeFileSync(join(dir, "home", "hook.sh"), HOOK_SCRIPT, { mode: 0o755 });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const run = (event: string, input: string, extra: string[] = []) => {
    const result = spawnSync("sh", ["-c", `${hookCommand(dir, event)} "$@"`, "sh", ...extra], { input, encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("");
  };

  it("records the event, session, tool and transcript from the JSON on stdin, in a path with spaces", () => {
    const payload = {
      session_id: "s-1",
      transcript_path: "/x/y.jsonl",
      hook_event_name: "PreToolUse",
      tool_name: "Bash",
      tool_input: { command: 'echo "session_id":"evil"\nline two' },
    };
    run("PreToolUse", JSON.stringify(payload, null, 2));
    const [e] = allHookEvents(new LocalFiles(), dir);
    expect(e).toMatchObject({ event: "PreToolUse", session: "s-1", detail: "Bash", transcript: "/x/y.jsonl" });
    expect(Number.isNaN(Date.parse(e?.ts ?? ""))).toBe(false);
  });

  it("tells Stop with background work from a plain Stop, and reads a notification's type", () => {
    run("Stop", JSON.stringify({ session_id: "s", background_tasks: [{ id: "t1" }] }, null, 2));
    run("Stop", JSON.stringify({ session_id: "s", background_tasks: [] }));
    run("Notification", JSON.stringify({ session_id: "s", notification_type: "permission_prompt" }));
    expect(allHookEvents(new LocalFiles(), dir).map((e) => [e.event, e.detail])).toEqual([
      ["Stop", "background"],
      ["Stop", ""],
      ["Notification", "permission_prompt"],
    ]);
  });

  it("takes Codex's notify JSON from its last argument", () => {
    run("notify", "", [JSON.stringify({ type: "agent-turn-complete", "thread-id": "t-9", "turn-id": "u" })]);
    expect(allHookEvents(new LocalFiles(), dir)[0]).toMatchObject({ event: "notify", session: "t-9", detail: "agent-turn-complete" });
  });
});
