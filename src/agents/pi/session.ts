import { basename } from "node:path";
import { clip, type NativeRecord } from "../../domain/transcript.js";
import { summarise } from "../shared/tools.js";
import { parseJsonObject } from "../shared/json-lines.js";

type Json = Record<string, unknown>;

/** The session id in a session file's name (<timestamp>_<uuid>.jsonl). */
export function sessionOf(path: string): string {
  return /_([0-9a-f-]{36})\.jsonl$/.exec(basename(path))?.[1] ?? basename(path, ".jsonl");
}

/** The text of a user message entry, or null when the entry is something else. */
export function userText(entry: Json): string | null {
  const message = entry.message as Json | undefined;
  if (entry.type !== "message" || message?.role !== "user") return null;
  return textOf(message.content);
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .filter((b): b is Json => Boolean(b) && typeof b === "object" && (b as Json).type === "text")
    .map((b) => String(b.text ?? ""))
    .join("\n");
}

/**
 * Normalises one pi session file: prompts, answers, tool calls with their arguments, tool results,
 * the user's own `!` commands, errors, interruptions and compactions. Model and thinking-level
 * changes, labels and extension state are skipped.
 */
export function normaliseSession(lines: readonly string[], session: string, startTurn: number): { records: NativeRecord[]; turn: number } {
  const records: NativeRecord[] = [];
  let turn = startTurn;
  for (const line of lines) {
    const entry = parseJsonObject(line);
    if (entry === null || typeof entry.id !== "string") continue;
    const base = { ts: typeof entry.timestamp === "string" ? entry.timestamp : "", source: "pi", session };
    const id = `${session}:${entry.id}`;
    if (entry.type === "compaction") {
      records.push({ ...base, id, turn, role: "system", kind: "event", text: "context compacted" });
      continue;
    }
    if (entry.type === "branch_summary") {
      records.push({ ...base, id, turn, role: "system", kind: "event", text: "moved to another branch of the session" });
      continue;
    }
    const message = entry.message as Json | undefined;
    if (entry.type !== "message" || message === undefined) continue;
    switch (message.role) {
      case "user": {
        const text = textOf(message.content);
        if (text === "") break;
        turn += 1;
        records.push({ ...base, id, turn, role: "user", kind: "message", text });
        break;
      }
      case "assistant":
        records.push(...assistantRecords(message, { ...base, id, turn }));
        break;
      case "toolResult": {
        const toolId = typeof message.toolCallId === "string" ? message.toolCallId : null;
        const name = typeof message.toolName === "string" ? message.toolName : "unknown";
        const isError = message.isError === true;
        records.push({
          ...base,
          id,
          turn,
          role: "tool",
          kind: "tool_result",
          text: clip(textOf(message.content)),
          tool: { id: toolId, name, isError },
        });
        break;
      }
      case "bashExecution": {
        const command = String(message.command ?? "");
        records.push({
          ...base,
          id: `${id}:0`,
          turn,
          role: "user",
          kind: "tool_call",
          text: clip(command, 400),
          tool: { id: entry.id, name: "bash", input: { command } },
        });
        records.push({
          ...base,
          id: `${id}:1`,
          turn,
          role: "tool",
          kind: "tool_result",
          text: clip(String(message.output ?? "")),
          tool: { id: entry.id, name: "bash", isError: typeof message.exitCode === "number" && message.exitCode !== 0 },
        });
        break;
      }
    }
  }
  return { records, turn };
}

function assistantRecords(message: Json, base: Omit<NativeRecord, "role" | "kind" | "text">): NativeRecord[] {
  const out: NativeRecord[] = [];
  const blocks = Array.isArray(message.content) ? (message.content as Json[]) : [];
  blocks.forEach((b, i) => {
    const id = `${base.id}:${i}`;
    if (b?.type === "text" && typeof b.text === "string" && b.text !== "") {
      out.push({ ...base, id, role: "assistant", kind: "message", text: b.text });
    } else if (b?.type === "toolCall") {
      const name = String(b.name ?? "unknown");
      out.push({
        ...base,
        id,
        role: "assistant",
        kind: "tool_call",
        text: summarise(b.arguments),
        tool: { id: typeof b.id === "string" ? b.id : null, name, input: b.arguments },
      });
    }
  });
  if (message.stopReason === "error") {
    out.push({ ...base, id: `${base.id}:error`, role: "system", kind: "error", text: clip(String(message.errorMessage ?? "model error")) });
  } else if (message.stopReason === "aborted") {
    out.push({ ...base, id: `${base.id}:aborted`, role: "system", kind: "event", text: "interrupted by the user" });
  }
  return out;
}
