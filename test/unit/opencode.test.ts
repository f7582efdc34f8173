import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalFiles } from "../../src/adapters/host-files.js";
import { opencodeJson } from "../../src/agents/opencode/config.js";
import { opencodeType } from "../../src/agents/opencode/index.js";
import { pluginSource } from "../../src/agents/opencode/plugin.js";
import { normaliseRecords, parseRecords, promptedSessions } from "../../src/agents/opencode/records.js";
import { opencodeSignals, promptBoxText } from "../../src/agents/opencode/status.js";
import { hooksLog } from "../../src/agents/shared/hooks.js";
import { TranscriptRecord } from "../../src/domain/transcript.js";

type Event = { type: string; properties: Record<string, unknown> };
type Plugin = () => Promise<{ event(input: { event: Event }): Promise<void> }>;

let agentDir: string;
beforeEach(() => {
  agentDir = mkdtempSync(join(tmpdir(), "muster-opencode-"));
  mkdirSync(join(agentDir, "status"));
});
afterEach(() => rmSync(agentDir, { recursive: true, force: true }));

const records = () => join(agentDir, "home", "opencode", "records.jsonl");

/** Loads the plugin as opencode would (an ES module) and plays events into it. */
async function runPlugin(events: Event[]): Promise<void> {
  mkdirSync(join(agentDir, "home", "opencode"), { recursive: true });
  const file = join(agentDir, "plugin.mjs");
  writeFileSync(file, pluginSource(hooksLog(agentDir), records()));
  const mod = (await import(pathToFileURL(file).href)) as { MusterStatus: Plugin };
  const hooks = await mod.MusterStatus();
  for (const event of events) await hooks.event({ event });
}

const S = "ses_main";
const user = (id: string, text: string): Event[] => [
  { type: "message.updated", properties: { info: { id: `msg_${id}`, sessionID: S, role: "user" } } },
  { type: "message.part.updated", properties: { part: { id: `prt_${id}`, messageID: `msg_${id}`, sessionID: S, type: "text", text } } },
];
const status = (session: string, type: string): Event => ({ type: "session.status", properties: { sessionID: session, status: { type } } });
const tool = (state: Record<string, unknown>): Event => ({
  type: "message.part.updated",
  properties: { part: { id: "prt_tool", messageID: "msg_a1", sessionID: S, type: "tool", tool: "bash", callID: "call_1", state } },
});
const SESSION: Event[] = [
  { type: "session.created", properties: { info: { id: S, directory: "/w" } } },
  ...user("u1", "FAKE_TOOL:echo hi > f.txt"),
  status(S, "busy"),
  status(S, "busy"),
  { type: "message.updated", properties: { info: { id: "msg_a1", sessionID: S, role: "assistant" } } },
  tool({ status: "pending", input: {}, raw: "" }),
  tool({ status: "running", input: { command: "echo hi > f.txt", description: "d" }, metadata: { output: "" } }),
  tool({ status: "running", input: { command: "echo hi > f.txt", description: "d" }, metadata: { output: "partial" } }),
  tool({ status: "completed", input: { command: "echo hi > f.txt", description: "d" }, output: "x".repeat(9000) }),
  { type: "session.created", properties: { info: { id: "ses_child", parentID: S } } },
  status("ses_child", "busy"),
  status("ses_child", "idle"),
  {
    type: "message.part.updated",
    properties: { part: { id: "prt_a2", messageID: "msg_a1", sessionID: S, type: "text", text: "FAKE_DONE: tool finished" } },
  },
  {
    type: "message.part.updated",
    properties: { part: { id: "prt_c1", messageID: "msg_c1", sessionID: "ses_child", type: "text", text: "sub-agent says" } },
  },
  {
    type: "message.updated",
    properties: { info: { id: "msg_a1", sessionID: S, role: "assistant", error: { name: "APIError", data: { message: "boom" } } } },
  },
  status(S, "idle"),
];

