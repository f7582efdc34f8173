import { count, isObject, obj, type JsonObject } from "./json.js";
import { readGeminiUsage } from "./gemini-response.js";
import type { ClientDialect, Dialect, Usage } from "./types.js";

// Dialects count the prompt differently: Anthropic's input_tokens excludes cache reads and cache
// writes, which it reports beside it; OpenAI's prompt_tokens / input_tokens include cached_tokens
// (and OpenRouter's cache_write_tokens). Usage.input is always the part in neither cache.

/** usage of a complete (non-streamed, or reassembled) response body in that dialect */
export function usageOf(dialect: ClientDialect, body: unknown): Usage | null {
  if (dialect === "gemini") return isObject(obj(body).usageMetadata) ? readGeminiUsage(obj(body).usageMetadata) : null;
  const usage = obj(body).usage;
  if (!isObject(usage)) return null;
  return readUsage[dialect](usage);
}

export const readUsage: Record<Dialect, (usage: unknown) => Usage> = {
  anthropic: readAnthropicUsage,
  "openai-chat": readChatUsage,
  "openai-responses": readResponsesUsage,
};

export function readAnthropicUsage(usage: unknown): Usage {
  const u = obj(usage);
  return {
    input: count(u.input_tokens),
    output: count(u.output_tokens),
    cacheRead: count(u.cache_read_input_tokens),
    cacheWrite: count(u.cache_creation_input_tokens),
    reasoning: count(obj(u.output_tokens_details).thinking_tokens),
  };
}

export function readChatUsage(usage: unknown): Usage {
  const u = obj(usage);
  const details = obj(u.prompt_tokens_details);
  // DeepSeek reports cache hits at the top level instead of in prompt_tokens_details
  const cacheRead = count(details.cached_tokens) || count(u.prompt_cache_hit_tokens);
  const cacheWrite = count(details.cache_write_tokens);
  return {
    input: Math.max(0, count(u.prompt_tokens) - cacheRead - cacheWrite),
    output: count(u.completion_tokens),
    cacheRead,
    cacheWrite,
    reasoning: count(obj(u.completion_tokens_details).reasoning_tokens),
  };
}

export function readResponsesUsage(usage: unknown): Usage {
  const u = obj(usage);
  const details = obj(u.input_tokens_details);
  const cacheRead = count(details.cached_tokens);
  const cacheWrite = count(details.cache_write_tokens);
  return {
    input: Math.max(0, count(u.input_tokens) - cacheRead - cacheWrite),
    output: count(u.output_tokens),
    cacheRead,
    cacheWrite,
    reasoning: count(obj(u.output_tokens_details).reasoning_tokens),
  };
}

export function writeAnthropicUsage(u: Usage): JsonObject {
  return {
    input_tokens: u.input,
    cache_creation_input_tokens: u.cacheWrite,
    cache_read_input_tokens: u.cacheRead,
    output_tokens: u.output,
    ...(u.reasoning > 0 ? { output_tokens_details: { thinking_tokens: u.reasoning } } : {}),
  };
}

/** cache writes have no standard Chat Completions field; OpenRouter's name is used when there are any */
export function writeChatUsage(u: Usage): JsonObject {
  const prompt = u.input + u.cacheRead + u.cacheWrite;
  return {
    prompt_tokens: prompt,
    completion_tokens: u.output,
    total_tokens: prompt + u.output,
    prompt_tokens_details: { cached_tokens: u.cacheRead, ...(u.cacheWrite > 0 ? { cache_write_tokens: u.cacheWrite } : {}) },
    completion_tokens_details: { reasoning_tokens: u.reasoning },
  };
}

export function writeResponsesUsage(u: Usage): JsonObject {
  const input = u.input + u.cacheRead + u.cacheWrite;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: u.cacheRead, ...(u.cacheWrite > 0 ? { cache_write_tokens: u.cacheWrite } : {}) },
    output_tokens: u.output,
    output_tokens_details: { reasoning_tokens: u.reasoning },
    total_tokens: input + u.output,
  };
}
