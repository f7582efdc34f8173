import { writeError, type ErrorInfo } from "./errors.js";
import type { JsonObject } from "./json.js";
import { jsonEvent } from "./sse.js";
import { writeAnthropicStop } from "./stop.js";
import { newId, type TurnEnd, type TurnStart, type TurnWriter } from "./turn.js";
import type { SseEvent } from "./types.js";
import { writeAnthropicUsage } from "./usage.js";

type BlockKind = "text" | "thinking" | "tool_use";

/**
 * Writes a reply as Anthropic Messages events: message_start, then each content block as
 * content_block_start / content_block_delta... / content_block_stop, then message_delta with the
 * stop reason and usage, then message_stop. Other dialects report prompt usage only at the end, so
 * message_start carries zeros and message_delta the whole usage (the API's own message_delta
 * carries input and cache counts too, and clients take them from there).
 */
export class AnthropicStreamWriter implements TurnWriter {
  // isStarted once message_start is out; isDone once message_stop or an error is out.
  private isStarted = false;
  private isDone = false;
  /** the content block that is open, if any; blocks are written one after another */
  private open: { index: number; kind: BlockKind } | null = null;
  private nextIndex = 0;
  private readonly blockByToolKey = new Map<string, number>();

  constructor(private readonly model: string) {}

  start(meta: TurnStart): SseEvent[] {
    if (this.isStarted || this.isDone) return [];
    this.isStarted = true;
    const message = {
      id: meta.id,
      type: "message",
      role: "assistant",
      model: this.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 0, output_tokens: 0 },
    };
    return [event({ type: "message_start", message })];
  }

  text(delta: string): SseEvent[] {
    if (delta === "") return [];
    return this.append("text", { type: "text", text: "" }, { type: "text_delta", text: delta });
  }

  reasoning(delta: string): SseEvent[] {
    if (delta === "") return [];
    return this.append("thinking", { type: "thinking", thinking: "", signature: "" }, { type: "thinking_delta", thinking: delta });
  }

  toolCall(key: string, id: string, name: string): SseEvent[] {
    if (this.isDone) return [];
    const events = [...this.ensureStarted(), ...this.close()];
    const index = this.openBlock("tool_use", { type: "tool_use", id, name, input: {} }, events);
    this.blockByToolKey.set(key, index);
    return events;
  }

  toolArguments(key: string, delta: string): SseEvent[] {
    const index = this.blockByToolKey.get(key);
    if (this.isDone || index === undefined || delta === "") return [];
    return [event({ type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: delta } })];
  }

  finish(end: TurnEnd): SseEvent[] {
    if (this.isDone) return [];
    const events = [...this.ensureStarted(), ...this.close()];
    this.isDone = true;
    const delta = { stop_reason: writeAnthropicStop(end.stop), stop_sequence: end.stopSequence };
    events.push(event({ type: "message_delta", delta, usage: writeAnthropicUsage(end.usage) }), event({ type: "message_stop" }));
    return events;
  }

  fail(error: ErrorInfo): SseEvent[] {
    if (this.isDone) return [];
    this.isDone = true;
    return [jsonEvent(writeError("anthropic", error), "error")];
  }

  private append(kind: BlockKind, block: JsonObject, delta: JsonObject): SseEvent[] {
    if (this.isDone) return [];
    const events = this.ensureStarted();
    if (this.open?.kind !== kind) events.push(...this.close());
    const index = this.open?.index ?? this.openBlock(kind, block, events);
    events.push(event({ type: "content_block_delta", index, delta }));
    return events;
  }

  private openBlock(kind: BlockKind, block: JsonObject, events: SseEvent[]): number {
    const index = this.nextIndex++;
    this.open = { index, kind };
    events.push(event({ type: "content_block_start", index, content_block: block }));
    return index;
  }

  private close(): SseEvent[] {
    if (this.open === null) return [];
    const index = this.open.index;
    this.open = null;
    return [event({ type: "content_block_stop", index })];
  }

  private ensureStarted(): SseEvent[] {
    return this.isStarted ? [] : this.start({ id: newId("msg_"), created: 0 });
  }
}

function event(payload: JsonObject & { type: string }): SseEvent {
  return jsonEvent(payload, payload.type);
}
