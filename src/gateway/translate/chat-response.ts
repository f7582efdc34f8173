import { textOf } from "./content.js";
import { num, obj, objects, str, type JsonObject } from "./json.js";
import { readChatFinish, writeChatFinish } from "./stop.js";
import { newId, nowSeconds, type Block, type Turn } from "./turn.js";
import { readChatUsage, writeChatUsage } from "./usage.js";

/**
 * Chat completion -> Turn, from its first choice. Reasoning is read from `reasoning_content`
 * (DeepSeek, vLLM, llama.cpp) or `reasoning` (OpenRouter, Ollama); a refusal reads as text.
 */
export function readChatResponse(body: JsonObject): Turn {
  const choice = objects(body.choices)[0] ?? {};
  const message = obj(choice.message);
  const reasoning = str(message.reasoning_content) ?? str(message.reasoning) ?? "";
  const text = textOf(message.content) || (str(message.refusal) ?? "");
  const blocks: Block[] = [
    ...(reasoning === "" ? [] : [{ type: "reasoning" as const, text: reasoning }]),
    ...(text === "" ? [] : [{ type: "text" as const, text }]),
    ...objects(message.tool_calls).map(readToolCall),
  ];
  return {
    id: str(body.id) ?? newId("chatcmpl-"),
    created: num(body.created) ?? nowSeconds(),
    blocks,
    stop: readChatFinish(choice.finish_reason),
    stopSequence: null,
    usage: readChatUsage(body.usage),
  };
}

function readToolCall(call: JsonObject): Block {
  const fn = obj(call.function);
  return { type: "tool_call", id: str(call.id) ?? "", name: str(fn.name) ?? "", arguments: str(fn.arguments) ?? "" };
}

/** Texts join into `content`, reasoning into `reasoning_content`, tool calls into `tool_calls`. */
export function writeChatResponse(turn: Turn, model: string): JsonObject {
  return {
    id: turn.id,
    object: "chat.completion",
    created: turn.created,
    model,
    choices: [{ index: 0, message: writeMessage(turn.blocks), finish_reason: writeChatFinish(turn.stop), logprobs: null }],
    usage: writeChatUsage(turn.usage),
  };
}

function writeMessage(blocks: Block[]): JsonObject {
  const text = joinText(blocks, "text");
  const reasoning = joinText(blocks, "reasoning");
  const calls = blocks.flatMap((block) =>
    block.type === "tool_call" ? [{ id: block.id, type: "function", function: { name: block.name, arguments: block.arguments } }] : [],
  );
  return {
    role: "assistant",
    content: text === "" ? null : text,
    refusal: null,
    ...(reasoning === "" ? {} : { reasoning_content: reasoning }),
    ...(calls.length === 0 ? {} : { tool_calls: calls }),
  };
}

function joinText(blocks: Block[], type: "text" | "reasoning"): string {
  return blocks.map((block) => (block.type === type ? block.text : "")).join("");
}
