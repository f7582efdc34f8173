import { isObject, num, obj, objects, parseJson, str, type JsonObject } from "./json.js";
import { reassembleGemini } from "./gemini-reassemble.js";
import type { ClientDialect, SseEvent } from "./types.js";

/**
 * A complete response body from the events of a streamed one, as the dialect's non-streaming API
 * would have answered. A stream cut short gives what had arrived; an error event in the stream is
 * kept under `error`.
 */
export function reassemble(dialect: ClientDialect, events: SseEvent[]): Record<string, unknown> {
  const payloads = events.filter((event) => event.data.trim() !== "[DONE]").map((event) => obj(parseJson(event.data)));
  if (dialect === "gemini") return reassembleGemini(payloads);
  if (dialect === "anthropic") return reassembleAnthropic(payloads);
  return dialect === "openai-chat" ? reassembleChat(payloads) : reassembleResponses(payloads);
}

function reassembleAnthropic(payloads: JsonObject[]): JsonObject {
  let message: JsonObject = {};
  const content: JsonObject[] = [];
  const jsonByIndex = new Map<number, string>();
  let error: unknown;
  for (const data of payloads) {
    const index = num(data.index) ?? 0;
    const block = content[index] ?? {};
    if (data.type === "message_start") message = obj(data.message);
    if (data.type === "content_block_start") content[index] = { ...obj(data.content_block) };
    if (data.type === "content_block_delta") applyAnthropicDelta(block, obj(data.delta), index, jsonByIndex);
    if (data.type === "content_block_stop") parseToolInput(block, jsonByIndex.get(index));
    if (data.type === "message_delta") message = applyMessageDelta(message, data);
    if (data.type === "error") error = data.error;
  }
  content.forEach((block, index) => parseToolInput(block, jsonByIndex.get(index)));
  const whole = { ...message, content };
  return error === undefined ? whole : { ...whole, error };
}

function applyAnthropicDelta(block: JsonObject, delta: JsonObject, index: number, jsonByIndex: Map<number, string>): void {
  const append = (field: string, text: unknown): void => {
    block[field] = (str(block[field]) ?? "") + (str(text) ?? "");
  };
  if (delta.type === "text_delta") append("text", delta.text);
  if (delta.type === "thinking_delta") append("thinking", delta.thinking);
  if (delta.type === "signature_delta") block.signature = delta.signature;
  if (delta.type === "citations_delta") block.citations = [...objects(block.citations), obj(delta.citation)];
  if (delta.type === "input_json_delta") jsonByIndex.set(index, (jsonByIndex.get(index) ?? "") + (str(delta.partial_json) ?? ""));
}

function parseToolInput(block: JsonObject | undefined, json: string | undefined): void {
  if (block === undefined || json === undefined || json === "") return;
  block.input = obj(parseJson(json));
}

/** message_delta's usage counts are totals: the ones it carries replace those of message_start */
function applyMessageDelta(message: JsonObject, data: JsonObject): JsonObject {
  const present = Object.entries(obj(data.usage)).filter(([, value]) => value !== null && value !== undefined);
  return { ...message, ...obj(data.delta), usage: { ...obj(message.usage), ...Object.fromEntries(present) } };
}

interface ChatChoice {
  message: JsonObject;
  toolCalls: Map<number, JsonObject>;
  finishReason: unknown;
}

function reassembleChat(payloads: JsonObject[]): JsonObject {
  let head: JsonObject | undefined;
  let usage: JsonObject | undefined;
  let error: unknown;
  const choices = new Map<number, ChatChoice>();
  for (const chunk of payloads) {
    if (chunk.error !== undefined) error = chunk.error;
    if (chunk.error === undefined && head === undefined) head = chunk;
    if (isObject(chunk.usage)) usage = chunk.usage;
    for (const choice of objects(chunk.choices)) {
      const index = num(choice.index) ?? 0;
      const whole = choices.get(index) ?? { message: {}, toolCalls: new Map(), finishReason: null };
      choices.set(index, whole);
      applyChatDelta(whole, obj(choice.delta));
      if (choice.finish_reason !== null && choice.finish_reason !== undefined) whole.finishReason = choice.finish_reason;
    }
  }
  const fields = obj(head);
  return {
    id: fields.id,
    object: "chat.completion",
    created: fields.created,
    model: fields.model,
    ...(fields.system_fingerprint === undefined ? {} : { system_fingerprint: fields.system_fingerprint }),
    choices: [...choices.entries()].sort(([a], [b]) => a - b).map(([index, choice]) => chatChoice(index, choice)),
    ...(usage === undefined ? {} : { usage }),
    ...(error === undefined ? {} : { error }),
  };
}

