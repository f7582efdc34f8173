import { imageUrlOf, omittedImage, textOf } from "./content.js";
import { compact, isObject, nonEmpty, num, obj, objects, str, type JsonObject } from "./json.js";

/**
 * Anthropic Messages request -> Chat Completions request.
 * Dropped, having no Chat Completions counterpart: thinking settings and thinking blocks, top_k,
 * metadata, cache_control marks, server tools (those without input_schema), documents, and the
 * is_error flag of tool results. Output is capped with max_tokens, the one field every
 * OpenAI-compatible server reads (max_completion_tokens is newer and ignored by many local servers).
 */
export function anthropicRequestToChat(body: JsonObject, model: string): JsonObject {
  const tools = objects(body.tools).filter((tool) => isObject(tool.input_schema));
  const choice = obj(body.tool_choice);
  const isStream = body.stream === true;
  return compact({
    model,
    messages: [...systemToChat(body.system), ...objects(body.messages).flatMap(messageToChat)],
    max_tokens: num(body.max_tokens),
    temperature: num(body.temperature),
    top_p: num(body.top_p),
    stop: nonEmpty(Array.isArray(body.stop_sequences) ? body.stop_sequences : []),
    tools: nonEmpty(tools.map(toolToChat)),
    tool_choice: tools.length > 0 ? toolChoiceToChat(choice) : undefined,
    parallel_tool_calls: tools.length > 0 && choice.disable_parallel_tool_use === true ? false : undefined,
    stream: isStream ? true : undefined,
    stream_options: isStream ? { include_usage: true } : undefined,
  });
}

function systemToChat(system: unknown): JsonObject[] {
  const text = textOf(system);
  return text === "" ? [] : [{ role: "system", content: text }];
}

function messageToChat(message: JsonObject): JsonObject[] {
  const content = message.content;
  if (typeof content === "string") return [{ role: message.role === "assistant" ? "assistant" : "user", content }];
  const blocks = objects(content);
  return message.role === "assistant" ? [assistantToChat(blocks)] : userToChat(blocks);
}

function assistantToChat(blocks: JsonObject[]): JsonObject {
  const text = blocks.flatMap((block) => (block.type === "text" ? [str(block.text) ?? ""] : [])).join("");
  const toolCalls = blocks.filter((block) => block.type === "tool_use").map(toolUseToChat);
  return compact({ role: "assistant", content: text === "" ? null : text, tool_calls: nonEmpty(toolCalls) });
}

function toolUseToChat(block: JsonObject): JsonObject {
  return { id: str(block.id) ?? "", type: "function", function: { name: str(block.name) ?? "", arguments: JSON.stringify(block.input ?? {}) } };
}

/** Tool results become tool messages, placed first: Chat Completions wants them right after the tool calls. */
function userToChat(blocks: JsonObject[]): JsonObject[] {
  const results = blocks.filter((block) => block.type === "tool_result").map(toolResultToChat);
  const parts = blocks.flatMap(partToChat);
  if (parts.length === 0) return results;
  const onlyPart = parts.length === 1 ? parts[0] : undefined;
  const content = onlyPart?.type === "text" ? onlyPart.text : parts;
  return [...results, { role: "user", content }];
}

function toolResultToChat(block: JsonObject): JsonObject {
  return { role: "tool", tool_call_id: str(block.tool_use_id) ?? "", content: textOf(block.content) };
}

function partToChat(block: JsonObject): JsonObject[] {
  if (block.type === "text") return [{ type: "text", text: str(block.text) ?? "" }];
  if (block.type !== "image") return [];
  const url = imageUrlOf(block.source);
  return url === undefined ? [{ type: "text", text: omittedImage }] : [{ type: "image_url", image_url: { url } }];
}

function toolToChat(tool: JsonObject): JsonObject {
  return {
    type: "function",
    function: compact({ name: str(tool.name) ?? "", description: str(tool.description), parameters: tool.input_schema }),
  };
}

function toolChoiceToChat(choice: JsonObject): unknown {
  switch (choice.type) {
    case "any":
      return "required";
    case "none":
      return "none";
    case "tool":
      return { type: "function", function: { name: str(choice.name) ?? "" } };
    case "auto":
      return "auto";
    default:
      return undefined;
  }
}
