import { describe, expect, it } from "vitest";
import { dialectError, translation, type Dialect, type Translation } from "../../src/gateway/translate/index.js";
import { pairs } from "../fixtures/gateway/fixtures.js";

function translate(from: Dialect, to: Dialect): Translation {
  const t = translation(from, to);
  if (t === null) throw new Error(`no translation from ${from} to ${to}`);
  return t;
}

/** the same upstream failure, as each dialect's API words it */
const rateLimited: Record<Dialect, unknown> = {
  anthropic: { type: "error", error: { type: "rate_limit_error", message: "Number of requests has exceeded your rate limit" } },
  "openai-chat": {
    error: { message: "Number of requests has exceeded your rate limit", type: "requests", param: null, code: "rate_limit_exceeded" },
  },
  "openai-responses": {
    error: { message: "Number of requests has exceeded your rate limit", type: "requests", param: null, code: "rate_limit_exceeded" },
  },
};

const clientShape: Record<Dialect, unknown> = {
  anthropic: { type: "error", error: { type: "rate_limit_error", message: "Number of requests has exceeded your rate limit" } },
  "openai-chat": { error: { message: "Number of requests has exceeded your rate limit", type: "rate_limit_error", param: null, code: null } },
  "openai-responses": { error: { message: "Number of requests has exceeded your rate limit", type: "rate_limit_error", param: null, code: null } },
};

describe("dialectError", () => {
  it("writes Anthropic's error shape, with the type that goes with the status", () => {
    expect(dialectError("anthropic", 401, "unknown muster gateway token")).toEqual({
      type: "error",
      error: { type: "authentication_error", message: "unknown muster gateway token" },
    });
    expect(dialectError("anthropic", 529, "busy").error).toEqual({ type: "overloaded_error", message: "busy" });
    expect(dialectError("anthropic", 418, "odd").error).toEqual({ type: "invalid_request_error", message: "odd" });
  });

  it("writes OpenAI's error shape for both OpenAI dialects", () => {
    const expected = { error: { message: "budget of $5.00 used up", type: "insufficient_quota", param: null, code: null } };
    expect(dialectError("openai-chat", 402, "budget of $5.00 used up")).toEqual(expected);
    expect(dialectError("openai-responses", 402, "budget of $5.00 used up")).toEqual(expected);
    expect(dialectError("openai-chat", 502, "upstream unreachable").error).toMatchObject({ type: "server_error" });
  });

  it("uses the type it is given", () => {
    expect(dialectError("anthropic", 400, "no such route", "not_found_error").error).toEqual({ type: "not_found_error", message: "no such route" });
    expect(dialectError("openai-chat", 400, "no such route", "invalid_request_error").error).toMatchObject({ type: "invalid_request_error" });
  });
});

describe("error translation", () => {
  it.each(pairs)("gives a %s client a %s upstream's error in its own shape and class", (from, to) => {
    expect(translate(from, to).error(429, rateLimited[to])).toEqual(clientShape[from]);
  });

  it.each([
    [
      "Ollama's {error: string}",
      404,
      { error: 'model "qwen9" not found, try pulling it first' },
      'model "qwen9" not found, try pulling it first',
      "not_found_error",
    ],
    ["FastAPI's {detail}", 400, { detail: "max_tokens must be positive" }, "max_tokens must be positive", "invalid_request_error"],
    [
      "FastAPI's structured detail",
      422,
      { detail: [{ loc: ["body", "messages"], msg: "field required" }] },
      '[{"loc":["body","messages"],"msg":"field required"}]',
      "invalid_request_error",
    ],
    ["a bare {message}", 500, { message: "CUDA out of memory" }, "CUDA out of memory", "api_error"],
    ["plain text", 503, "upstream connect error", "upstream connect error", "overloaded_error"],
    ["an empty body", 500, "", "upstream answered with HTTP status 500", "api_error"],
    ["an error whose type is a method name", 400, { error: { type: "toString", message: "odd" } }, "odd", "invalid_request_error"],
  ])("reads %s", (_name, status, body, message, type) => {
    expect(translate("anthropic", "openai-chat").error(status, body)).toEqual({ type: "error", error: { type, message } });
  });

  it.each([
    ["invalid_request_error", 400],
    ["authentication_error", 401],
    ["permission_error", 403],
    ["not_found_error", 404],
    ["request_too_large", 413],
    ["rate_limit_error", 429],
    ["api_error", 500],
    ["overloaded_error", 529],
  ])("keeps the class of an Anthropic %s (HTTP %i) through Chat Completions and back", (type, status) => {
    const upstream = { type: "error", error: { type, message: "m" } };
    const viaChat = translate("openai-chat", "anthropic").error(status, upstream);
    expect(translate("anthropic", "openai-chat").error(status, viaChat)).toEqual(upstream);
  });
});
