import { parseToolArguments } from "./content.js";
import { compact, count, obj, type JsonObject } from "./json.js";
import type { Block, StopReason, Turn } from "./turn.js";
import type { Usage } from "./types.js";

/**
 * Turn -> Gemini GenerateContentResponse: one candidate whose parts are the reasoning (as
 * `thought` parts), the text and the function calls, with the ids of the calls kept so the
 * client's functionResponses name them.
 */
export function writeGeminiResponse(turn: Turn, model: string): JsonObject {
  return {
    candidates: [candidate(turn.blocks.flatMap(blockToParts), turn.stop)],
    usageMetadata: writeGeminiUsage(turn.usage),
    modelVersion: model,
    responseId: turn.id,
  };
}

export function candidate(parts: JsonObject[], stop: StopReason | null): JsonObject {
  return compact({ content: { role: "model", parts }, finishReason: stop === null ? undefined : writeGeminiFinish(stop), index: 0 });
}

function blockToParts(block: Block): JsonObject[] {
  if (block.type === "tool_call") return [functionCallPart(block.id, block.name, block.arguments)];
  if (block.text === "") return [];
  return block.type === "reasoning" ? [{ text: block.text, thought: true }] : [{ text: block.text }];
}

export function functionCallPart(id: string, name: string, args: string): JsonObject {
  return { functionCall: compact({ id: id === "" ? undefined : id, name, args: parseToolArguments(args) }) };
}

/** Gemini ends a reply that calls functions with STOP too: the calls themselves say so. */
export function writeGeminiFinish(stop: StopReason): string {
  const reasons: Record<StopReason, string> = {
    end: "STOP",
    stop_sequence: "STOP",
    tool_calls: "STOP",
    length: "MAX_TOKENS",
    content_filter: "SAFETY",
  };
  return reasons[stop];
}

/** promptTokenCount includes cached tokens; candidatesTokenCount leaves out thoughtsTokenCount */
export function writeGeminiUsage(u: Usage): JsonObject {
  const prompt = u.input + u.cacheRead + u.cacheWrite;
  return {
    promptTokenCount: prompt,
    candidatesTokenCount: Math.max(0, u.output - u.reasoning),
    totalTokenCount: prompt + u.output,
    ...(u.cacheRead > 0 ? { cachedContentTokenCount: u.cacheRead } : {}),
    ...(u.reasoning > 0 ? { thoughtsTokenCount: u.reasoning } : {}),
  };
}

export function readGeminiUsage(usage: unknown): Usage {
  const u = obj(usage);
  const cacheRead = count(u.cachedContentTokenCount);
  const reasoning = count(u.thoughtsTokenCount);
  return {
    input: Math.max(0, count(u.promptTokenCount) - cacheRead),
    output: count(u.candidatesTokenCount) + reasoning,
    cacheRead,
    cacheWrite: 0,
    reasoning,
  };
}
