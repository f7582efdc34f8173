import { cutShort, readError, type ErrorInfo } from "./errors.js";
import { num, obj, parseJson, str, type JsonObject } from "./json.js";
import { reasoningText } from "./responses-response.js";
import { readResponsesStop } from "./stop.js";
import { newId, nowSeconds, type TurnWriter } from "./turn.js";
import type { SseEvent, StreamTranslator } from "./types.js";
import { readResponsesUsage } from "./usage.js";

/**
 * Reads an upstream OpenAI Responses stream into a TurnWriter. Items are keyed by output_index.
 * Servers that put a whole item into output_item.done without deltas are read from that item.
 */
export class ResponsesStreamReader implements StreamTranslator {
  // itemsWithDeltas: output indexes whose text or arguments arrived as deltas.
  private isStarted = false;
  private isDone = false;
  private hasToolCalls = false;
  private readonly itemsWithDeltas = new Set<string>();
  private readonly toolItems = new Set<string>();

  constructor(private readonly writer: TurnWriter) {}

  push(event: SseEvent): SseEvent[] {
    if (this.isDone) return [];
    const data = obj(parseJson(event.data));
    const key = String(num(data.output_index) ?? 0);
    const delta = str(data.delta) ?? "";
    switch (str(data.type) ?? event.event) {
      case "response.created":
      case "response.in_progress":
        return this.start(obj(data.response));
      case "response.output_item.added":
        return [...this.start({}), ...this.addItem(key, obj(data.item))];
      case "response.output_text.delta":
      case "response.refusal.delta":
        this.itemsWithDeltas.add(key);
        return [...this.start({}), ...this.writer.text(delta)];
      case "response.reasoning_text.delta":
      case "response.reasoning_summary_text.delta":
        this.itemsWithDeltas.add(key);
        return [...this.start({}), ...this.writer.reasoning(delta)];
      case "response.reasoning_summary_part.added":
        // summaries read from whole replies are joined the same way (see reasoningText)
        return (num(data.summary_index) ?? 0) > 0 ? this.writer.reasoning("\n\n") : [];
      case "response.function_call_arguments.delta":
        this.itemsWithDeltas.add(key);
        return this.writer.toolArguments(key, delta);
      case "response.output_item.done":
        return this.finishItem(key, obj(data.item));
      case "response.completed":
      case "response.incomplete":
        return this.complete(obj(data.response));
      case "response.failed":
        return this.failWith(readError(500, obj(data.response)));
      case "error":
        return this.failWith(readError(500, { error: data }));
      default:
        return [];
    }
  }

  end(): SseEvent[] {
    return this.isDone ? [] : this.failWith(cutShort);
  }

  private start(response: JsonObject): SseEvent[] {
    if (this.isStarted) return [];
    this.isStarted = true;
    return this.writer.start({ id: str(response.id) ?? newId("resp_"), created: num(response.created_at) ?? nowSeconds() });
  }

  private addItem(key: string, item: JsonObject): SseEvent[] {
    if (item.type !== "function_call") return [];
    this.hasToolCalls = true;
    this.toolItems.add(key);
    const events = this.writer.toolCall(key, str(item.call_id) ?? "", str(item.name) ?? "");
    const args = str(item.arguments) ?? "";
    if (args !== "") this.itemsWithDeltas.add(key);
    return [...events, ...this.writer.toolArguments(key, args)];
  }

  private finishItem(key: string, item: JsonObject): SseEvent[] {
    if (this.itemsWithDeltas.has(key)) return [];
    if (item.type === "function_call" && !this.toolItems.has(key)) return [...this.start({}), ...this.addItem(key, item)];
    if (item.type === "function_call") return this.writer.toolArguments(key, str(item.arguments) ?? "");
    if (item.type === "reasoning") return this.writer.reasoning(reasoningText(item));
    if (item.type !== "message") return [];
    const parts = Array.isArray(item.content) ? item.content.map((part) => str(obj(part).text) ?? "") : [];
    return this.writer.text(parts.join(""));
  }

  private complete(response: JsonObject): SseEvent[] {
    const events = this.start(response);
    this.isDone = true;
    const end = { stop: readResponsesStop(response, this.hasToolCalls), stopSequence: null, usage: readResponsesUsage(response.usage) };
    return [...events, ...this.writer.finish(end)];
  }

  private failWith(error: ErrorInfo): SseEvent[] {
    this.isDone = true;
    return this.writer.fail(error);
  }
}
