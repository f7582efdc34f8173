import { writeError, type ErrorInfo } from "./errors.js";
import type { JsonObject } from "./json.js";
import { jsonEvent } from "./sse.js";
import { writeChatFinish } from "./stop.js";
import { newId, nowSeconds, type TurnEnd, type TurnStart, type TurnWriter } from "./turn.js";
import type { SseEvent } from "./types.js";
import { writeChatUsage } from "./usage.js";

/**
 * Writes a reply as Chat Completions chunks: a first chunk with the role, content / reasoning_content
 * / tool_calls deltas, a chunk with finish_reason, a usage chunk with no choices, then [DONE].
 * The usage chunk is always written (the gateway asks upstreams for usage in any case); an error
 * is written as a chunk carrying `error`, which the OpenAI clients raise.
 */
export class ChatStreamWriter implements TurnWriter {
  // id and created come with start; isDone once [DONE] or an error is out.
  private id = "";
  private created = 0;
  private isStarted = false;
  private isDone = false;
  private readonly indexByToolKey = new Map<string, number>();

  constructor(private readonly model: string) {}

  start(meta: TurnStart): SseEvent[] {
    if (this.isStarted || this.isDone) return [];
    this.isStarted = true;
    this.id = meta.id;
    this.created = meta.created;
    return [this.chunk({ role: "assistant", content: "" })];
  }

  text(delta: string): SseEvent[] {
    return delta === "" ? [] : this.delta({ content: delta });
  }

  reasoning(delta: string): SseEvent[] {
    return delta === "" ? [] : this.delta({ reasoning_content: delta });
  }

  toolCall(key: string, id: string, name: string): SseEvent[] {
    const index = this.indexByToolKey.size;
    this.indexByToolKey.set(key, index);
    return this.delta({ tool_calls: [{ index, id, type: "function", function: { name, arguments: "" } }] });
  }

  toolArguments(key: string, delta: string): SseEvent[] {
    const index = this.indexByToolKey.get(key);
    if (index === undefined || delta === "") return [];
    return this.delta({ tool_calls: [{ index, function: { arguments: delta } }] });
  }

  finish(end: TurnEnd): SseEvent[] {
    if (this.isDone) return [];
    const events = [...this.ensureStarted(), this.chunk({}, writeChatFinish(end.stop))];
    this.isDone = true;
    const usage = {
      id: this.id,
      object: "chat.completion.chunk",
      created: this.created,
      model: this.model,
      choices: [],
      usage: writeChatUsage(end.usage),
    };
    return [...events, jsonEvent(usage), { data: "[DONE]" }];
  }

  fail(error: ErrorInfo): SseEvent[] {
    if (this.isDone) return [];
    this.isDone = true;
    return [jsonEvent(writeError("openai-chat", error))];
  }

  private delta(delta: JsonObject): SseEvent[] {
    if (this.isDone) return [];
    return [...this.ensureStarted(), this.chunk(delta)];
  }

  private chunk(delta: JsonObject, finishReason: string | null = null): SseEvent {
    const choice = { index: 0, delta, finish_reason: finishReason, logprobs: null };
    return jsonEvent({ id: this.id, object: "chat.completion.chunk", created: this.created, model: this.model, choices: [choice] });
  }

  private ensureStarted(): SseEvent[] {
    return this.isStarted ? [] : this.start({ id: newId("chatcmpl-"), created: nowSeconds() });
  }
}
