import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalFiles } from "../../src/adapters/host-files.js";
import { extensionPath, HOOKS_VARIABLE, KEY_VARIABLE, launchMarker, piHome, sessionsDir } from "../../src/agents/pi/config.js";
import { piType } from "../../src/agents/pi/index.js";
import { normaliseSession } from "../../src/agents/pi/session.js";
import { editorText, piSignals, screenShowsBusy, screenShowsDialog, screenShowsEditor } from "../../src/agents/pi/status.js";
import { hooksLog } from "../../src/agents/shared/hooks.js";
import { TranscriptRecord } from "../../src/domain/transcript.js";

const S = "01a217de-1287-762e-8354-5c9b96c71a2a";
const msg = (id: string, ts: string, message: Record<string, unknown>) =>
  JSON.stringify({ type: "message", id, parentId: null, timestamp: ts, message });
const session = [
  JSON.stringify({ type: "session", version: 3, id: S, timestamp: "2026-01-01T00:00:00Z", cwd: "/w" }),
  JSON.stringify({ type: "model_change", id: "m1", parentId: null, timestamp: "2026-01-01T00:00:00Z", provider: "muster", modelId: "x" }),
  msg("u1", "2026-01-01T00:00:01Z", { role: "user", content: [{ type: "text", text: "FAKE_TOOL:echo hi" }] }),
  msg("a1", "2026-01-01T00:00:02Z", {
    role: "assistant",
    content: [
      { type: "thinking", thinking: "hmm" },
      { type: "toolCall", id: "t1", name: "bash", arguments: { command: "echo hi" } },
    ],
    stopReason: "toolUse",
  }),
  msg("r1", "2026-01-01T00:00:03Z", {
    role: "toolResult",
    toolCallId: "t1",
    toolName: "bash",
    content: [{ type: "text", text: "hi" }],
    isError: false,
  }),
  msg("a2", "2026-01-01T00:00:04Z", { role: "assistant", content: [{ type: "text", text: "FAKE_DONE: tool finished" }], stopReason: "stop" }),
  msg("b1", "2026-01-01T00:00:05Z", { role: "bashExecution", command: "ls", output: "README.md", exitCode: 0 }),
  msg("u2", "2026-01-01T00:00:06Z", { role: "user", content: "plain string prompt" }),
  msg("a3", "2026-01-01T00:00:07Z", { role: "assistant", content: [], stopReason: "error", errorMessage: "401 unauthorized" }),
  msg("a4", "2026-01-01T00:00:08Z", { role: "assistant", content: [{ type: "text", text: "half" }], stopReason: "aborted" }),
  JSON.stringify({
    type: "compaction",
    id: "c1",
    parentId: null,
    timestamp: "2026-01-01T00:00:09Z",
    summary: "s",
    firstKeptEntryId: "u2",
    tokensBefore: 9,
  }),
];

describe("normaliseSession", () => {
  const { records, turn } = normaliseSession(session, S, 3);
  it("keeps prompts, tool calls with arguments, results, the user's ! commands, errors, interruptions and compactions", () => {
    expect(records.map((r) => [r.turn, r.role, r.kind, r.text])).toEqual([
      [4, "user", "message", "FAKE_TOOL:echo hi"],
      [4, "assistant", "tool_call", "echo hi"],
      [4, "tool", "tool_result", "hi"],
      [4, "assistant", "message", "FAKE_DONE: tool finished"],
      [4, "user", "tool_call", "ls"],
      [4, "tool", "tool_result", "README.md"],
      [5, "user", "message", "plain string prompt"],
      [5, "system", "error", "401 unauthorized"],
      [5, "assistant", "message", "half"],
      [5, "system", "event", "interrupted by the user"],
      [5, "system", "event", "context compacted"],
    ]);
    expect(records[1]?.tool).toEqual({ id: "t1", name: "bash", input: { command: "echo hi" } });
    expect(records[2]?.tool).toEqual({ id: "t1", name: "bash", isError: false });
    expect(turn).toBe(5);
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
    for (const r of records) expect(TranscriptRecord.safeParse({ ...r, agent: "a" }).success).toBe(true);
  });
});

const rule = "─".repeat(100);
const footer = ["/w (master)", "↑10 ↓12 0.0%/128k (auto)                                        fake-model"];
const screenOf = (above: string[], editor: string[] = []) => [" pi v0.73.1", "", ...above, rule, ...editor, rule, ...footer, "", ""].join("\n");

