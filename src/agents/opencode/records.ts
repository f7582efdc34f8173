import { clip, type NativeRecord } from "../../domain/transcript.js";
import { summarise } from "../shared/tools.js";

type Json = Record<string, unknown>;

/** One line of records.jsonl as the plugin writes it (plugin.ts). */
export interface OpencodeRecord {
  ts: string;
  kind: "session" | "message" | "part";
  id: string;
  session?: string;
  parent?: string | null;
  role?: string | null;
  /** the message a part belongs to */
  message?: string;
  type?: string;
  text?: string;
  synthetic?: boolean;
  error?: { name: string; message: string } | null;
  tool?: string;
  callID?: string;
  state?: { status?: string; input?: unknown; output?: string; error?: string };
}

export function parseRecords(text: string): OpencodeRecord[] {
  const out: OpencodeRecord[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const row = JSON.parse(line) as Json;
      if (typeof row.id === "string" && typeof row.kind === "string") out.push(row as unknown as OpencodeRecord);
    } catch {
      // a line cut short by a crash is skipped
    }
  }
  return out;
}

/** A prompt the user typed (not text opencode added itself, such as a file's contents). */
export function isPrompt(r: OpencodeRecord): boolean {
  return r.kind === "part" && r.type === "text" && r.role === "user" && r.synthetic !== true && typeof r.text === "string";
}

/** The sessions with a parent: sub-agents, whose records belong to their task tool call. */
function childSessions(records: readonly OpencodeRecord[]): Set<string> {
  return new Set(records.filter((r) => r.kind === "session" && r.parent).map((r) => r.id));
}

/** The agent's own sessions that hold a prompt, in the order they were first used. */
export function promptedSessions(records: readonly OpencodeRecord[]): string[] {
  const children = childSessions(records);
  const out: string[] = [];
  for (const r of records) if (isPrompt(r) && r.session && !children.has(r.session) && !out.includes(r.session)) out.push(r.session);
  return out;
}

/**
 * Normalises the records: prompts (each starts a turn), answers, tool calls with input, tool results
 * and errors. A part is written several times as it changes; its last version counts. Records go in
 * message order (the order opencode made the messages), each message's parts in the order they
 * appeared and its error last, so an answer that ends after a queued prompt still belongs to its turn.
 */
export function normaliseRecords(records: readonly OpencodeRecord[]): NativeRecord[] {
  const children = childSessions(records);
  const latest = new Map<string, OpencodeRecord>();
  const firstSeen = new Map<string, string>();
  const groups = new Map<string, string[]>();
  for (const r of records) {
    if (r.kind === "session" || (r.session && children.has(r.session))) continue;
    const group = r.kind === "part" ? (r.message ?? r.id) : r.id;
    if (!groups.has(group)) groups.set(group, []);
    if (!latest.has(r.id)) {
      firstSeen.set(r.id, r.ts);
      if (r.kind === "part") groups.get(group)?.push(r.id);
    }
    latest.set(r.id, r);
  }
  const out: NativeRecord[] = [];
  let turn = 0;
  for (const [group, parts] of groups) {
    for (const id of parts) {
      const r = latest.get(id) as OpencodeRecord;
      const base = { id, ts: firstSeen.get(id) ?? r.ts, source: "opencode", session: r.session ?? null };
      if (isPrompt(r)) {
        turn += 1;
        out.push({ ...base, turn, role: "user", kind: "message", text: r.text ?? "" });
      } else if (r.type === "text" && r.role !== "user") {
        out.push({ ...base, turn, role: "assistant", kind: "message", text: r.text ?? "" });
      } else if (r.type === "tool") {
        out.push(...toolRecords(r, base, turn));
      }
    }
    const message = latest.get(group);
    if (message?.kind === "message" && message.error) {
      const base = { id: group, ts: firstSeen.get(group) ?? message.ts, source: "opencode", session: message.session ?? null };
      out.push({ ...base, turn, role: "system", kind: "error", text: clip(`${message.error.name}: ${message.error.message}`) });
    }
  }
  return out;
}

function toolRecords(r: OpencodeRecord, base: Omit<NativeRecord, "turn" | "role" | "kind" | "text">, turn: number): NativeRecord[] {
  const name = r.tool ?? "unknown";
  const callId = r.callID ?? null;
  const input = r.state?.input;
  const call: NativeRecord = {
    ...base,
    id: `${r.id}:call`,
    turn,
    role: "assistant",
    kind: "tool_call",
    text: summarise(input),
    tool: { id: callId, name, input },
  };
  const status = r.state?.status;
  if (status !== "completed" && status !== "error") return [call];
  const isError = status === "error";
  const text = clip(String((isError ? r.state?.error : r.state?.output) ?? ""));
  return [
    call,
    { ...base, id: `${r.id}:result`, turn, role: "tool", kind: "tool_result", text, tool: { id: callId, name, ...(isError ? { isError } : {}) } },
  ];
}
