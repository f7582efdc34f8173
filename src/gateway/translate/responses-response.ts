import { num, objects, str, type JsonObject } from "./json.js";
import { readResponsesStop, writeResponsesStatus } from "./stop.js";
import { newId, nowSeconds, type Block, type Turn } from "./turn.js";
import { readResponsesUsage, writeResponsesUsage } from "./usage.js";

/**
 * Responses response -> Turn. Reasoning is read from its raw text, or from its summary when that is
 * all there is. Hosted-tool items (web search, file search, ...) have no counterpart and are dropped.
 */
export function readResponsesResponse(body: JsonObject): Turn {
  const blocks = objects(body.output).flatMap(readItem);
  return {
    id: str(body.id) ?? newId("resp_"),
    created: num(body.created_at) ?? nowSeconds(),
    blocks,
    stop: readResponsesStop(
      body,
      blocks.some((block) => block.type === "tool_call"),
    ),
    stopSequence: null,
    usage: readResponsesUsage(body.usage),
  };
}

function readItem(item: JsonObject): Block[] {
  if (item.type === "function_call") {
    return [{ type: "tool_call", id: str(item.call_id) ?? "", name: str(item.name) ?? "", arguments: str(item.arguments) ?? "" }];
  }
  if (item.type === "message") {
    const text = objects(item.content)
      .map((part) => str(part.text) ?? str(part.refusal) ?? "")
      .join("");
    return text === "" ? [] : [{ type: "text", text }];
  }
  if (item.type === "reasoning") {
    const text = reasoningText(item);
    return text === "" ? [] : [{ type: "reasoning", text }];
  }
  return [];
}

export function reasoningText(item: JsonObject): string {
  const raw = objects(item.content)
    .map((part) => str(part.text) ?? "")
    .join("");
  return (
    raw ||
    objects(item.summary)
      .map((part) => str(part.text) ?? "")
      .join("\n\n")
  );
}

export function writeResponsesResponse(turn: Turn, model: string): JsonObject {
  const id = responseIdOf(turn.id);
  return responseObject({
    id,
    created: turn.created,
    model,
    ...writeResponsesStatus(turn.stop),
    output: turn.blocks.map((block, index) => writeItem(block, itemId(block.type, id, index))),
    usage: writeResponsesUsage(turn.usage),
  });
}

function writeItem(block: Block, id: string): JsonObject {
  switch (block.type) {
    case "text":
      return messageItem(id, "completed", [outputText(block.text)]);
    case "reasoning":
      return reasoningItem(id, [reasoningPart(block.text)]);
    case "tool_call":
      return functionCallItem(id, "completed", block.id, block.name, block.arguments);
  }
}

export interface ResponseFields {
  id: string;
  created: number;
  model: string;
  status: string;
  incomplete_details: JsonObject | null;
  output: JsonObject[];
  usage: JsonObject | null;
  error?: JsonObject | null;
}

export function responseObject(r: ResponseFields): JsonObject {
  return {
    id: r.id,
    object: "response",
    created_at: r.created,
    status: r.status,
    error: r.error ?? null,
    incomplete_details: r.incomplete_details,
    model: r.model,
    output: r.output,
    usage: r.usage,
  };
}

/** Responses ids start with resp_; ids from other dialects get the prefix. */
export function responseIdOf(id: string): string {
  return id.startsWith("resp_") ? id : `resp_${id}`;
}

/** Item ids derive from the response id and position, so a streamed and a whole reply name items alike. */
export function itemId(type: Block["type"], responseId: string, outputIndex: number): string {
  const prefixes: Record<Block["type"], string> = { text: "msg", reasoning: "rs", tool_call: "fc" };
  return `${prefixes[type]}_${responseId.replace(/^resp_/, "")}_${outputIndex}`;
}

export function outputText(text: string): JsonObject {
  return { type: "output_text", text, annotations: [] };
}

export function reasoningPart(text: string): JsonObject {
  return { type: "reasoning_text", text };
}

export function messageItem(id: string, status: string, content: JsonObject[]): JsonObject {
  return { id, type: "message", status, role: "assistant", content };
}

export function reasoningItem(id: string, content: JsonObject[]): JsonObject {
  return { id, type: "reasoning", summary: [], content };
}

export function functionCallItem(id: string, status: string, callId: string, name: string, args: string): JsonObject {
  return { id, type: "function_call", status, call_id: callId, name, arguments: args };
}