function applyChatDelta(choice: ChatChoice, delta: JsonObject): void {
  const message = choice.message;
  if (typeof delta.role === "string") message.role = delta.role;
  for (const field of ["content", "refusal", "reasoning_content", "reasoning"]) {
    const text = str(delta[field]);
    if (text !== undefined && text !== "") message[field] = (str(message[field]) ?? "") + text;
  }
  objects(delta.tool_calls).forEach((call, position) => {
    const index = num(call.index) ?? position;
    const whole = choice.toolCalls.get(index) ?? { id: "", type: "function", function: { name: "", arguments: "" } };
    choice.toolCalls.set(index, whole);
    const fn = obj(call.function);
    const wholeFn = obj(whole.function);
    if (typeof call.id === "string" && call.id !== "") whole.id = call.id;
    if (typeof call.type === "string") whole.type = call.type;
    if (typeof fn.name === "string" && fn.name !== "") wholeFn.name = fn.name;
    wholeFn.arguments = (str(wholeFn.arguments) ?? "") + (str(fn.arguments) ?? "");
  });
}

function chatChoice(index: number, choice: ChatChoice): JsonObject {
  const { role, content, refusal, ...rest } = choice.message;
  const toolCalls = [...choice.toolCalls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
  const message = {
    role: role ?? "assistant",
    content: content ?? null,
    refusal: refusal ?? null,
    ...rest,
    ...(toolCalls.length === 0 ? {} : { tool_calls: toolCalls }),
  };
  return { index, message, finish_reason: choice.finishReason, logprobs: null };
}

function reassembleResponses(payloads: JsonObject[]): JsonObject {
  let response: JsonObject = {};
  const output: JsonObject[] = [];
  let error: JsonObject | undefined;
  for (const data of payloads) {
    const type = str(data.type) ?? "";
    if (type === "error") error = { code: data.code ?? null, message: data.message ?? "", param: data.param ?? null };
    else if (isObject(data.response)) response = data.response;
    else applyResponsesEvent(output, type, data);
  }
  const finalOutput = objects(response.output);
  const whole = { ...response, output: finalOutput.length > 0 ? finalOutput : output.filter(isObject) };
  return error === undefined || isObject(response.error) ? whole : { ...whole, error };
}

function applyResponsesEvent(output: JsonObject[], type: string, data: JsonObject): void {
  const index = num(data.output_index) ?? 0;
  if (type === "response.output_item.added" || type === "response.output_item.done") {
    output[index] = { ...obj(data.item) };
    return;
  }
  const item = output[index] ?? {};
  output[index] = item;
  const at = (field: "content" | "summary", position: unknown): JsonObject => {
    const list = Array.isArray(item[field]) ? (item[field] as unknown[]) : [];
    item[field] = list;
    const slot = num(position) ?? 0;
    const part = obj(list[slot]);
    list[slot] = part;
    return part;
  };
  const append = (part: JsonObject, field: string): void => {
    part[field] = (str(part[field]) ?? "") + (str(data.delta) ?? "");
  };
  switch (type) {
    case "response.content_part.added":
    case "response.content_part.done":
      Object.assign(at("content", data.content_index), obj(data.part));
      break;
    case "response.reasoning_summary_part.added":
    case "response.reasoning_summary_part.done":
      Object.assign(at("summary", data.summary_index), obj(data.part));
      break;
    case "response.output_text.delta":
    case "response.reasoning_text.delta":
      append(at("content", data.content_index), "text");
      break;
    case "response.refusal.delta":
      append(at("content", data.content_index), "refusal");
      break;
    case "response.reasoning_summary_text.delta":
      append(at("summary", data.summary_index), "text");
      break;
    case "response.output_text.done":
    case "response.reasoning_text.done":
      at("content", data.content_index).text = data.text;
      break;
    case "response.reasoning_summary_text.done":
      at("summary", data.summary_index).text = data.text;
      break;
    case "response.refusal.done":
      at("content", data.content_index).refusal = data.refusal;
      break;
    case "response.function_call_arguments.delta":
      append(item, "arguments");
      break;
    case "response.function_call_arguments.done":
      item.arguments = data.arguments;
      break;
  }
}
