import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalFiles } from "../../src/adapters/host-files.js";
import { geminiEnv, launchedAtPath, settingsJson } from "../../src/agents/gemini/config.js";
import { geminiType } from "../../src/agents/gemini/index.js";
import { messagesOf, normaliseSession } from "../../src/agents/gemini/sessions.js";
import { geminiSignals, inputLine } from "../../src/agents/gemini/status.js";
import { TranscriptRecord } from "../../src/domain/transcript.js";

const S = "474b6278-3fff-478f-873f-1bb08c7a2d9a";
const line = (value: unknown) => JSON.stringify(value);
const call = { id: "run_shell_command__call_1", name: "run_shell_command", args: { command: "echo hi > f.txt" } };
const session = [
  line({ sessionId: S, projectHash: "abc", startTime: "2026-01-01T00:00:00Z", lastUpdated: "2026-01-01T00:00:00Z", kind: "main" }),
  line({ id: "u1", timestamp: "2026-01-01T00:00:01Z", type: "user", content: [{ text: "FAKE_TOOL:echo hi > f.txt" }] }),
  line({ $set: { lastUpdated: "2026-01-01T00:00:01Z" } }),
  line({ id: "g1", timestamp: "2026-01-01T00:00:02Z", type: "gemini", content: "", toolCalls: [{ ...call, status: "executing" }], thoughts: [] }),
  line({
    id: "g1",
    timestamp: "2026-01-01T00:00:02Z",
    type: "gemini",
    content: "",
    toolCalls: [
      {
        ...call,
        status: "success",
        result: [{ functionResponse: { id: call.id, name: call.name, response: { output: "Output: (empty)" } } }],
        resultDisplay: "shown on screen",
      },
    ],
  }),
  line({ id: "g2", timestamp: "2026-01-01T00:00:03Z", type: "gemini", content: "FAKE_DONE: tool finished", tokens: { input: 10 } }),
  line({ id: "i1", timestamp: "2026-01-01T00:00:04Z", type: "info", content: "Switched model" }),
  line({ id: "e1", timestamp: "2026-01-01T00:00:05Z", type: "error", content: "quota exceeded" }),
  line({ id: "u2", timestamp: "2026-01-01T00:00:06Z", type: "user", content: "second prompt" }),
  '{"id":"cut sho',
].join("\n");

describe("gemini session files", () => {
  it("count each message once, in its last version", () => {
    expect(messagesOf(session).map((m) => m.id)).toEqual(["u1", "g1", "g2", "i1", "e1", "u2"]);
  });

  it("normalise into prompts, tool calls with input, results, answers and errors", () => {
    const { records, turn } = normaliseSession(session, S, 3);
    expect(records.map((r) => [r.turn, r.role, r.kind, r.text])).toEqual([
      [4, "user", "message", "FAKE_TOOL:echo hi > f.txt"],
      [4, "assistant", "tool_call", "echo hi > f.txt"],
      [4, "tool", "tool_result", "Output: (empty)"],
      [4, "assistant", "message", "FAKE_DONE: tool finished"],
      [4, "system", "error", "quota exceeded"],
      [5, "user", "message", "second prompt"],
    ]);
    expect(records[1]?.tool).toEqual({ id: call.id, name: "run_shell_command", input: call.args });
    expect(records[2]?.tool).toEqual({ id: call.id, name: "run_shell_command", isError: false });
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
    expect(turn).toBe(5);
    for (const r of records) expect(TranscriptRecord.safeParse({ ...r, agent: "a" }).success).toBe(true);
  });

  it("leave out a tool call's result until it has one", () => {
    const running = session.split("\n").slice(0, 4).join("\n");
    expect(normaliseSession(running, S, 0).records.map((r) => r.kind)).toEqual(["message", "tool_call"]);
  });
});

describe("gemini settings and environment", () => {
  const settings = JSON.parse(settingsJson("/var/tmp/x y/agents/agent-1")) as Record<string, Record<string, unknown>>;

  it("select API-key auth and turn off updates, statistics, telemetry, IDE probes and the ripgrep download", () => {
    expect(settings).toMatchObject({
      security: { auth: { selectedType: "gemini-api-key" } },
      general: { enableAutoUpdate: false, enableAutoUpdateNotification: false },
      privacy: { usageStatisticsEnabled: false },
      telemetry: { enabled: false },
      ide: { enabled: false },
      tools: { useRipgrep: false },
    });
  });

  it("run the shared hook script on every lifecycle event muster reads", () => {
    const hooks = settings.hooks as Record<string, Array<{ matcher?: string; hooks: Array<{ type: string; command: string }> }>>;
    expect(Object.keys(hooks)).toEqual(["SessionStart", "BeforeAgent", "BeforeTool", "AfterTool", "AfterAgent", "Notification", "SessionEnd"]);
    expect(hooks.BeforeTool?.[0]?.matcher).toBe("*");
    expect(hooks.AfterAgent?.[0]?.hooks[0]).toMatchObject({
      type: "command",
      command: "sh '/var/tmp/x y/agents/agent-1/home/hook.sh' '/var/tmp/x y/agents/agent-1/status' AfterAgent",
    });
  });

  it("point the CLI at its own home and the endpoint, and trust the work dir", () => {
    expect(geminiEnv("/a", { baseUrl: "http://127.0.0.1:4747", apiKey: "tok" })).toEqual({
      GEMINI_CLI_HOME: "/a/home/gemini",
      GEMINI_CLI_TRUST_WORKSPACE: "true",
      GOOGLE_GEMINI_BASE_URL: "http://127.0.0.1:4747",
      GEMINI_API_KEY: "tok",
    });
  });

  it("launch with --model and the words after --", () => {
    const spec = geminiType.launch(["--approval-mode", "yolo"], {
      record: { id: "agent-1", name: "g", workDir: "/w", model: "fake/m" },
      agentDir: "/a",
      program: "/bin/gemini",
    });
    expect(spec.argv).toEqual(["/bin/gemini", "--model", "fake/m", "--approval-mode", "yolo"]);
    expect(spec.files?.map((f) => f.path)).toEqual(["/a/home/hook.sh", "/a/home/gemini/.gemini/settings.json", "/a/home/gemini/launched-at"]);
  });
});

