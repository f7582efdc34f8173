import { textOf } from "./content.js";
import { compact, nonEmpty, num, obj, objects, str, type JsonObject } from "./json.js";

/** The Responses API rejects max_output_tokens below 16. */
const minOutputTokens = 16;

/**
 * Chat Completions request -> OpenAI Responses request.
 * Leading system and developer messages become the instructions. Sent with store: false, since
 * the gateway answers every call from its full input and keeps nothing upstream. Dropped, having
 * no counterpart: stop sequences, n, logprobs, penalties, seed, and audio and file parts.
 */
export function chatRequestToResponses(body: JsonObject, model: string): JsonObject {
  const messages = objects(body.messages);
  const leading = messages.findIndex((message) => !isSystem(message));
  const split = leading === -1 ? messages.length : leading;
  const instructions = messages
    .slice(0, split)
    .map((message) => textOf(message.content))
    .filter((text) => text !== "");
  const tools = objects(body.tools).filter((tool) => tool.type === "function");
  const maxTokens = num(body.max_completion_tokens) ?? num(body.max_tokens);
  return compact({
    model,
    instructions: nonEmpty(instructions)?.join("\n\n"),
    input: messages.slice(split).flatMap(messageToItems),
    max_output_tokens: maxTokens === undefined ? undefined : Math.max(minOutputTokens, maxTokens),
    temperature: num(body.temperature),
    top_p: num(body.top_p),
    tools: nonEmpty(tools.map(toolToResponses)),
    tool_choice: tools.length > 0 ? toolChoiceToResponses(body.tool_choice) : undefined,
    parallel_tool_calls: typeof body.parallel_tool_calls === "boolean" && tools.length > 0 ? body.parallel_tool_calls : undefined,
    text: formatToResponses(obj(body.response_format)),
    reasoning: typeof body.reasoning_effort === "string" ? { effort: body.reasoning_effort } : undefined,
    user: str(body.user),
    store: false,
    stream: body.stream === true ? true : undefined,
  });
}

function isSystem(message: JsonObject): boolean {
  return message.role === "system" || message.role === "developer";
}

function messageToItems(message: JsonObject): JsonObject[] {
  switch (message.role) {
    case "system":
    case "developer":
      return [{ type: "message", role: message.role, content: textOf(message.content) }];
    case "user":
      return [{ type: "message", role: "user", content: userContent(message.content) }];
    case "assistant":
      return assistantItems(message);
    case "tool":
      return [{ type: "function_call_output", call_id: str(message.tool_call_id) ?? "", output: textOf(message.content) }];
    default:
      return [];
  }
}

function userContent(content: unknown): unknown {
  if (typeof content === "string") return content;
  return objects(content).flatMap((part): JsonObject[] => {
    if (part.type === "text") return [{ type: "input_text", text: str(part.text) ?? "" }];
    const image = obj(part.image_url);
    const url = str(image.url);
    return part.type === "image_url" && url !== undefined ? [{ type: "input_image", image_url: url, detail: str(image.detail) ?? "auto" }] : [];
  });
}

function assistantItems(message: JsonObject): JsonObject[] {
  const text = textOf(message.content) || (str(message.refusal) ?? "");
  const calls = objects(message.tool_calls).map((call) => {
    const fn = obj(call.function);
    return { type: "function_call", call_id: str(call.id) ?? "", name: str(fn.name) ?? "", arguments: str(fn.arguments) || "{}" };
  });
  const reply = text === "" ? [] : [{ type: "message", role: "assistant", content: [{ type: "output_text", text, annotations: [] }] }];
  return [...reply, ...calls];
}

function toolToResponses(tool: JsonObject): JsonObject {
  const fn = obj(tool.function);
  return compact({
    type: "function",
    name: str(fn.name) ?? "",
    description: str(fn.description),
    parameters: fn.parameters ?? { type: "object", properties: {} },
    strict: typeof fn.strict === "boolean" ? fn.strict : false,
  });
}

function toolChoiceToResponses(choice: unknown): unknown {
  if (choice === "none" || choice === "auto" || choice === "required") return choice;
  const name = str(obj(obj(choice).function).name);
  return name === undefined ? undefined : { type: "function", name };
}

function formatToResponses(format: JsonObject): JsonObject | undefined {
  if (format.type === "json_object") return { format: { type: "json_object" } };
  if (format.type !== "json_schema") return undefined;
  const schema = obj(format.json_schema);
  return {
    format: compact({
      type: "json_schema",
      name: str(schema.name) ?? "response",
      schema: schema.schema,
      strict: schema.strict,
      description: str(schema.description),
    }),
  };
}
