import { join } from "node:path";
import { clip, type NativeRecord } from "../../domain/transcript.js";
import type { HostFiles } from "../../ports/host.js";
import { summarise } from "../shared/tools.js";
import { codexHome } from "./config.js";
import { parseJsonObject } from "../shared/json-lines.js";

type Json = Record<string, unknown>;

/** Rollout files (sessions/YYYY/MM/DD/rollout-<time>-<session>.jsonl), oldest first. */
export function rolloutFiles(files: HostFiles, agentDir: string): string[] {
  const root = join(codexHome(agentDir), "sessions");
  const out: string[] = [];
  for (const year of files.list(root)) {
    for (const month of files.list(join(root, year))) {
      for (const day of files.list(join(root, year, month))) {
        for (const name of files.list(join(root, year, month, day))) {
          if (/^rollout-.*\.jsonl$/.test(name)) out.push(join(root, year, month, day, name));
        }
      }
    }
  }
  return out;
}

export function sessionOf(path: string): string {
  return /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/.exec(path)?.[1] ?? path;
}

/** The prompt text of a user message item, or null when it is context Codex added itself. */
export function promptText(payload: Json): string | null {
  if (payload.type !== "message" || payload.role !== "user") return null;
  const parts = Array.isArray(payload.content) ? (payload.content as Json[]) : [];
  const text = parts.map((p) => (typeof p.text === "string" ? p.text : "")).join("\n");
  const trimmed = text.trimStart();
  if (trimmed === "" || trimmed.startsWith("<") || trimmed.startsWith("# AGENTS.md")) return null;
  return text;
}

/** Normalises one rollout: prompts, answers, tool calls with input, tool results, errors, aborts. */
export function normaliseRollout(lines: readonly string[], session: string, startTurn: number): { records: NativeRecord[]; turn: number } {
  const records: NativeRecord[] = [];
  const toolNames = new Map<string, string>();
  let turn = startTurn;
  lines.forEach((line, index) => {
    const row = parseJsonObject(line);
    if (row === null) return;
    const payload = (row.payload ?? {}) as Json;
    const base = { id: `${session}:${index}`, ts: typeof row.timestamp === "string" ? row.timestamp : "", source: "codex", session };
    if (row.type === "event_msg") {
      if (payload.type === "error") records.push({ ...base, turn, role: "system", kind: "error", text: clip(String(payload.message ?? "error")) });
      if (payload.type === "turn_aborted")
        records.push({ ...base, turn, role: "system", kind: "event", text: `turn aborted (${String(payload.reason ?? "interrupted")})` });
      return;
    }
    if (row.type !== "response_item") return;
    const prompt = promptText(payload);
    if (prompt !== null) {
      turn += 1;
      records.push({ ...base, turn, role: "user", kind: "message", text: prompt });
    } else if (payload.type === "message" && payload.role === "assistant") {
      const parts = Array.isArray(payload.content) ? (payload.content as Json[]) : [];
      const text = parts.map((p) => (typeof p.text === "string" ? p.text : "")).join("");
      if (text !== "") records.push({ ...base, turn, role: "assistant", kind: "message", text });
    } else if (payload.type === "function_call" || payload.type === "custom_tool_call") {
      const name = String(payload.name ?? "unknown");
      const id = typeof payload.call_id === "string" ? payload.call_id : null;
      if (id) toolNames.set(id, name);
      const input = payload.type === "function_call" ? parseArgs(payload.arguments) : payload.input;
      records.push({
        ...base,
        turn,
        role: "assistant",
        kind: "tool_call",
        text: typeof input === "string" ? clip(input, 400) : summarise(input),
        tool: { id, name, input },
      });
    } else if (payload.type === "function_call_output" || payload.type === "custom_tool_call_output") {
      const id = typeof payload.call_id === "string" ? payload.call_id : null;
      const output = typeof payload.output === "string" ? payload.output : JSON.stringify(payload.output ?? "");
      records.push({
        ...base,
        turn,
        role: "tool",
        kind: "tool_result",
        text: clip(output),
        tool: { id, name: (id && toolNames.get(id)) ?? "unknown" },
      });
    }
  });
  return { records, turn };
}

function parseArgs(args: unknown): unknown {
  if (typeof args !== "string") return args;
  try {
    return JSON.parse(args);
  } catch {
    return args;
  }
}
