import { describe, expect, it } from "vitest";
import { normaliseClaude } from "../../src/agents/claude/transcript.js";
import { TranscriptRecord } from "../../src/domain/transcript.js";
import { containsText, fingerprint } from "../../src/agents/shared/text.js";

const S = "11111111-2222-4333-8444-555555555555";
const line = (o: Record<string, unknown>) => JSON.stringify({ isSidechain: false, sessionId: S, ...o });
const lines = [
  line({ type: "mode", mode: "normal" }),
  line({ type: "user", uuid: "u1", timestamp: "2026-01-01T00:00:01Z", message: { role: "user", content: "FAKE_TOOL:echo hi > made.txt" } }),
  line({ type: "attachment", uuid: "a1", timestamp: "2026-01-01T00:00:01Z", attachment: { type: "date" } }),
  line({
    type: "assistant",
    uuid: "m1",
    timestamp: "2026-01-01T00:00:02Z",
    message: { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "Bash", input: { command: "echo hi > made.txt" } }] },
  }),
  line({
    type: "user",
    uuid: "r1",
    timestamp: "2026-01-01T00:00:03Z",
    message: { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "done", is_error: false }] },
  }),
  line({
    type: "assistant",
    uuid: "m2",
    timestamp: "2026-01-01T00:00:04Z",
    message: { role: "assistant", content: [{ type: "text", text: "FAKE_DONE: tool finished" }] },
  }),
  line({ type: "user", uuid: "u2", timestamp: "2026-01-01T00:00:05Z", isMeta: true, message: { role: "user", content: "<local-command-caveat>" } }),
  line({ type: "user", uuid: "u3", timestamp: "2026-01-01T00:00:06Z", message: { role: "user", content: [{ type: "text", text: "second" }] } }),
  line({
    type: "user",
    uuid: "u4",
    timestamp: "2026-01-01T00:00:07Z",
    message: { role: "user", content: [{ type: "text", text: "[Request interrupted by user]" }] },
  }),
  line({
    type: "assistant",
    uuid: "s1",
    isSidechain: true,
    timestamp: "2026-01-01T00:00:08Z",
    message: { content: [{ type: "text", text: "sub-agent" }] },
  }),
  "{not json",
];

describe("normaliseClaude", () => {
  const { records, turn } = normaliseClaude(lines, S, 0);

  it("keeps prompts, text, tool calls and results in order, with turns", () => {
    expect(records.map((r) => [r.turn, r.role, r.kind])).toEqual([
      [1, "user", "message"],
      [1, "assistant", "tool_call"],
      [1, "tool", "tool_result"],
      [1, "assistant", "message"],
      [2, "user", "message"],
      [2, "system", "event"],
    ]);
    expect(turn).toBe(2);
  });

  it("names the tool of a result and keeps the call's input", () => {
    expect(records[1]?.tool).toMatchObject({ id: "toolu_1", name: "Bash", input: { command: "echo hi > made.txt" } });
    expect(records[1]?.text).toBe("echo hi > made.txt");
    expect(records[2]?.tool).toMatchObject({ id: "toolu_1", name: "Bash", isError: false });
  });

  it("produces records with stable ids that satisfy the schema", () => {
    for (const r of records) expect(TranscriptRecord.safeParse({ ...r, agent: "a" }).success).toBe(true);
    expect(normaliseClaude(lines, S, 0).records.map((r) => r.id)).toEqual(records.map((r) => r.id));
  });

  it("continues turn numbers from an earlier session", () => {
    expect(normaliseClaude(lines, S, 5).records[0]?.turn).toBe(6);
  });
});

describe("slash commands", () => {
  it("are shown as typed, with their arguments", () => {
    const row = (uuid: string, content: string) =>
      line({ type: "user", uuid, timestamp: "2026-01-01T00:00:01Z", message: { role: "user", content } });
    const { records } = normaliseClaude(
      [
        row("c1", "<command-name>/clear</command-name>\n<command-message>clear</command-message>\n<command-args></command-args>"),
        row("c2", "<command-name>/model</command-name>\n<command-args>sonnet</command-args>"),
      ],
      S,
      0,
    );
    expect(records.map((r) => r.text)).toEqual(["/clear", "/model sonnet"]);
  });
});

describe("text fingerprints", () => {
  it("match across rewrapping, case and punctuation", () => {
    expect(containsText("> Please DO  this,\n now!", "please do this now")).toBe(true);
    expect(containsText("something else", "please do this now")).toBe(false);
    expect(fingerprint("")).toBe("");
    expect(containsText("anything", "!!!")).toBe(false);
  });
});