describe("pi's screen", () => {
  it("finds the editor between the last two rules, with the footer below", () => {
    expect(screenShowsEditor(screenOf([" hello"]))).toBe(true);
    expect(editorText(screenOf([], ["line one", "line two"]))).toBe("line one\nline two");
    const scrolled = [" hi", "─── ↑ 3 more " + "─".repeat(80), "line four", "line five", "─── ↓ 1 more " + "─".repeat(80), ...footer].join("\n");
    expect(editorText(scrolled)).toBe("line four\nline five");
    expect(screenShowsEditor("fd not found. Offline mode enabled, skipping download.\n")).toBe(false);
    expect(screenShowsEditor([rule, "text", rule, ..."abcdefghijkl"].join("\n"))).toBe(false); // rules in the scrollback, not the editor
  });

  it("tells a selector or an extension's dialog in the editor's place from the editor and its autocomplete", () => {
    const selector = screenOf(
      [],
      ["Only showing models from configured providers. Use /login to add providers.", ">", "→ fake-model [muster] ✓", "  Model Name: fake-model"],
    );
    const confirm = screenOf([], ["", " Allow rm -rf?", "", " → Yes", "   No", "", " ↑↓ navigate  enter select  escape cancel", ""]);
    const input = screenOf([], ["", " Your name", "", " > ", "", " enter submit  escape cancel", ""]);
    const resume = screenOf([], ["Resume Session (Current Folder)", ">", "› first FAKE_LONG:4000                16 10m"]);
    for (const screen of [selector, confirm, input, resume]) {
      expect(screenShowsDialog(screen)).toBe(true);
      expect(screenShowsEditor(screen)).toBe(false);
      expect(piSignals({ agentDir: "/nowhere", screen })).toMatchObject({ ready: true, screen: { state: "blocked" } });
    }
    const autocomplete = [
      rule,
      "/model",
      rule,
      "→ model          Select model (opens selector UI)",
      "  scoped-models  Enable/disable models",
      ...footer,
    ].join("\n");
    expect(screenShowsDialog(autocomplete)).toBe(false);
    expect(screenShowsEditor(autocomplete)).toBe(true);
    expect(screenShowsDialog(screenOf([], ["please select a row, then cancel the job"]))).toBe(false);
  });

  it("reads the spinner above the editor as busy, below queued messages too", () => {
    expect(screenShowsBusy(screenOf([" ⠹ Working..."]))).toBe(true);
    expect(screenShowsBusy(screenOf([" ⠴ Working...", " Steering: queued", " ↳ Alt+Up to edit all queued messages"]))).toBe(true);
    expect(screenShowsBusy(screenOf([" ⠋ Auto-compacting... (escape to cancel)"]))).toBe(true);
    expect(screenShowsBusy(screenOf([" FAKE_DONE: tool finished"]))).toBe(false);
  });
});

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "muster-pi-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const files = new LocalFiles();
const hook = (ts: string, event: string, transcript = "", detail = "") =>
  JSON.stringify({ ts, event, session: S, source: "", detail, transcript }) + "\n";

