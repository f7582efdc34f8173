import { cutShort, readError, type ErrorInfo } from "./errors.js";
import { isObject, num, obj, objects, parseJson, str, type JsonObject } from "./json.js";
import { readChatFinish } from "./stop.js";
import { newId, noUsage, nowSeconds, type StopReason, type TurnWriter } from "./turn.js";
import type { SseEvent, StreamTranslator, Usage } from "./types.js";
import { readChatUsage } from "./usage.js";

/**
 * Reads an upstream Chat Completions stream into a TurnWriter. The reply is finished once both the
 * finish_reason and the usage chunk (which comes after it) have arrived, or at [DONE].
 */
export class ChatStreamReader implements StreamTranslator {
  // stop and usage arrive in separate chunks; tool calls are keyed by their index and id.
  private isStarted = false;
  private isDone = false;
  private stop: StopReason | null = null;
  private usage: Usage | null = null;
  private readonly toolKeys = new Map<number, string>();
  private readonly idByKey = new Map<string, string>();

  constructor(private readonly writer: TurnWriter) {}

  push(event: SseEvent): SseEvent[] {
    if (this.isDone) return [];
    if (event.data.trim() === "[DONE]") return this.complete();
    const chunk = obj(parseJson(event.data));
    if (isObject(chunk.error) || typeof chunk.error === "string") return this.failWith(readError(500, chunk));
    const events = this.start(chunk);
    const choice = objects(chunk.choices)[0];
    if (choice) events.push(...this.readChoice(choice));
    if (isObject(chunk.usage)) this.usage = readChatUsage(chunk.usage);
    if (this.stop !== null && this.usage !== null) events.push(...this.complete());
    return events;
  }

  end(): SseEvent[] {
    if (this.isDone) return [];
    return this.stop === null ? this.failWith(cutShort) : this.complete();
  }

  private start(chunk: JsonObject): SseEvent[] {
    if (this.isStarted) return [];
    this.isStarted = true;
    return this.writer.start({ id: str(chunk.id) ?? newId("chatcmpl-"), created: num(chunk.created) ?? nowSeconds() });
  }

  private readChoice(choice: JsonObject): SseEvent[] {
    const delta = obj(choice.delta);
    const events = [
      ...this.writer.reasoning(str(delta.reasoning_content) ?? str(delta.reasoning) ?? ""),
      ...this.writer.text(str(delta.content) ?? ""),
      ...this.writer.text(str(delta.refusal) ?? ""),
    ];
    objects(delta.tool_calls).forEach((call, position) => events.push(...this.readToolCall(call, position)));
    if (typeof choice.finish_reason === "string") this.stop = readChatFinish(choice.finish_reason);
    return events;
  }

  /** Some servers send every call at index 0 with its own id: a new id at a known index is a new call. */
  private readToolCall(call: JsonObject, position: number): SseEvent[] {
    const index = num(call.index) ?? position;
    const id = str(call.id);
    const fn = obj(call.function);
    const known = this.toolKeys.get(index);
    const isNew = known === undefined || (id !== undefined && id !== "" && id !== this.idByKey.get(known));
    const events: SseEvent[] = [];
    if (isNew) {
      const callId = id || newId("call_");
      const key = `${index}/${callId}`; // unique even when a server repeats an id
      this.toolKeys.set(index, key);
      this.idByKey.set(key, callId);
      events.push(...this.writer.toolCall(key, callId, str(fn.name) ?? ""));
    }
    events.push(...this.writer.toolArguments(this.toolKeys.get(index) ?? "", str(fn.arguments) ?? ""));
    return events;
  }

  private complete(): SseEvent[] {
    this.isDone = true;
    return this.writer.finish({ stop: this.stop ?? "end", stopSequence: null, usage: this.usage ?? noUsage });
  }

  private failWith(error: ErrorInfo): SseEvent[] {
    this.isDone = true;
    return this.writer.fail(error);
  }
}
