import { imageSourceOf, parseToolArguments, textOf } from "./content.js";
import { compact, isObject, nonEmpty, num, obj, objects, str, type JsonObject } from "./json.js";

/** Anthropic requires max_tokens; Chat Completions requests may leave it out. Every Claude model allows this much. */
export const defaultMaxTokens = 4096;

/**
 * Chat Completions request -> Anthropic Messages request.
 * System and developer messages, wherever they are, join into the system prompt. Tool messages
 * become tool_result blocks, and messages of the same role merge, since Anthropic alternates
 * user and assistant. Temperature is clamped to Anthropic's 0..1. Dropped, having no counterpart:
 * n, response_format, reasoning_effort, logprobs, penalties, seed, audio and file parts, and the
 * reasoning of earlier assistant messages (Anthropic only takes back thinking it signed itself).
 */
export function chatRequestToAnthropic(body: JsonObject, model: string): JsonObject {
  const messages = objects(body.messages);
  const system = messages
    .filter(isSystem)
    .map((message) => textOf(message.content))
    .filter((text) => text !== "");
  const tools = objects(body.tools).filter((tool) => tool.type === "function" && isObject(tool.function));
  const user = str(body.user);
  return compact({
    model,
    max_tokens: num(body.max_completion_tokens) ?? num(body.max_tokens) ?? defaultMaxTokens,
    system: nonEmpty(system)?.join("\n\n"),
    messages: mergeSameRole(messages.filter((message) => !isSystem(message)).flatMap(messageToAnthropic)),
    temperature: clamp(num(body.temperature), 0, 1),
    top_p: num(body.top_p),
    stop_sequences: nonEmpty(typeof body.stop === "string" ? [body.stop] : Array.isArray(body.stop) ? body.stop : []),
    tools: nonEmpty(tools.map(toolToAnthropic)),
    tool_choice: tools.length > 0 ? toolChoiceToAnthropic(body.tool_choice, body.parallel_tool_calls === false) : undefined,
    stream: body.stream === true ? true : undefined,
    metadata: user === undefined ? undefined : { user_id: user },
  });
}

function isSystem(message: JsonObject): boolean {
  return message.role === "system" || message.role === "developer";
}

interface AnthropicMessage {
  role: "user" | "assistant";
  content: JsonObject[];
}

function messageToAnthropic(message: JsonObject): AnthropicMessage[] {
  switch (message.role) {
    case "user":
      return [{ role: "user", content: userContent(message.content) }];
    case "assistant":
      return [{ role: "assistant", content: assistantContent(message) }];
    case "tool":
      return [{ role: "user", content: [toolResult(message)] }];
    default:
      return [];
  }
}

function userContent(content: unknown): JsonObject[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return objects(content).flatMap((part): JsonObject[] => {
    if (part.type === "text") return [{ type: "text", text: str(part.text) ?? "" }];
    const url = str(obj(part.image_url).url);
    return part.type === "image_url" && url !== undefined ? [{ type: "image", source: imageSourceOf(url) }] : [];
  });
}

function assistantContent(message: JsonObject): JsonObject[] {
  const text = textOf(message.content) || (str(message.refusal) ?? "");
  const calls = objects(message.tool_calls).map((call) => {
    const fn = obj(call.function);
    return { type: "tool_use", id: str(call.id) ?? "", name: str(fn.name) ?? "", input: parseToolArguments(str(fn.arguments) ?? "") };
  });
  return [...(text === "" ? [] : [{ type: "text", text }]), ...calls];
}

function toolResult(message: JsonObject): JsonObject {
  return { type: "tool_result", tool_use_id: str(message.tool_call_id) ?? "", content: textOf(message.content) };
}

/** Anthropic rejects empty content and wants roles to alternate: drop the empty, join neighbours of one role. */
function mergeSameRole(messages: AnthropicMessage[]): AnthropicMessage[] {
  const merged: AnthropicMessage[] = [];
  for (const message of messages) {
    if (message.content.length === 0) continue;
    const last = merged.at(-1);
    if (last?.role === message.role) last.content = [...last.content, ...message.content];
    else merged.push({ role: message.role, content: [...message.content] });
  }
  return merged;
}

function toolToAnthropic(tool: JsonObject): JsonObject {
  const fn = obj(tool.function);
  return compact({
    name: str(fn.name) ?? "",
    description: str(fn.description),
    input_schema: isObject(fn.parameters) ? fn.parameters : { type: "object", properties: {} },
  });
}

function toolChoiceToAnthropic(choice: unknown, isSequential: boolean): JsonObject | undefined {
  const sequential = isSequential ? { disable_parallel_tool_use: true } : {};
  if (choice === "none") return { type: "none" };
  if (choice === "required") return { type: "any", ...sequential };
  const name = str(obj(obj(choice).function).name);
  if (name !== undefined) return { type: "tool", name, ...sequential };
  return isSequential || choice === "auto" ? { type: "auto", ...sequential } : undefined;
}

function clamp(value: number | undefined, min: number, max: number): number | undefined {
  return value === undefined ? undefined : Math.min(max, Math.max(min, value));
}