const rule = "─".repeat(60);
const idle = [
  "✦ FAKE_REPLY: hi",
  "",
  " ? for shortcuts",
  rule,
  " Shift+Tab to accept edits",
  rule,
  " >   Type your message or @path/to/file",
  rule,
].join("\n");
const yolo = idle.replace(" >   Type", " *   Type");
const typed = idle.replace(" >   Type your message or @path/to/file", " > a prompt typed over\n   two lines");
const dialog = [
  "> FAKE_TOOL:echo hi > f.txt",
  "╭──────────",
  "│ ? Shell  echo hi > f.txt",
  "│ Allow execution of [Shell]?",
  "│ ● 1. Allow once",
  "│   2. Allow for this session",
  "│   3. No, suggest changes (esc)",
  "╰──────────",
].join("\n");

describe("gemini status", () => {
  let dir: string;
  const files = new LocalFiles();
  const now = Date.parse("2026-01-01T00:01:00Z");
  const hook = (ts: string, event: string, detail = "") =>
    files.appendText(join(dir, "status", "hooks.jsonl"), `${line({ ts, event, session: S, source: "", detail, transcript: "" })}\n`);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "gemini-status-"));
    mkdirSync(join(dir, "home", "gemini"), { recursive: true });
    writeFileSync(launchedAtPath(dir), "2026-01-01T00:00:00.000Z");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is not ready before the session started, though the input box shows", () => {
    hook("2025-12-31T23:00:00.000Z", "AfterAgent"); // from the run before this launch
    hook("2025-12-31T23:00:00.000Z", "SessionStart");
    expect(geminiSignals({ agentDir: dir, files, screen: idle, title: "◇  Ready (w)", now })).toEqual({ hook: null, screen: null, ready: false });
  });

  it("follows the hooks once the session started: a turn, a tool, an approval, the end", () => {
    hook("2026-01-01T00:00:01.000Z", "SessionStart");
    expect(geminiSignals({ agentDir: dir, files, screen: idle, title: "◇  Ready (w)", now }).hook?.state).toBe("waiting");
    hook("2026-01-01T00:00:59.000Z", "BeforeAgent");
    expect(geminiSignals({ agentDir: dir, files, screen: idle, title: "✦  Working… (w)", now })).toMatchObject({
      hook: { state: "working", source: "hook BeforeAgent" },
      screen: { state: "working" },
      ready: true,
    });
    hook("2026-01-01T00:00:59.500Z", "Notification", "ToolPermission");
    expect(geminiSignals({ agentDir: dir, files, screen: dialog, title: "✋  Action Required (w)", now })).toMatchObject({
      hook: { state: "blocked" },
      screen: { state: "blocked" },
    });
    hook("2026-01-01T00:00:59.900Z", "AfterAgent");
    expect(geminiSignals({ agentDir: dir, files, screen: idle, title: "◇  Ready (w)", now }).hook?.state).toBe("waiting");
  });

  it("lets the screen overrule a stale hook: an answered dialog, a turn ended without AfterAgent", () => {
    hook("2026-01-01T00:00:01.000Z", "SessionStart");
    hook("2026-01-01T00:00:50.000Z", "Notification", "ToolPermission");
    expect(geminiSignals({ agentDir: dir, files, screen: idle, title: "◇  Ready (w)", now })).toMatchObject({
      hook: null,
      screen: { state: "waiting" },
    });
    hook("2026-01-01T00:00:51.000Z", "BeforeTool", "run_shell_command");
    expect(geminiSignals({ agentDir: dir, files, screen: idle, title: "◇  Ready (w)", now })).toMatchObject({
      hook: null,
      screen: { state: "waiting" },
    });
    // a running shell command hides the input box: the hook stands
    expect(geminiSignals({ agentDir: dir, files, screen: "│ Shell sleep 5", title: "◇  Ready (w)", now })).toMatchObject({
      hook: { state: "working" },
      ready: true,
    });
  });

  it("finds the input box behind >, or * in YOLO mode, and reads what was typed", () => {
    expect(inputLine(idle)?.trim()).toBe("Type your message or @path/to/file");
    expect(inputLine(yolo)?.trim()).toBe("Type your message or @path/to/file");
    expect(inputLine(typed)).toBe("a prompt typed over\n   two lines");
    expect(inputLine("✦ * a bullet in the answer\n> an old prompt")).toBeNull();
    // a wide terminal puts the YOLO mode line and a blank line between the rule and the input line
    const wide = `${"─".repeat(200)}\n YOLO Ctrl+Y\n\n *   Type your message or @path/to/file\n\n workspace (/directory)`;
    expect(inputLine(wide)?.trim()).toBe("Type your message or @path/to/file");
    expect(inputLine(`${"─".repeat(40)}\n some answer text\n\n * a bullet`)).toBeNull();
    expect(geminiType.delivery?.pending(typed, "a prompt typed over two lines")).toBe(true);
    expect(geminiType.delivery?.pending(idle, "a prompt typed over two lines")).toBe(false);
    expect(geminiType.delivery?.ready(dialog)).toBe(false);
  });
});
