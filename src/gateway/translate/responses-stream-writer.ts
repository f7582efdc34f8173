import { type ErrorInfo } from "./errors.js";
import type { JsonObject } from "./json.js";
import {
  functionCallItem,
  itemId,
  messageItem,
  outputText,
  reasoningItem,
  reasoningPart,
  responseIdOf,
  responseObject,
} from "./responses-response.js";
import { jsonEvent } from "./sse.js";
import { writeResponsesStatus } from "./stop.js";
import { newId, nowSeconds, type TurnEnd, type TurnStart, type TurnWriter } from "./turn.js";
import type { SseEvent } from "./types.js";
import { writeResponsesUsage } from "./usage.js";

/** An output item being written: its position, its kind, and what it has gathered so far. */
interface OpenItem {
  index: number;
  id: string;
  kind: "text" | "reasoning" | "tool_call";
  text: string;
  callId: string;
  name: string;
}

/**
 * Writes a reply as OpenAI Responses events, each with its sequence_number: response.created and
 * response.in_progress, then per output item output_item.added, its deltas and its .done events and
 * output_item.done, then response.completed (or response.incomplete) with the whole response. A
 * failure is written as response.failed, which ends the response the way the API ends a failed one.
 */
export class ResponsesStreamWriter implements TurnWriter {
  // id/created come with start; items are written one after another, `open` is the current one.
  private id = "";
  private created = 0;
  private sequence = 0;
  private isStarted = false;
  private isDone = false;
  private open: OpenItem | null = null;
  private readonly output: JsonObject[] = [];
  private readonly itemByToolKey = new Map<string, OpenItem>();

  constructor(private readonly model: string) {}

  start(meta: TurnStart): SseEvent[] {
    if (this.isStarted || this.isDone) return [];
    this.isStarted = true;
    this.id = responseIdOf(meta.id);
    this.created = meta.created;
    const response = this.response("in_progress", null, null);
    return [this.event({ type: "response.created", response }), this.event({ type: "response.in_progress", response })];
  }

  text(delta: string): SseEvent[] {
    if (delta === "" || this.isDone) return [];
    const events = this.openContent("text", outputText(""));
    const item = this.current();
    item.text += delta;
    events.push(
      this.event({ type: "response.output_text.delta", item_id: item.id, output_index: item.index, content_index: 0, delta, logprobs: [] }),
    );
    return events;
  }

  reasoning(delta: string): SseEvent[] {
    if (delta === "" || this.isDone) return [];
    const events = this.openContent("reasoning", reasoningPart(""));
    const item = this.current();
    item.text += delta;
    events.push(this.event({ type: "response.reasoning_text.delta", item_id: item.id, output_index: item.index, content_index: 0, delta }));
    return events;
  }

  toolCall(key: string, callId: string, name: string): SseEvent[] {
    if (this.isDone) return [];
    const events = [...this.ensureStarted(), ...this.close()];
    const item = this.openItem("tool_call", callId, name);
    this.itemByToolKey.set(key, item);
    events.push(
      this.event({ type: "response.output_item.added", output_index: item.index, item: functionCallItem(item.id, "in_progress", callId, name, "") }),
    );
    return events;
  }

  toolArguments(key: string, delta: string): SseEvent[] {
    const item = this.itemByToolKey.get(key);
    if (this.isDone || item === undefined || delta === "") return [];
    item.text += delta;
    return [this.event({ type: "response.function_call_arguments.delta", item_id: item.id, output_index: item.index, delta })];
  }

  finish(end: TurnEnd): SseEvent[] {
    if (this.isDone) return [];
    const events = [...this.ensureStarted(), ...this.close()];
    this.isDone = true;
    const { status, incomplete_details } = writeResponsesStatus(end.stop);
    const response = this.response(status, incomplete_details, writeResponsesUsage(end.usage));
    events.push(this.event({ type: status === "completed" ? "response.completed" : "response.incomplete", response }));
    return events;
  }

  fail(error: ErrorInfo): SseEvent[] {
    if (this.isDone) return [];
    const events = [...this.ensureStarted(), ...this.close()];
    this.isDone = true;
    const code = error.kind === "rate_limit" ? "rate_limit_exceeded" : "server_error";
    const response = { ...this.response("failed", null, null), error: { code, message: error.message } };
    events.push(this.event({ type: "response.failed", response }));
    return events;
  }

  /** opens a message or reasoning item with its one content part, unless it is already open */
  private openContent(kind: "text" | "reasoning", part: JsonObject): SseEvent[] {
    if (this.open?.kind === kind) return [];
    const events = [...this.ensureStarted(), ...this.close()];
    const item = this.openItem(kind, "", "");
    const added = kind === "text" ? messageItem(item.id, "in_progress", []) : reasoningItem(item.id, []);
    events.push(
      this.event({ type: "response.output_item.added", output_index: item.index, item: added }),
      this.event({ type: "response.content_part.added", item_id: item.id, output_index: item.index, content_index: 0, part }),
    );
    return events;
  }

  private openItem(kind: OpenItem["kind"], callId: string, name: string): OpenItem {
    const index = this.output.length;
    const item = { index, id: itemId(kind, this.id, index), kind, text: "", callId, name };
    this.output.push({});
    this.open = item;
    return item;
  }

  private current(): OpenItem {
    if (this.open === null) throw new Error("no output item is open");
    return this.open;
  }

  private close(): SseEvent[] {
    const item = this.open;
    if (item === null) return [];
    this.open = null;
    const at = { item_id: item.id, output_index: item.index };
    const done = this.doneEvents(item, at);
    const finished = this.finishedItem(item);
    this.output[item.index] = finished;
    return [...done, this.event({ type: "response.output_item.done", output_index: item.index, item: finished })];
  }

  private doneEvents(item: OpenItem, at: JsonObject): SseEvent[] {
    if (item.kind === "tool_call")
      return [this.event({ type: "response.function_call_arguments.done", ...at, name: item.name, arguments: item.text })];
    const part = item.kind === "text" ? outputText(item.text) : reasoningPart(item.text);
    const textDone = item.kind === "text" ? { type: "response.output_text.done", logprobs: [] } : { type: "response.reasoning_text.done" };
    return [
      this.event({ ...textDone, ...at, content_index: 0, text: item.text }),
      this.event({ type: "response.content_part.done", ...at, content_index: 0, part }),
    ];
  }

  private finishedItem(item: OpenItem): JsonObject {
    if (item.kind === "tool_call") return functionCallItem(item.id, "completed", item.callId, item.name, item.text);
    if (item.kind === "text") return messageItem(item.id, "completed", [outputText(item.text)]);
    return reasoningItem(item.id, [reasoningPart(item.text)]);
  }

  private response(status: string, incomplete: JsonObject | null, usage: JsonObject | null): JsonObject {
    return responseObject({
      id: this.id,
      created: this.created,
      model: this.model,
      status,
      incomplete_details: incomplete,
      output: [...this.output],
      usage,
    });
  }

  private event(payload: JsonObject & { type: string }): SseEvent {
    return jsonEvent({ ...payload, sequence_number: this.sequence++ }, payload.type);
  }

  private ensureStarted(): SseEvent[] {
    return this.isStarted ? [] : this.start({ id: newId("resp_"), created: nowSeconds() });
  }
}