describe("the opencode status plugin", () => {
  it("writes status changes once each, marks sub-agent sessions, and records prompts, tool calls and answers", async () => {
    await runPlugin(SESSION);
    const lines = readFileSync(hooksLog(agentDir), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { event: string; session: string; source: string; detail: string });
    expect(lines.map((l) => [l.event, l.session, l.source, l.detail])).toEqual([
      ["plugin.loaded", "", "opencode", String(process.pid)],
      ["session.created", S, "opencode", ""],
      ["session.status", S, "opencode", "busy"],
      ["session.created", "ses_child", "child", "child"],
      ["session.status", "ses_child", "child", "busy"],
      ["session.status", "ses_child", "child", "idle"],
      ["session.status", S, "opencode", "idle"],
    ]);
    const parsed = parseRecords(readFileSync(records(), "utf8"));
    expect(parsed.filter((r) => r.id === "prt_tool").map((r) => r.state?.status)).toEqual(["running", "completed"]);
    expect(promptedSessions(parsed)).toEqual([S]);

    const out = normaliseRecords(parsed);
    expect(out.map((r) => [r.turn, r.role, r.kind, r.text.slice(0, 30)])).toEqual([
      [1, "user", "message", "FAKE_TOOL:echo hi > f.txt"],
      [1, "assistant", "tool_call", "echo hi > f.txt"],
      [1, "tool", "tool_result", "x".repeat(30)],
      [1, "assistant", "message", "FAKE_DONE: tool finished"],
      [1, "system", "error", "APIError: boom"],
    ]);
    expect(out[1]?.tool).toEqual({ id: "call_1", name: "bash", input: { command: "echo hi > f.txt", description: "d" } });
    expect(out[2]?.text).toContain("more characters]");
    for (const r of out) expect(TranscriptRecord.safeParse({ ...r, agent: "a" }).success).toBe(true);
    expect(new Set(out.map((r) => r.id)).size).toBe(out.length);
  });

  it("keeps an answer in its own turn when a prompt queued during it was recorded first", async () => {
    await runPlugin([
      ...user("u1", "long one"),
      { type: "message.updated", properties: { info: { id: "msg_a1", sessionID: S, role: "assistant" } } },
      ...user("u2", "queued while busy"),
      {
        type: "message.part.updated",
        properties: { part: { id: "prt_a1", messageID: "msg_a1", sessionID: S, type: "text", text: "the long answer" } },
      },
    ]);
    const out = normaliseRecords(parseRecords(readFileSync(records(), "utf8")));
    expect(out.map((r) => [r.turn, r.role, r.text])).toEqual([
      [1, "user", "long one"],
      [1, "assistant", "the long answer"],
      [2, "user", "queued while busy"],
    ]);
  });

  it("gives delivery evidence only for a prompt past the baseline", async () => {
    const ctx = { record: { id: "agent-1", name: "a", workDir: "/w", model: null, command: [] }, agentDir, files: new LocalFiles() };
    const probe = opencodeType.delivery;
    if (!probe) throw new Error("opencode confirms delivery");
    await runPlugin(user("u1", "first prompt"));
    const baseline = probe.baseline(ctx);
    expect(probe.accepted(ctx, baseline, "first prompt")).toBeNull();
    await runPlugin(user("u2", 'second "prompt"\nwith two lines'));
    expect(probe.accepted(ctx, baseline, 'second "prompt"\nwith two lines')).toContain("user message in the session records");
  });
});

const WAITING = [
  "  ┃",
  "  ┃  FAKE_REPLY: hi",
  "  ┃",
  "",
  "  ┃",
  "  ┃  typed text",
  "  ┃  Build · fake-model muster",
  "  ╹▀▀▀▀▀▀",
  "   /w        ctrl+p commands",
].join("\n");
const BUSY = WAITING.replace("/w        ctrl+p", "⬝⬝⬝⬝  esc interrupt   ctrl+p");
const DIALOG = [
  "  ┃  △ Permission required",
  "  ┃    ← Access external directory /tmp",
  "  ┃   Allow once   Allow always   Reject   enter confirm",
].join("\n");

