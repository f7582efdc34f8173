import { omittedImage, textOf } from "./content.js";
import { compact, nonEmpty, num, obj, objects, str, type JsonObject } from "./json.js";

/**
 * OpenAI Responses request -> Chat Completions request.
 * Developer messages become system messages (many local chat templates know no developer role).
 * Function calls join the assistant message before them. Dropped, having no counterpart or needing
 * server state: reasoning items, hosted and custom tools (web search, file search, grammar tools),
 * previous_response_id, store, include, truncation and metadata. Output is capped with max_tokens
 * (see anthropicRequestToChat).
 */
export function responsesRequestToChat(body: JsonObject, model: string): JsonObject {
  const instructions = str(body.instructions);
  const tools = objects(body.tools).filter((tool) => tool.type === "function");
  const isStream = body.stream === true;
  return compact({
    model,
    messages: [...(instructions ? [{ role: "system", content: instructions }] : []), ...inputToChat(body.input)],
    max_tokens: num(body.max_output_tokens),
    temperature: num(body.temperature),
    top_p: num(body.top_p),
    tools: nonEmpty(tools.map(toolToChat)),
    tool_choice: tools.length > 0 ? toolChoiceToChat(body.tool_choice) : undefined,
    parallel_tool_calls: typeof body.parallel_tool_calls === "boolean" && tools.length > 0 ? body.parallel_tool_calls : undefined,
    response_format: formatToChat(obj(obj(body.text).format)),
    reasoning_effort: str(obj(body.reasoning).effort),
    user: str(body.user),
    stream: isStream ? true : undefined,
    stream_options: isStream ? { include_usage: true } : undefined,
  });
}

function inputToChat(input: unknown): JsonObject[] {
  if (typeof input === "string") return [{ role: "user", content: input }];
  const messages: JsonObject[] = [];
  for (const item of objects(input)) {
    const type = str(item.type) ?? "message";
    if (type === "message") messages.push(messageToChat(item));
    if (type === "function_call") addToolCall(messages, item);
    if (type === "function_call_output") messages.push({ role: "tool", tool_call_id: str(item.call_id) ?? "", content: textOf(item.output) });
  }
  return messages;
}

function messageToChat(item: JsonObject): JsonObject {
  const role = item.role === "developer" || item.role === "system" ? "system" : item.role === "assistant" ? "assistant" : "user";
  if (role !== "user" || typeof item.content === "string") return { role, content: textOf(item.content) };
  const parts = objects(item.content).map(partToChat);
  const onlyPart = parts.length === 1 ? parts[0] : undefined;
  return { role, content: onlyPart?.type === "text" ? onlyPart.text : parts };
}

function partToChat(part: JsonObject): JsonObject {
  const url = str(part.image_url);
  const detail = part.detail === "auto" ? undefined : str(part.detail); // auto is the default in both dialects
  if (part.type === "input_image" && url !== undefined) return { type: "image_url", image_url: compact({ url, detail }) };
  if (part.type === "input_image") return { type: "text", text: omittedImage };
  return { type: "text", text: str(part.text) ?? "" };
}

function addToolCall(messages: JsonObject[], item: JsonObject): void {
  const call = { id: str(item.call_id) ?? "", type: "function", function: { name: str(item.name) ?? "", arguments: str(item.arguments) ?? "" } };
  const last = messages.at(-1);
  if (last?.role === "assistant") last.tool_calls = [...objects(last.tool_calls), call];
  else messages.push({ role: "assistant", content: null, tool_calls: [call] });
}

function toolToChat(tool: JsonObject): JsonObject {
  return {
    type: "function",
    function: compact({
      name: str(tool.name) ?? "",
      description: str(tool.description),
      parameters: tool.parameters,
      strict: tool.strict === true ? true : undefined, // false is the Chat Completions default
    }),
  };
}

function toolChoiceToChat(choice: unknown): unknown {
  if (choice === "none" || choice === "auto" || choice === "required") return choice;
  const c = obj(choice);
  return c.type === "function" && typeof c.name === "string" ? { type: "function", function: { name: c.name } } : undefined;
}

function formatToChat(format: JsonObject): JsonObject | undefined {
  if (format.type === "json_object") return { type: "json_object" };
  if (format.type !== "json_schema") return undefined;
  return {
    type: "json_schema",
    json_schema: compact({
      name: str(format.name) ?? "response",
      schema: format.schema,
      strict: format.strict,
      description: str(format.description),
    }),
  };
}
