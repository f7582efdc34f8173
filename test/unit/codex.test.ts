import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "smol-toml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalFiles } from "../../src/adapters/host-files.js";
import { configToml } from "../../src/agents/codex/config.js";
import { normaliseRollout } from "../../src/agents/codex/rollout.js";
import { codexSignals, latestTurn } from "../../src/agents/codex/status.js";
import { TranscriptRecord } from "../../src/domain/transcript.js";

const S = "01a2176a-f01f-7fe0-b53a-9ce475e36d54";
const row = (ts: string, type: string, payload: Record<string, unknown>) => JSON.stringify({ timestamp: ts, type, payload });
const rollout = [
  row("2026-01-01T00:00:00Z", "session_meta", { id: S }),
  row("2026-01-01T00:00:01Z", "event_msg", { type: "task_started" }),
  row("2026-01-01T00:00:01Z", "response_item", { type: "message", role: "developer", content: [{ type: "input_text", text: "<skills>" }] }),
  row("2026-01-01T00:00:01Z", "response_item", { type: "message", role: "user", content: [{ type: "input_text", text: "<environment_context>" }] }),
  row("2026-01-01T00:00:02Z", "response_item", { type: "message", role: "user", content: [{ type: "input_text", text: "FAKE_TOOL:echo hi" }] }),
  row("2026-01-01T00:00:03Z", "response_item", { type: "function_call", name: "exec_command", arguments: '{"cmd":"echo hi"}', call_id: "c1" }),
  row("2026-01-01T00:00:04Z", "response_item", { type: "function_call_output", call_id: "c1", output: "Process exited with code 0" }),
  row("2026-01-01T00:00:05Z", "response_item", {
    type: "message",
    role: "assistant",
    content: [{ type: "output_text", text: "FAKE_DONE: tool finished" }],
  }),
  row("2026-01-01T00:00:05Z", "event_msg", { type: "task_complete" }),
  row("2026-01-01T00:00:06Z", "event_msg", { type: "turn_aborted", reason: "interrupted" }),
];

describe("normaliseRollout", () => {
  const { records, turn } = normaliseRollout(rollout, S, 0);
  it("keeps the prompt, the tool call with its input, the result and the answer, skipping Codex's own context", () => {
    expect(records.map((r) => [r.turn, r.role, r.kind, r.text])).toEqual([
      [1, "user", "message", "FAKE_TOOL:echo hi"],
      [1, "assistant", "tool_call", "echo hi"],
      [1, "tool", "tool_result", "Process exited with code 0"],
      [1, "assistant", "message", "FAKE_DONE: tool finished"],
      [1, "system", "event", "turn aborted (interrupted)"],
    ]);
    expect(records[1]?.tool).toEqual({ id: "c1", name: "exec_command", input: { cmd: "echo hi" } });
    expect(records[2]?.tool?.name).toBe("exec_command");
    expect(turn).toBe(1);
    for (const r of records) expect(TranscriptRecord.safeParse({ ...r, agent: "a" }).success).toBe(true);
  });
});

describe("codex config.toml", () => {
  it("is valid TOML with the endpoint, the notify hook, trust and nothing that phones home", () => {
    const text = configToml('/var/tmp/a "b"/agents/agent-1', "/work/tree's", { baseUrl: "http://127.0.0.1:9/v1", apiKey: "k" }, "fake-model");
    const config = parse(text) as Record<string, unknown> & {
      model_providers: { muster: Record<string, string> };
      projects: Record<string, { trust_level: string }>;
    };
    expect(config.model).toBe("fake-model");
    expect(config.model_provider).toBe("muster");
    expect(config.model_providers.muster).toMatchObject({ base_url: "http://127.0.0.1:9/v1", env_key: "OPENAI_API_KEY", wire_api: "responses" });
    expect(config.notify).toEqual(["sh", '/var/tmp/a "b"/agents/agent-1/home/hook.sh', '/var/tmp/a "b"/agents/agent-1/status', "notify"]);
    expect(config.projects["/work/tree's"]?.trust_level).toBe("trusted");
    expect(config).toMatchObject({
      check_for_update_on_startup: false,
      analytics: { enabled: false },
      feedback: { enabled: false },
      features: { daemon_auto_start: false },
    });
  });

  it("leaves Codex's own provider alone without an endpoint", () => {
    const config = parse(configToml("/a", "/w", null, null));
    expect(config.model_provider).toBeUndefined();
    expect(config.model_providers).toBeUndefined();
  });
});

describe("codex status", () => {
  let dir: string;
  const files = new LocalFiles();
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "muster-codex-"));
    mkdirSync(join(dir, "status"));
    mkdirSync(join(dir, "home", "codex", "sessions", "2026", "01", "01"), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const writeRollout = (lines: string[]) =>
    writeFileSync(join(dir, "home", "codex", "sessions", "2026", "01", "01", `rollout-2026-01-01T00-00-00-${S}.jsonl`), lines.join("\n") + "\n");
  const composer = ["• FAKE_DONE", "", "› Ask Codex to do anything", "  fake-model default · /w"].join("\n");
  const now = Date.parse("2026-01-01T00:00:02Z");

  it("reads the turn from the rollout's markers", () => {
    writeRollout(rollout.slice(0, 5));
    expect(latestTurn(files, dir)).toMatchObject({ state: "working", session: S });
    writeRollout(rollout.slice(0, 9));
    expect(latestTurn(files, dir)).toMatchObject({ state: "waiting", source: "rollout task_complete" });
  });

  it("says working from a spinner in the title, and blocked on a numbered selection", () => {
    expect(codexSignals({ agentDir: dir, files, screen: composer, title: "⠙ repo", now }).screen?.state).toBe("working");
    expect(codexSignals({ agentDir: dir, files, screen: composer, title: "repo", now }).screen?.state).toBe("waiting");
    const dialog = ["Allow command?", "› 1. Yes, proceed", "  2. No"].join("\n");
    expect(codexSignals({ agentDir: dir, files, screen: dialog, title: "repo", now }).screen?.state).toBe("blocked");
    expect(codexSignals({ agentDir: dir, files, screen: composer, title: "[ . ] Action Required | repo", now }).screen?.state).toBe("blocked");
    expect(codexSignals({ agentDir: dir, files, screen: "starting…", title: "", now }).ready).toBe(false);
  });

  it("ends a turn the screen shows as over long after the rollout said it started", () => {
    writeRollout(rollout.slice(0, 5));
    expect(codexSignals({ agentDir: dir, files, screen: composer, title: "repo", now }).hook?.state).toBe("working");
    const later = codexSignals({ agentDir: dir, files, screen: composer, title: "repo", now: now + 10_000 });
    expect(later.hook).toBeNull();
    expect(later.screen?.state).toBe("waiting");
  });
});
