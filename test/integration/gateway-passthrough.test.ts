import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway/server.js";
import { GatewayHost, type FakeAgent } from "../fixtures/gateway-host.js";
import { ModelServer } from "../fixtures/model-server.js";

const FAKE_KEY = "sk-fixture-SECRET-7d1c0ffee";
const PRICE = { input_mtok: 3, output_mtok: 15, cache_read_mtok: 0.3, cache_write_mtok: 3.75 };
// scripted usage: 1200 prompt tokens of which 1000 cache reads, 34 output -> (200*3 + 1000*0.3 + 34*15) / 1e6
const GOLDEN_COST = 0.00141;

let upstream: ModelServer;
let host: GatewayHost;
let gateway: Gateway;
let base: string;
let agent: FakeAgent;

beforeAll(async () => {
  upstream = await ModelServer.start();
  host = new GatewayHost();
  agent = host.addAgent("passer");
  const provider = (dialect: string) => ({ dialect, base_url: upstream.url, api_key_env: "FIXTURE_KEY", models: { "scripted-1": { price: PRICE } } });
  gateway = createGateway({
    hostDir: host.hostDir,
    config: {
      providers: { fa: provider("anthropic"), fc: provider("openai-chat"), fr: provider("openai-responses") },
      models: { aliases: { fast: "fc/scripted-1" } },
    } as never,
    env: { FIXTURE_KEY: FAKE_KEY },
  });
  base = `http://127.0.0.1:${await gateway.listen(0)}`;
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
  host?.remove();
});

const anthropic = (key = agent.token) => new Anthropic({ baseURL: base, authToken: key, apiKey: null, maxRetries: 0 });
const openai = (key = agent.token) => new OpenAI({ baseURL: `${base}/v1`, apiKey: key, maxRetries: 0 });

