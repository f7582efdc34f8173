import { parseToolArguments } from "./content.js";
import { obj, objects, str, type JsonObject } from "./json.js";
import { readAnthropicStop, writeAnthropicStop } from "./stop.js";
import { newId, nowSeconds, type Block, type Turn } from "./turn.js";
import { readAnthropicUsage, writeAnthropicUsage } from "./usage.js";

/** Anthropic message -> Turn. Redacted thinking and server-tool blocks have no counterpart and are dropped. */
export function readAnthropicResponse(body: JsonObject): Turn {
  return {
    id: str(body.id) ?? newId("msg_"),
    created: nowSeconds(),
    blocks: objects(body.content).flatMap(readBlock),
    stop: readAnthropicStop(body.stop_reason),
    stopSequence: str(body.stop_sequence) ?? null,
    usage: readAnthropicUsage(body.usage),
  };
}

function readBlock(block: JsonObject): Block[] {
  switch (block.type) {
    case "text":
      return [{ type: "text", text: str(block.text) ?? "" }];
    case "thinking":
      return [{ type: "reasoning", text: str(block.thinking) ?? "" }];
    case "tool_use":
      return [{ type: "tool_call", id: str(block.id) ?? "", name: str(block.name) ?? "", arguments: JSON.stringify(obj(block.input)) }];
    default:
      return [];
  }
}

export function writeAnthropicResponse(turn: Turn, model: string): JsonObject {
  return {
    id: turn.id,
    type: "message",
    role: "assistant",
    model,
    content: turn.blocks.map(writeBlock),
    stop_reason: writeAnthropicStop(turn.stop),
    stop_sequence: turn.stopSequence,
    usage: writeAnthropicUsage(turn.usage),
  };
}

/** Reasoning from other dialects carries no Anthropic signature, so it goes out with an empty one. */
function writeBlock(block: Block): JsonObject {
  switch (block.type) {
    case "text":
      return { type: "text", text: block.text };
    case "reasoning":
      return { type: "thinking", thinking: block.text, signature: "" };
    case "tool_call":
      return { type: "tool_use", id: block.id, name: block.name, input: parseToolArguments(block.arguments) };
  }
}
