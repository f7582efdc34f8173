import { describe, expect, it } from "vitest";
import { usageOf } from "../../src/gateway/translate/index.js";
import { replyBody } from "../fixtures/gateway/fixtures.js";

describe("usageOf", () => {
  it("reads Anthropic usage, whose input_tokens already leaves out both caches", () => {
    expect(usageOf("anthropic", replyBody("anthropic", "tools"))).toEqual({
      input: 312,
      output: 187,
      cacheRead: 2048,
      cacheWrite: 512,
      reasoning: 0,
    });
    const withThinking = { usage: { input_tokens: 10, output_tokens: 90, output_tokens_details: { thinking_tokens: 60 } } };
    expect(usageOf("anthropic", withThinking)).toEqual({ input: 10, output: 90, cacheRead: 0, cacheWrite: 0, reasoning: 60 });
  });

  it("takes cached tokens out of Chat Completions' prompt_tokens", () => {
    expect(usageOf("openai-chat", replyBody("openai-chat", "tools"))).toEqual({
      input: 312,
      output: 187,
      cacheRead: 2048,
      cacheWrite: 0,
      reasoning: 64,
    });
  });

  it("takes cached tokens out of Responses' input_tokens", () => {
    expect(usageOf("openai-responses", replyBody("openai-responses", "tools"))).toEqual({
      input: 312,
      output: 187,
      cacheRead: 2048,
      cacheWrite: 0,
      reasoning: 64,
    });
  });

  it("takes OpenRouter's cache writes and DeepSeek's cache hits out of the prompt too", () => {
    const openRouter = { usage: { prompt_tokens: 194, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 50, cache_write_tokens: 100 } } };
    expect(usageOf("openai-chat", openRouter)).toEqual({ input: 44, output: 2, cacheRead: 50, cacheWrite: 100, reasoning: 0 });
    const deepSeek = { usage: { prompt_tokens: 1000, completion_tokens: 5, prompt_cache_hit_tokens: 900, prompt_cache_miss_tokens: 100 } };
    expect(usageOf("openai-chat", deepSeek)).toEqual({ input: 100, output: 5, cacheRead: 900, cacheWrite: 0, reasoning: 0 });
  });

  it("is null when the body has no usage, and counts missing or bad fields as 0", () => {
    expect(usageOf("openai-chat", { choices: [] })).toBeNull();
    expect(usageOf("anthropic", null)).toBeNull();
    expect(usageOf("openai-responses", { usage: { input_tokens: "12", output_tokens: -3 } })).toEqual({
      input: 0,
      output: 0,
      cacheRead: 0,
      cacheWrite: 0,
      reasoning: 0,
    });
  });
});