describe("pi's status signals", () => {
  const now = Date.parse("2026-01-01T00:01:00Z");
  const at = (secondsBefore: number) => new Date(now - secondsBefore * 1000).toISOString();
  const signals = (screen: string) => piSignals({ agentDir: dir, files, screen, now });

  it("is starting until the editor shows, then follows the extension's events", () => {
    mkdirSync(join(dir, "status"));
    expect(signals("fd not found.")).toMatchObject({ ready: false, hook: null, screen: null });
    writeFileSync(hooksLog(dir), hook(at(5), "session_start"));
    expect(signals(screenOf([]))).toMatchObject({ ready: true, hook: { state: "waiting" }, screen: { state: "waiting" } });
    writeFileSync(hooksLog(dir), hook(at(1), "agent_start"), { flag: "a" });
    expect(signals(screenOf([" ⠹ Working..."])).hook).toMatchObject({ state: "working", source: "extension agent_start" });
    writeFileSync(hooksLog(dir), hook(at(0.5), "tool_execution_start", "", "bash"), { flag: "a" });
    expect(signals(screenOf([" ⠹ Working..."])).hook).toMatchObject({ state: "working", source: "extension tool_execution_start (bash)" });
    writeFileSync(hooksLog(dir), hook(at(0), "agent_end"), { flag: "a" });
    expect(signals(screenOf([])).hook).toMatchObject({ state: "waiting" });
  });

  it("keeps this process's state through a redraw that hides the editor, but reads a fresh launch as starting", () => {
    mkdirSync(join(dir, "status"));
    writeFileSync(launchMarker(dir), at(20) + "\n");
    writeFileSync(hooksLog(dir), hook(at(30), "agent_end") + hook(at(1), "agent_start"));
    const redraw = " word1 word2\n word3";
    expect(signals(redraw)).toMatchObject({ ready: true, hook: { state: "working" }, screen: null });
    writeFileSync(launchMarker(dir), at(0) + "\n"); // started again: the events are the old process's
    expect(signals(redraw)).toMatchObject({ ready: false, hook: null });
    expect(signals(screenOf([]))).toMatchObject({ ready: true, hook: null, screen: { state: "waiting" } });
  });

  it("lets the screen overrule an event older than 3 s that it contradicts", () => {
    mkdirSync(join(dir, "status"));
    writeFileSync(hooksLog(dir), hook(at(10), "agent_start"));
    expect(signals(screenOf([]))).toMatchObject({ hook: null, screen: { state: "waiting" } });
    expect(signals(screenOf([" ⠹ Working..."])).hook).toMatchObject({ state: "working" });
    writeFileSync(hooksLog(dir), hook(at(10), "agent_end"));
    expect(signals(screenOf([" ⠹ Working..."]))).toMatchObject({ hook: null, screen: { state: "working" } });
    writeFileSync(hooksLog(dir), hook(at(0), "session_before_compact"));
    expect(signals(screenOf([" ⠹ Auto-compacting... (escape to cancel)"])).hook).toMatchObject({ state: "working" });
    writeFileSync(hooksLog(dir), hook(at(0), "session_compact"), { flag: "a" });
    expect(signals(screenOf([])).hook).toMatchObject({ state: "waiting" });
    expect(signals(screenOf([" ⠹ Working..."]))).toMatchObject({ hook: null, screen: { state: "working" } });
  });
});

const ID = "agent-0123456789abcdef0123456789abcdef";
const endpoints = {
  anthropic: { baseUrl: "http://127.0.0.1:9", apiKey: "sk-agent" },
  openai: { baseUrl: "http://127.0.0.1:9/v1", apiKey: "sk-agent" },
  gemini: null,
};

