import { isObject, obj, objects, type JsonObject } from "./json.js";

/**
 * One GenerateContentResponse from the chunks of an `alt=sse` stream: the first candidate's parts in
 * order, neighbouring text parts of the same kind (thought or not) joined, the last finishReason,
 * usageMetadata, modelVersion and responseId; an error chunk is kept under `error`.
 */
export function reassembleGemini(payloads: JsonObject[]): JsonObject {
  const parts: JsonObject[] = [];
  let whole: JsonObject = {};
  let finishReason: unknown;
  for (const chunk of payloads) {
    const { candidates, ...rest } = chunk;
    whole = { ...whole, ...rest };
    const first = objects(candidates)[0] ?? {};
    if (first.finishReason !== undefined) finishReason = first.finishReason;
    for (const part of objects(obj(first.content).parts)) appendPart(parts, part);
  }
  const candidate = { content: { role: "model", parts }, ...(finishReason === undefined ? {} : { finishReason }), index: 0 };
  return { candidates: [candidate], ...whole };
}

function appendPart(parts: JsonObject[], part: JsonObject): void {
  const last = parts.at(-1);
  const isText = typeof part.text === "string" && !isObject(part.functionCall);
  if (isText && last !== undefined && typeof last.text === "string" && (last.thought === true) === (part.thought === true)) {
    last.text += part.text as string;
    return;
  }
  parts.push({ ...part });
}
