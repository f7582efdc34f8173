import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalFiles } from "../../src/adapters/host-files.js";
import { claudeType } from "../../src/agents/claude/index.js";
import { launchSessionId, sessionFile } from "../../src/agents/claude/config.js";
import { codexType } from "../../src/agents/codex/index.js";

const ID = "agent-0123456789abcdef0123456789abcdef";
let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "muster-relaunch-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const write = (path: string, text: string) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
};

describe("resuming on start", () => {
  it("claude: the recorded command until the session has a transcript, then --resume with the user's words kept", () => {
    const launched = claudeType.launch(["--permission-mode", "default"], {
      record: { id: ID, name: "a", workDir: "/w", model: "m" },
      agentDir: dir,
      program: "/bin/claude",
    });
    const session = launchSessionId(ID);
    expect(launched.argv).toEqual(["/bin/claude", "--session-id", session, "--model", "m", "--permission-mode", "default"]);
    const ctx = { record: { id: ID, name: "a", workDir: "/w", model: "m", command: launched.argv }, agentDir: dir, files: new LocalFiles() };
    expect(claudeType.relaunch?.(ctx)).toBeNull();
    write(sessionFile(dir, "/w", session), "{}\n");
    expect(claudeType.relaunch?.(ctx)?.argv).toEqual(["/bin/claude", "--resume", session, "--model", "m", "--permission-mode", "default"]);
  });

  it("claude: the session ids are valid UUIDs derived from the agent id", () => {
    expect(launchSessionId(ID)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(launchSessionId(ID)).toBe(launchSessionId(ID));
  });

  it("codex: nothing to resume without a rollout holding a prompt, then `codex resume <session>`", () => {
    const ctx = {
      record: { id: ID, name: "a", workDir: "/w", model: null, command: ["/bin/codex", "--search"] },
      agentDir: dir,
      files: new LocalFiles(),
    };
    expect(codexType.relaunch?.(ctx)).toBeNull();
    const session = "01a2176a-f01f-7fe0-b53a-9ce475e36d54";
    const rollout = join(dir, "home", "codex", "sessions", "2026", "01", "01", `rollout-2026-01-01T00-00-00-${session}.jsonl`);
    write(rollout, JSON.stringify({ type: "session_meta", payload: { id: session } }) + "\n");
    expect(codexType.relaunch?.(ctx)).toBeNull();
    write(
      rollout,
      JSON.stringify({ type: "response_item", payload: { type: "message", role: "user", content: [{ type: "input_text", text: "hi" }] } }) + "\n",
    );
    expect(codexType.relaunch?.(ctx)?.argv).toEqual(["/bin/codex", "resume", session, "--search"]);
  });
});
