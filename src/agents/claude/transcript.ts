import { clip, type NativeRecord } from "../../domain/transcript.js";
import { summarise } from "../shared/tools.js";
import { parseJsonObject } from "../shared/json-lines.js";

type Json = Record<string, unknown>;

/**
 * Normalises Claude Code session files (projects/<dir>/<session>.jsonl). Only the main thread is
 * kept: user prompts, assistant text, tool calls with their input, tool results, API errors and
 * interruptions. Attachments, snapshots and request shapes are skipped.
 */
export function normaliseClaude(lines: readonly string[], session: string, startTurn: number): { records: NativeRecord[]; turn: number } {
  const records: NativeRecord[] = [];
  const toolNames = new Map<string, string>();
  let turn = startTurn;
  for (const line of lines) {
    const row = parseJsonObject(line);
    if (row === null || row.isSidechain === true || row.isMeta === true) continue;
    const ts = typeof row.timestamp === "string" ? row.timestamp : "";
    const uuid = typeof row.uuid === "string" ? row.uuid : null;
    if (uuid === null) continue;
    const base = { ts, source: "claude", session };
    const message = (row.message ?? {}) as Json;
    if (row.type === "user") {
      const blocks = contentBlocks(message.content);
      const results = blocks.filter((b) => b.type === "tool_result");
      for (const [i, b] of results.entries()) {
        const id = typeof b.tool_use_id === "string" ? b.tool_use_id : null;
        const name = (id && toolNames.get(id)) ?? "unknown";
        records.push({
          ...base,
          id: `${uuid}:${i}`,
          turn,
          role: "tool",
          kind: "tool_result",
          text: clip(resultText(b.content)),
          tool: { id, name, isError: b.is_error === true },
        });
      }
      const text = blocks
        .filter((b) => b.type === "text")
        .map((b) => String(b.text ?? ""))
        .join("\n");
      if (results.length > 0 || text === "") continue;
      if (/^\[Request interrupted by user/.test(text)) {
        records.push({ ...base, id: uuid, turn, role: "system", kind: "event", text: "interrupted by the user" });
        continue;
      }
      turn += 1;
      records.push({ ...base, id: uuid, turn, role: "user", kind: "message", text: slashCommand(text) ?? text });
      continue;
    }
    if (row.type === "assistant") {
      const isError = row.isApiErrorMessage === true;
      for (const [i, b] of contentBlocks(message.content).entries()) {
        const id = `${uuid}:${i}`;
        if (b.type === "text" && typeof b.text === "string" && b.text !== "") {
          records.push({ ...base, id, turn, role: "assistant", kind: isError ? "error" : "message", text: b.text });
        } else if (b.type === "tool_use") {
          const name = String(b.name ?? "unknown");
          const toolId = typeof b.id === "string" ? b.id : null;
          if (toolId) toolNames.set(toolId, name);
          records.push({
            ...base,
            id,
            turn,
            role: "assistant",
            kind: "tool_call",
            text: summarise(b.input),
            tool: { id: toolId, name, input: b.input },
          });
        }
      }
      continue;
    }
    if (row.type === "system" && row.subtype === "api_error") {
      records.push({ ...base, id: uuid, turn, role: "system", kind: "error", text: clip(String(row.content ?? row.error ?? "API error")) });
    }
  }
  return { records, turn };
}

/** A slash command is stored as tags (`<command-name>/clear</command-name>…`); shows it as typed. */
function slashCommand(text: string): string | null {
  const name = /<command-name>([^<]*)<\/command-name>/.exec(text)?.[1];
  if (name === undefined) return null;
  const args = /<command-args>([^<]*)<\/command-args>/.exec(text)?.[1]?.trim();
  return args ? `${name} ${args}` : name;
}

function contentBlocks(content: unknown): Json[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return Array.isArray(content) ? content.filter((b): b is Json => Boolean(b) && typeof b === "object") : [];
}

function resultText(content: unknown): string {
  if (typeof content === "string") return content;
  return contentBlocks(content)
    .map((b) => (typeof b.text === "string" ? b.text : ""))
    .join("\n");
}
