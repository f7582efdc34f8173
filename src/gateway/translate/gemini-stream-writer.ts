import { writeError, type ErrorInfo } from "./errors.js";
import { candidate, functionCallPart, writeGeminiUsage } from "./gemini-response.js";
import type { JsonObject } from "./json.js";
import { jsonEvent } from "./sse.js";
import { newId, type TurnEnd, type TurnStart, type TurnWriter } from "./turn.js";
import type { SseEvent } from "./types.js";

/**
 * Writes a reply as Gemini's `alt=sse` stream: every event is a whole GenerateContentResponse.
 * Text and thoughts go out as they come; function calls go out whole (Gemini never streams their
 * arguments), in the last chunk with the finishReason and usageMetadata. There is no [DONE].
 */
export class GeminiStreamWriter implements TurnWriter {
  private id = "";
  private isDone = false;
  private readonly calls = new Map<string, { id: string; name: string; args: string }>();

  constructor(private readonly model: string) {}

  start(meta: TurnStart): SseEvent[] {
    if (this.id === "") this.id = meta.id;
    return [];
  }

  text(delta: string): SseEvent[] {
    return delta === "" ? [] : this.chunk([{ text: delta }]);
  }

  reasoning(delta: string): SseEvent[] {
    return delta === "" ? [] : this.chunk([{ text: delta, thought: true }]);
  }

  toolCall(key: string, id: string, name: string): SseEvent[] {
    this.calls.set(key, { id, name, args: "" });
    return [];
  }

  toolArguments(key: string, delta: string): SseEvent[] {
    const call = this.calls.get(key);
    if (call) call.args += delta;
    return [];
  }

  finish(end: TurnEnd): SseEvent[] {
    if (this.isDone) return [];
    const parts = [...this.calls.values()].map((call) => functionCallPart(call.id, call.name, call.args));
    const last = jsonEvent({ ...this.body(parts, end), usageMetadata: writeGeminiUsage(end.usage) });
    this.isDone = true;
    return [last];
  }

  fail(error: ErrorInfo): SseEvent[] {
    if (this.isDone) return [];
    this.isDone = true;
    return [jsonEvent(writeError("gemini", error))];
  }

  private chunk(parts: JsonObject[]): SseEvent[] {
    return this.isDone ? [] : [jsonEvent(this.body(parts, null))];
  }

  private body(parts: JsonObject[], end: TurnEnd | null): JsonObject {
    if (this.id === "") this.id = newId("resp_");
    return { candidates: [candidate(parts, end?.stop ?? null)], modelVersion: this.model, responseId: this.id };
  }
}
