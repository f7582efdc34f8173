import { describe, expect, it } from "vitest";
import { summarizeUsage, type CallRecord } from "../../src/domain/calls.js";
import { resolveConfig } from "../../src/domain/config.js";
import { ConfigError, UsageError } from "../../src/domain/errors.js";
import { routeModel, routingTable } from "../../src/gateway/providers.js";
import { SseParser } from "../../src/gateway/sse.js";

const config = (data: Record<string, unknown>) => resolveConfig([{ source: "test.toml", data }]);

describe("gateway config", () => {
  it("names the file and the key of a bad provider setting", () => {
    expect(() => config({ providers: { work: { dialect: "grpc", base_url: "http://x" } } })).toThrow(/test\.toml: providers\.work\.dialect/);
    expect(() => config({ providers: { work: { dialect: "anthropic", base_url: "not a url" } } })).toThrow(
      /providers\.work\.base_url: must be a URL/,
    );
    expect(() => config({ providers: { work: { dialect: "anthropic", colour: "red" } } })).toThrow(/providers\.work\.colour: unknown key/);
    expect(() => config({ gateway: { port: 70000 } })).toThrow(/gateway\.port/);
    expect(() => config({ models: { aliases: { fast: "no-provider" } } })).toThrow(/models\.aliases\.fast: use provider\/model/);
  });

  it("needs a dialect and a base URL for a provider that is not a preset", () => {
    expect(() => routingTable(config({ providers: { work: { base_url: "http://x" } } }))).toThrow(ConfigError);
    expect(() => routingTable(config({ providers: { work: { dialect: "anthropic" } } }))).toThrow(/providers\.work\.base_url: required/);
    expect(() => routingTable(config({ providers: { work: { preset: "olama" } } }))).toThrow(/providers\.work\.preset: unknown preset 'olama'/);
  });

  it("layers config over presets", () => {
    const table = routingTable(
      config({ providers: { ollama: { base_url: "http://gpu:11434/v1/" }, box2: { preset: "vllm", base_url: "http://10.0.0.7:8000" } } }),
    );
    expect(table.providers.get("ollama")).toMatchObject({
      baseUrl: "http://gpu:11434",
      local: true,
      dialects: ["anthropic", "openai-chat", "openai-responses"],
    });
    expect(table.providers.get("box2")).toMatchObject({ baseUrl: "http://10.0.0.7:8000", local: true });
    expect(table.providers.get("anthropic")).toMatchObject({ auth: "x-api-key", apiKeyEnv: "ANTHROPIC_API_KEY", vendor: "anthropic" });
  });
});

describe("routing model names", () => {
  const table = routingTable(config({ models: { aliases: { fast: "ollama/qwen3-coder" } } }));
  const route = (model: string, agentModel: string | null = null) => {
    const r = routeModel(table, model, agentModel, "anthropic");
    return `${r.provider.name}/${r.model}`;
  };

  it("splits provider/model at the first slash and resolves aliases", () => {
    expect(route("ollama/qwen3-coder")).toBe("ollama/qwen3-coder");
    expect(route("openrouter/moonshotai/kimi-k2")).toBe("openrouter/moonshotai/kimi-k2");
    expect(route("fast")).toBe("ollama/qwen3-coder");
  });

  it("sends bare names to the agent's model unless they belong to its vendor", () => {
    expect(route("claude-haiku-4-5", "ollama/qwen3-coder")).toBe("ollama/qwen3-coder");
    expect(route("claude-haiku-4-5", "anthropic/claude-opus-4-1")).toBe("anthropic/claude-haiku-4-5");
    expect(route("claude-haiku-4-5")).toBe("anthropic/claude-haiku-4-5");
    expect(route("gpt-5")).toBe("openai/gpt-5");
  });

  it("sends Gemini names to the agent's model, to a Gemini agent model unchanged, and to the gemini preset without one", () => {
    expect(route("gemini-3.5-flash-lite", "ollama/qwen3-coder")).toBe("ollama/qwen3-coder");
    expect(route("gemini-3.5-flash-lite", "gemini/gemini-2.5-pro")).toBe("gemini/gemini-3.5-flash-lite");
    expect(route("gemini-2.5-pro")).toBe("gemini/gemini-2.5-pro");
    expect(routeModel(table, "ollama/qwen3-coder", null, "gemini").provider.name).toBe("ollama");
    expect(table.providers.get("gemini")).toMatchObject({ dialects: ["gemini"], auth: "x-goog-api-key", vendor: "google" });
  });

  it("refuses an unknown provider, naming it", () => {
    expect(() => route("olama/qwen")).toThrow(UsageError);
    expect(() => route("olama/qwen")).toThrow(/unknown provider 'olama'/);
  });
});

describe("SSE parsing", () => {
  it("joins events split anywhere, CRLF and multi-line data included", () => {
    const parser = new SseParser();
    const text = 'event: a\r\ndata: {"x":1}\r\n\r\n: comment\n\ndata: line1\ndata: line2\n\ndata: [DONE]';
    const bytes = Buffer.from(text);
    const events = [];
    for (let i = 0; i < bytes.length; i += 3) events.push(...parser.push(bytes.subarray(i, i + 3)));
    events.push(...parser.end());
    expect(events).toEqual([{ event: "a", data: '{"x":1}' }, { data: "line1\nline2" }, { data: "[DONE]" }]);
  });

  it("keeps a multi-byte character split across chunks whole", () => {
    const parser = new SseParser();
    const bytes = Buffer.from("data: héllo ✓\n\n");
    const events = [...parser.push(bytes.subarray(0, 9)), ...parser.push(bytes.subarray(9))];
    expect(events).toEqual([{ data: "héllo ✓" }]);
  });
});

describe("usage totals", () => {
  const call = (agentName: string, costUsd: number | null, day = "2026-11-26"): CallRecord =>
    ({
      agentName,
      provider: "p",
      servedModel: "m",
      requestedModel: "m",
      startedAt: `${day}T10:00:00Z`,
      costUsd,
      usage: { input: 10, cacheRead: 90, cacheWrite: 0, output: 5, reasoning: 0 },
    }) as CallRecord;

  it("sums whole prompts and known costs, and counts the unpriced", () => {
    const { rows, total } = summarizeUsage([call("a", 0.5), call("b", null), call("a", 0.25, "2026-11-27")], "agent");
    expect(rows.map((r) => [r.key, r.calls, r.input, r.costUsd, r.unpriced])).toEqual([
      ["a", 2, 200, 0.75, 0],
      ["b", 1, 100, 0, 1],
    ]);
    expect(total).toMatchObject({ calls: 3, input: 300, output: 15, costUsd: 0.75, unpriced: 1 });
    expect(summarizeUsage([call("a", 1, "2026-11-27"), call("a", 1)], "day").rows.map((r) => r.key)).toEqual(["2026-11-26", "2026-11-27"]);
  });
});