describe("launching pi", () => {
  it("points pi at the Anthropic endpoint as its own provider, with the model as default and every start-up call off", () => {
    const spec = piType.launch(["--thinking", "high"], {
      record: { id: ID, name: "a", workDir: "/w", model: "fake/m" },
      agentDir: dir,
      program: "/bin/pi",
      endpoints,
    });
    expect(spec.argv).toEqual(["/bin/pi", "--extension", extensionPath(dir), "--thinking", "high"]);
    expect(spec.env).toMatchObject({
      PI_CODING_AGENT_DIR: piHome(dir),
      PI_CODING_AGENT_SESSION_DIR: sessionsDir(dir),
      PI_OFFLINE: "1",
      PI_SKIP_VERSION_CHECK: "1",
      PI_TELEMETRY: "0",
      [HOOKS_VARIABLE]: "1",
      [KEY_VARIABLE]: "sk-agent",
    });
    const file = (name: string) => JSON.parse(spec.files?.find((f) => f.path === join(piHome(dir), name))?.text ?? "null") as Record<string, unknown>;
    expect(file("models.json")).toEqual({
      providers: {
        muster: {
          baseUrl: "http://127.0.0.1:9",
          api: "anthropic-messages",
          apiKey: KEY_VARIABLE,
          models: [{ id: "fake/m", name: "fake/m", reasoning: false, input: ["text", "image"] }],
        },
      },
    });
    expect(file("settings.json")).toEqual({ defaultProvider: "muster", defaultModel: "fake/m", enableInstallTelemetry: false });
    expect(spec.files?.map((f) => f.path).every((p) => p.startsWith(join(dir, "home")) || p === launchMarker(dir))).toBe(true);
  });

  it("uses Chat Completions when only an OpenAI endpoint is given, and pi's own providers and --model when none is", () => {
    const openaiOnly = piType.launch([], {
      record: { id: ID, name: "a", workDir: "/w", model: null },
      agentDir: dir,
      endpoints: { anthropic: null, openai: endpoints.openai, gemini: null },
    });
    const models = JSON.parse(openaiOnly.files?.find((f) => f.path.endsWith("models.json"))?.text ?? "{}") as {
      providers: { muster: { api: string; models: Array<{ id: string }> } };
    };
    expect(models.providers.muster.api).toBe("openai-completions");
    expect(models.providers.muster.models[0]?.id).toBe("claude-opus-4-7");
    const bare = piType.launch([], { record: { id: ID, name: "a", workDir: "/w", model: "sonnet" }, agentDir: dir });
    expect(bare.argv).toEqual(["pi", "--extension", extensionPath(dir), "--model", "sonnet"]);
    expect(bare.files?.some((f) => f.path.endsWith("models.json"))).toBe(false);
    expect(bare.env[KEY_VARIABLE]).toBeUndefined();
  });

  it("resumes the last session file of its own that holds a prompt, keeping the user's words", () => {
    const command = ["/bin/pi", "--extension", "/x.js", "--thinking", "high"];
    const ctx = { record: { id: ID, name: "a", workDir: "/w", model: null, command }, agentDir: dir, files };
    expect(piType.relaunch?.(ctx)).toBeNull();
    const first = join(sessionsDir(dir), `2026-01-01T00-00-00-000Z_${S}.jsonl`);
    const nested = join(sessionsDir(dir), "2026-01-01T00-00-05-000Z_01a217de-0000-0000-0000-000000000000.jsonl");
    mkdirSync(sessionsDir(dir), { recursive: true });
    mkdirSync(join(dir, "status"));
    writeFileSync(first, session.join("\n"));
    writeFileSync(nested, session.join("\n"));
    writeFileSync(hooksLog(dir), hook("2026-01-01T00:00:00Z", "session_start", first));
    const resumed = piType.relaunch?.(ctx);
    expect(resumed?.argv).toEqual(["/bin/pi", "--session", first, "--extension", "/x.js", "--thinking", "high"]);
    expect(resumed?.files?.map((f) => f.path)).toEqual([launchMarker(dir)]); // events before it belong to the old process
    expect(piType.transcriptFiles?.(ctx)).toEqual([first]);
  });
});

describe("the status extension pi loads", () => {
  it("appends pi's lifecycle to hooks.jsonl, the prompt's tail on input, and stays quiet in child processes", async () => {
    const spec = piType.launch([], { record: { id: ID, name: "a", workDir: "/w", model: null }, agentDir: dir });
    const source = spec.files?.find((f) => f.path === extensionPath(dir))?.text ?? "";
    mkdirSync(join(dir, "status"));
    const path = join(dir, "muster-status.mjs");
    writeFileSync(path, source);
    process.env[HOOKS_VARIABLE] = "1";
    const handlers = new Map<string, (event: unknown, ctx: unknown) => unknown>();
    const mod = (await import(pathToFileURL(path).href)) as { default: (pi: unknown) => void };
    expect(process.env[HOOKS_VARIABLE]).toBeUndefined(); // a pi the agent runs in its shell does not report
    mod.default({ on: (event: string, handler: (event: unknown, ctx: unknown) => unknown) => handlers.set(event, handler) });
    const ctx = { sessionManager: { getSessionId: () => S, getSessionFile: () => "/s.jsonl" } };
    handlers.get("session_start")?.({ reason: "startup" }, ctx);
    handlers.get("input")?.({ text: "x".repeat(3000) + "the end", source: "interactive" }, ctx);
    handlers.get("agent_start")?.({}, ctx);
    handlers.get("tool_execution_start")?.({ toolName: "bash" }, ctx);
    handlers.get("agent_end")?.(
      {},
      {
        sessionManager: {
          getSessionId: () => {
            throw new Error("gone");
          },
        },
      },
    );
    const lines = readFileSync(hooksLog(dir), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, string>);
    expect(lines.map((l) => [l.event, l.session, l.transcript, l.source, l.detail])).toEqual([
      ["session_start", S, "/s.jsonl", "startup", ""],
      ["input", S, "/s.jsonl", "interactive", ""],
      ["agent_start", S, "/s.jsonl", "", ""],
      ["tool_execution_start", S, "/s.jsonl", "", "bash"],
    ]);
    expect(lines[1]?.prompt).toHaveLength(2000);
    expect(lines[1]?.prompt?.endsWith("the end")).toBe(true);
    expect(lines.every((l) => !Number.isNaN(Date.parse(l.ts ?? "")))).toBe(true);
  });
});