describe("opencode status", () => {
  const at = (ms: number) => Date.parse("2026-01-01T00:00:00Z") + ms;
  const events = (...lines: Array<[string, string, string?]>) =>
    writeFileSync(
      hooksLog(agentDir),
      lines
        .map(([event, detail, source]) => JSON.stringify({ ts: "2026-01-01T00:00:00.000Z", event, session: S, source: source ?? "opencode", detail }))
        .join("\n") + "\n",
    );
  const signals = (screen: string, now = at(100)) => opencodeSignals({ agentDir, files: new LocalFiles(), screen, now });

  it("reads the prompt box, the busy footer and the permission dialog", () => {
    expect(promptBoxText(WAITING)).toContain("typed text");
    expect(promptBoxText(WAITING)).not.toContain("FAKE_REPLY");
    expect(signals(WAITING)).toMatchObject({ ready: true, hook: null, screen: { state: "waiting" } });
    expect(signals(BUSY).screen?.state).toBe("working");
    expect(signals(DIALOG)).toMatchObject({ ready: true, screen: { state: "blocked" } });
    expect(signals("")).toMatchObject({ ready: false, screen: null });
  });

  it("takes the plugin's events first, ignores a sub-agent's idle and events of an earlier run", () => {
    events(["plugin.loaded", "1"], ["session.status", "busy"], ["session.status", "idle", "child"]);
    expect(signals(BUSY).hook?.state).toBe("working");
    expect(signals("").hook?.state).toBe("working"); // the TUI redrawing into the session
    events(["session.status", "busy"], ["plugin.loaded", "2"]);
    expect(signals(WAITING).hook).toBeNull();
    events(["plugin.loaded", "1"], ["permission.asked", "external_directory"]);
    expect(signals(DIALOG).hook?.state).toBe("blocked");
    expect(signals(WAITING, at(2_000)).hook).toBeNull(); // answered: no dialog on screen
  });

  it("lets the screen overrule a stale busy event", () => {
    events(["plugin.loaded", "1"], ["session.status", "busy"]);
    expect(signals(WAITING, at(1_000)).hook?.state).toBe("working");
    expect(signals(WAITING, at(4_000))).toMatchObject({ hook: null, screen: { state: "waiting" } });
  });
});

describe("opencode launch and resume", () => {
  it("points opencode at the endpoint as its only provider, with the key left in the environment", () => {
    const config = JSON.parse(opencodeJson({ baseUrl: "http://127.0.0.1:9/v1", apiKey: "secret" }, "fake/m")) as Record<string, unknown>;
    expect(config).toMatchObject({
      model: "muster/fake/m",
      small_model: "muster/fake/m",
      enabled_providers: ["muster"],
      autoupdate: false,
      share: "disabled",
      provider: { muster: { npm: "@ai-sdk/openai-compatible", options: { baseURL: "http://127.0.0.1:9/v1", apiKey: "{env:OPENAI_API_KEY}" } } },
    });
    expect(JSON.stringify(config)).not.toContain("secret");
    expect(JSON.parse(opencodeJson(null, "anthropic/x"))).toEqual({
      autoupdate: false,
      share: "disabled",
      model: "anthropic/x",
      small_model: "anthropic/x",
    });
  });

  it("runs the TUI with --model, and resumes the newest prompted session with --session", async () => {
    const launched = opencodeType.launch(["--agent", "plan"], {
      record: { id: "agent-1", name: "a", workDir: "/w", model: "m" },
      agentDir,
      program: "/bin/opencode",
      endpoints: { anthropic: null, openai: { baseUrl: "http://127.0.0.1:9/v1", apiKey: "k" }, gemini: null },
    });
    expect(launched.argv).toEqual(["/bin/opencode", "--model", "muster/m", "--agent", "plan"]);
    const withoutModel = {
      record: { id: "agent-1", name: "a", workDir: "/w", model: null },
      agentDir,
      endpoints: { anthropic: null, openai: { baseUrl: "http://x/v1", apiKey: "k" }, gemini: null },
    };
    expect(() => opencodeType.launch([], withoutModel)).toThrow(/needs --model/);
    expect(launched.env.XDG_DATA_HOME).toBe(join(agentDir, "home", "opencode", "data"));
    const ctx = { record: { id: "agent-1", name: "a", workDir: "/w", model: "m", command: launched.argv }, agentDir, files: new LocalFiles() };
    expect(opencodeType.relaunch?.(ctx)).toBeNull();
    await runPlugin(user("u1", "hello"));
    expect(opencodeType.relaunch?.(ctx)?.argv).toEqual(["/bin/opencode", "--session", S, "--model", "muster/m", "--agent", "plan"]);
  });
});
