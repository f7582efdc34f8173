import { cutShort, readError, type ErrorInfo } from "./errors.js";
import { isObject, num, obj, parseJson, str, type JsonObject } from "./json.js";
import { readAnthropicStop } from "./stop.js";
import { newId, noUsage, nowSeconds, type StopReason, type TurnWriter } from "./turn.js";
import type { SseEvent, StreamTranslator, Usage } from "./types.js";
import { readAnthropicUsage } from "./usage.js";

/**
 * Reads an upstream Anthropic Messages stream into a TurnWriter. Usage is split: message_start
 * has the prompt counts, message_delta the output count and, in newer API versions, the prompt
 * counts again; counts present in message_delta win. Tool calls are keyed by block index.
 */
export class AnthropicStreamReader implements StreamTranslator {
  private isDone = false;
  private stop: StopReason | null = null;
  private stopSequence: string | null = null;
  private usage: Usage = noUsage;

  constructor(private readonly writer: TurnWriter) {}

  push(event: SseEvent): SseEvent[] {
    if (this.isDone) return [];
    const data = obj(parseJson(event.data));
    switch (str(data.type) ?? event.event) {
      case "message_start":
        return this.start(obj(data.message));
      case "content_block_start":
        return this.startBlock(String(num(data.index) ?? 0), obj(data.content_block));
      case "content_block_delta":
        return this.delta(String(num(data.index) ?? 0), obj(data.delta));
      case "message_delta":
        this.readMessageDelta(data);
        return [];
      case "message_stop":
        return this.complete();
      case "error":
        return this.failWith(readError(500, data));
      default:
        return []; // ping, content_block_stop, and event types newer than this code
    }
  }

  end(): SseEvent[] {
    if (this.isDone) return [];
    return this.stop === null ? this.failWith(cutShort) : this.complete();
  }

  private start(message: JsonObject): SseEvent[] {
    this.usage = readAnthropicUsage(message.usage);
    return this.writer.start({ id: str(message.id) ?? newId("msg_"), created: nowSeconds() });
  }

  private startBlock(key: string, block: JsonObject): SseEvent[] {
    if (block.type === "text") return this.writer.text(str(block.text) ?? "");
    if (block.type === "thinking") return this.writer.reasoning(str(block.thinking) ?? "");
    if (block.type !== "tool_use") return [];
    const input = obj(block.input);
    const events = this.writer.toolCall(key, str(block.id) ?? "", str(block.name) ?? "");
    if (Object.keys(input).length > 0) events.push(...this.writer.toolArguments(key, JSON.stringify(input)));
    return events;
  }

  private delta(key: string, delta: JsonObject): SseEvent[] {
    switch (delta.type) {
      case "text_delta":
        return this.writer.text(str(delta.text) ?? "");
      case "thinking_delta":
        return this.writer.reasoning(str(delta.thinking) ?? "");
      case "input_json_delta":
        return this.writer.toolArguments(key, str(delta.partial_json) ?? "");
      default:
        return []; // signature_delta and citations have no counterpart
    }
  }

  private readMessageDelta(data: JsonObject): void {
    const delta = obj(data.delta);
    this.stop = readAnthropicStop(delta.stop_reason);
    this.stopSequence = str(delta.stop_sequence) ?? null;
    const usage = obj(data.usage);
    const update = readAnthropicUsage(usage);
    const has = (field: string): boolean => num(usage[field]) !== undefined;
    this.usage = {
      input: has("input_tokens") ? update.input : this.usage.input,
      output: has("output_tokens") ? update.output : this.usage.output,
      cacheRead: has("cache_read_input_tokens") ? update.cacheRead : this.usage.cacheRead,
      cacheWrite: has("cache_creation_input_tokens") ? update.cacheWrite : this.usage.cacheWrite,
      reasoning: isObject(usage.output_tokens_details) ? update.reasoning : this.usage.reasoning,
    };
  }

  private complete(): SseEvent[] {
    this.isDone = true;
    return this.writer.finish({ stop: this.stop ?? "end", stopSequence: this.stopSequence, usage: this.usage });
  }

  private failWith(error: ErrorInfo): SseEvent[] {
    this.isDone = true;
    return this.writer.fail(error);
  }
}