describe("pass-through with the official clients", () => {
  it("Anthropic Messages, not streamed: forwards the key and beta headers, records usage and the exact cost", async () => {
    const before = upstream.requests.length;
    const msg = await anthropic().messages.create(
      { model: "fa/scripted-1", max_tokens: 100, messages: [{ role: "user", content: "hi" }] },
      { headers: { "anthropic-beta": "fine-grained-tool-streaming-2025-05-14" } },
    );
    expect(msg.content).toEqual([{ type: "text", text: "Hello from the scripted model." }]);
    const got = upstream.requests.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]?.body.model).toBe("scripted-1");
    expect(got[0]?.headers["x-api-key"]).toBe(FAKE_KEY);
    expect(got[0]?.headers["anthropic-beta"]).toBe("fine-grained-tool-streaming-2025-05-14");
    const call = host.calls(agent).at(-1)!;
    expect(got[0]?.headers["anthropic-version"]).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(got[0]?.headers["anthropic-version"]).toBe(call.headers["anthropic-version"]);
    expect(call).toMatchObject({
      inbound: { dialect: "anthropic", path: "/v1/messages" },
      provider: "fa",
      upstreamDialect: "anthropic",
      requestedModel: "fa/scripted-1",
      servedModel: "scripted-1",
      stream: false,
      status: 200,
      error: null,
      credential: "gateway",
      usage: { input: 200, cacheRead: 1000, cacheWrite: 0, output: 34, reasoning: 0 },
      costUsd: GOLDEN_COST,
      ttftMs: null,
    });
    expect(call.request).toMatchObject({ messages: [{ role: "user", content: "hi" }] });
    expect(call.response).toMatchObject({ content: [{ type: "text", text: "Hello from the scripted model." }] });
  });

  it("Anthropic Messages, streamed with a tool call: tees events, reassembles the response, times the first token", async () => {
    const stream = anthropic().messages.stream({
      model: "fa/scripted-1",
      max_tokens: 100,
      messages: [{ role: "user", content: "read it" }],
      tools: [{ name: "read_file", description: "read a file", input_schema: { type: "object", properties: { path: { type: "string" } } } }],
    });
    const final = await stream.finalMessage();
    expect(final.content).toEqual([{ type: "tool_use", id: "toolu_01", name: "read_file", input: { path: "README.md" } }]);
    expect(final.usage.output_tokens).toBe(34);
    const call = host.calls(agent).at(-1)!;
    expect(call.stream).toBe(true);
    expect(call.ttftMs).toBeGreaterThan(0);
    expect(call.ttftMs!).toBeLessThanOrEqual(call.durationMs);
    expect(call.response).toMatchObject({
      content: [{ type: "tool_use", name: "read_file", input: { path: "README.md" } }],
      stop_reason: "tool_use",
    });
    expect(call.costUsd).toBe(GOLDEN_COST);
  });

  it("Chat Completions, streamed: asks the upstream for usage but keeps the extra chunk from a client that did not", async () => {
    const before = upstream.requests.length;
    const chunks: unknown[] = [];
    const stream = await openai().chat.completions.create({ model: "fast", stream: true, messages: [{ role: "user", content: "hi" }] });
    for await (const chunk of stream) chunks.push(chunk);
    expect(upstream.requests[before]?.body.stream_options).toEqual({ include_usage: true });
    expect(upstream.requests[before]?.headers.authorization).toBe(`Bearer ${FAKE_KEY}`);
    expect(chunks.every((c) => (c as { choices: unknown[] }).choices.length > 0)).toBe(true);
    const call = host.calls(agent).at(-1)!;
    expect(call).toMatchObject({
      provider: "fc",
      requestedModel: "fast",
      servedModel: "scripted-1",
      usage: { input: 200, cacheRead: 1000, output: 34 },
      costUsd: GOLDEN_COST,
    });
    expect(call.response).toMatchObject({ choices: [{ message: { content: "Hello from the scripted model." } }] });
  });

  it("Chat Completions, not streamed, with a tool call", async () => {
    const res = await openai().chat.completions.create({
      model: "fc/scripted-1",
      messages: [{ role: "user", content: "read" }],
      tools: [{ type: "function", function: { name: "read_file", parameters: { type: "object", properties: {} } } }],
    });
    expect(res.choices[0]?.message.tool_calls?.[0]).toMatchObject({ function: { name: "read_file", arguments: '{"path":"README.md"}' } });
    expect(host.calls(agent).at(-1)).toMatchObject({ stream: false, costUsd: GOLDEN_COST });
  });

  it("Responses, streamed and not", async () => {
    const stream = await openai().responses.create({ model: "fr/scripted-1", input: "hi", stream: true });
    let text = "";
    for await (const event of stream) if (event.type === "response.output_text.delta") text += event.delta;
    expect(text).toBe("Hello from the scripted model.");
    const streamed = host.calls(agent).at(-1)!;
    expect(streamed).toMatchObject({ inbound: { dialect: "openai-responses" }, stream: true, costUsd: GOLDEN_COST });
    const plain = await openai().responses.create({ model: "fr/scripted-1", input: "hi" });
    expect(plain.output_text).toBe("Hello from the scripted model.");
    expect(host.calls(agent).at(-1)).toMatchObject({ stream: false, usage: { input: 200, cacheRead: 1000, output: 34 } });
  });

  it("lists the configured models and aliases at /v1/models", async () => {
    const ids: string[] = [];
    for await (const m of openai().models.list()) ids.push(m.id);
    expect(ids).toEqual(expect.arrayContaining(["fa/scripted-1", "fc/scripted-1", "fr/scripted-1", "fast"]));
  });

  it("answers an unknown token with 401 in the caller's dialect, and records nothing", async () => {
    const upstreamBefore = upstream.requests.length;
    const callsBefore = host.calls(agent).length;
    await expect(
      anthropic("not-a-token").messages.create({ model: "fa/scripted-1", max_tokens: 5, messages: [{ role: "user", content: "x" }] }),
    ).rejects.toMatchObject({
      status: 401,
      error: { type: "error", error: { type: "authentication_error" } },
    });
    await expect(
      openai("not-a-token").chat.completions.create({ model: "fc/scripted-1", messages: [{ role: "user", content: "x" }] }),
    ).rejects.toMatchObject({
      status: 401,
      error: { type: "authentication_error" },
    });
    expect(upstream.requests.length).toBe(upstreamBefore);
    expect(host.calls(agent).length).toBe(callsBefore);
  });

  it("records exactly the calls the upstream answered, and never the key", () => {
    expect(host.calls(agent).length).toBe(upstream.generations.length);
    const grep = () => execFileSync("grep", ["-rl", FAKE_KEY, host.hostDir], { encoding: "utf8" });
    expect(grep).toThrow(); // grep exits 1: no file holds the key
  });
});
