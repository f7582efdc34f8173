import { join } from "node:path";
import { clip, type NativeRecord } from "../../domain/transcript.js";
import type { HostFiles } from "../../ports/host.js";
import { summarise } from "../shared/tools.js";
import { geminiDir } from "./config.js";
import { parseJsonObject } from "../shared/json-lines.js";

type Json = Record<string, unknown>;

/**
 * Session files: tmp/<project>/chats/session-<time>-<id8>.jsonl under the agent's own .gemini, oldest
 * first. The home is the agent's alone, so every project dir in it is the agent's (subagent sessions
 * live one dir deeper and are left out).
 */
export function sessionFiles(files: HostFiles, agentDir: string): string[] {
  const tmp = join(geminiDir(agentDir), "tmp");
  const out: string[] = [];
  for (const project of files.list(tmp)) {
    const chats = join(tmp, project, "chats");
    for (const name of files.list(chats)) if (/^session-.*\.jsonl$/.test(name)) out.push(join(chats, name));
  }
  return out.sort((a, b) => baseName(a).localeCompare(baseName(b)));
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** The session's id, from the metadata on its first line. */
export function sessionIdOf(files: HostFiles, path: string): string | null {
  const first = parseJsonObject(files.readFrom(path, 0).split("\n", 1)[0] ?? "");
  return typeof first?.sessionId === "string" ? first.sessionId : null;
}

/**
 * The messages of a session file. The CLI appends a message again each time it changes (a tool call
 * getting its result), so the last version of each id counts, in the order the ids first appeared.
 */
export function messagesOf(text: string): Json[] {
  const byId = new Map<string, Json>();
  for (const line of text.split("\n")) {
    const row = parseJsonObject(line);
    if (row === null || typeof row.id !== "string" || typeof row.type !== "string") continue;
    byId.set(row.id, row);
  }
  return [...byId.values()];
}

/** The text of a message's content: a string, or a list of parts with `text`. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((part: Json) => (typeof part?.text === "string" ? part.text : "")).join("");
}

/** A prompt the user typed: a user message (slash commands are not recorded as messages). */
export function promptOf(message: Json): string | null {
  if (message.type !== "user") return null;
  const text = contentText(message.content);
  return text.trim() === "" ? null : text;
}

/** Normalises one session: prompts, answers, tool calls with their input and results, errors. */
export function normaliseSession(text: string, session: string, startTurn: number): { records: NativeRecord[]; turn: number } {
  const records: NativeRecord[] = [];
  let turn = startTurn;
  for (const message of messagesOf(text)) {
    const base = {
      id: `${session}:${String(message.id)}`,
      ts: typeof message.timestamp === "string" ? message.timestamp : "",
      source: "gemini",
      session,
    };
    const prompt = promptOf(message);
    if (prompt !== null) {
      turn += 1;
      records.push({ ...base, turn, role: "user", kind: "message", text: prompt });
      continue;
    }
    if (message.type === "error") records.push({ ...base, turn, role: "system", kind: "error", text: clip(contentText(message.content)) });
    if (message.type !== "gemini") continue;
    const answer = contentText(message.content);
    if (answer !== "") records.push({ ...base, turn, role: "assistant", kind: "message", text: answer });
    for (const call of Array.isArray(message.toolCalls) ? (message.toolCalls as Json[]) : []) records.push(...toolRecords(base, turn, call));
  }
  return { records, turn };
}

function toolRecords(base: Omit<NativeRecord, "turn" | "role" | "kind" | "text">, turn: number, call: Json): NativeRecord[] {
  const id = typeof call.id === "string" ? call.id : null;
  const name = typeof call.name === "string" ? call.name : "unknown";
  const out: NativeRecord[] = [
    {
      ...base,
      id: `${base.id}:call:${id ?? name}`,
      turn,
      role: "assistant",
      kind: "tool_call",
      text: summarise(call.args),
      tool: { id, name, input: call.args },
    },
  ];
  const result = resultText(call);
  if (result !== null) {
    const isError = call.status === "error" || call.status === "cancelled";
    out.push({
      ...base,
      id: `${base.id}:result:${id ?? name}`,
      turn,
      role: "tool",
      kind: "tool_result",
      text: clip(result),
      tool: { id, name, isError },
    });
  }
  return out;
}

/** What the tool gave back: the functionResponse output the model saw, else what the screen showed. */
function resultText(call: Json): string | null {
  if (call.status !== "success" && call.status !== "error" && call.status !== "cancelled") return null;
  const parts = Array.isArray(call.result) ? (call.result as Json[]) : [];
  for (const part of parts) {
    const response = (part.functionResponse as Json | undefined)?.response as Json | undefined;
    if (typeof response?.output === "string") return response.output;
    if (typeof response?.error === "string") return response.error;
  }
  return typeof call.resultDisplay === "string" ? call.resultDisplay : JSON.stringify(call.result ?? "");
}
