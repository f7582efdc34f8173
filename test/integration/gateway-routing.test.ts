import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway/server.js";
import { GatewayHost, type FakeAgent } from "../fixtures/gateway-host.js";
import { ModelServer } from "../fixtures/model-server.js";

const GATEWAY_KEY = "sk-gateway-owned-0a1b2c";
const AGENT_LOGIN = "sk-ant-oat-agent-own-login-9f8e";
const PRICE = { input_mtok: 3, output_mtok: 15, cache_read_mtok: 0.3, cache_write_mtok: 3.75 };
const GOLDEN_COST = 0.00141;
const TOOLS = [
  { name: "read_file", description: "read a file", input_schema: { type: "object" as const, properties: { path: { type: "string" } } } },
];

let upstream: ModelServer;
let host: GatewayHost;
let gateway: Gateway;
let base: string;
let agent: FakeAgent;
let local: FakeAgent;

beforeAll(async () => {
  upstream = await ModelServer.start();
  host = new GatewayHost();
  agent = host.addAgent("router");
  local = host.addAgent("local-only", { model: "chatonly/scripted-1" });
  gateway = createGateway({
    hostDir: host.hostDir,
    config: {
      providers: {
        chatonly: { dialect: "openai-chat", base_url: upstream.url, api_key_env: "GW_KEY", models: { "scripted-1": { price: PRICE } } },
        // an Anthropic account behind a different URL: same vendor, so an agent's own login may go there
        claude: { preset: "anthropic", base_url: upstream.url, models: {} },
        // nothing listens on the discard port: the provider is unreachable
        dead: { dialect: "openai-chat", base_url: "http://127.0.0.1:9", models: {} },
      },
      models: { aliases: {} },
    } as never,
    env: { GW_KEY: GATEWAY_KEY, ANTHROPIC_API_KEY: GATEWAY_KEY },
  });
  base = `http://127.0.0.1:${await gateway.listen(0)}`;
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
  host?.remove();
});

describe("translation when the provider speaks another dialect", () => {
  it("Anthropic client, Chat Completions upstream, streamed tool use round trip", async () => {
    const client = new Anthropic({ baseURL: base, authToken: agent.token, apiKey: null, maxRetries: 0 });
    const before = upstream.requests.length;
    const first = await client.messages
      .stream({ model: "chatonly/scripted-1", max_tokens: 100, tools: TOOLS, messages: [{ role: "user", content: "read README" }] })
      .finalMessage();
    const toolUse = first.content.find((b) => b.type === "tool_use");
    expect(toolUse).toMatchObject({ type: "tool_use", name: "read_file", input: { path: "README.md" } });
    expect(first.stop_reason).toBe("tool_use");
    const sent = upstream.requests[before]!;
    expect(sent.path).toBe("/v1/chat/completions");
    expect(sent.body).toMatchObject({ model: "scripted-1", stream: true, stream_options: { include_usage: true } });
    expect(sent.headers.authorization).toBe(`Bearer ${GATEWAY_KEY}`);

    const second = await client.messages.create({
      model: "chatonly/scripted-1",
      max_tokens: 100,
      tools: TOOLS,
      messages: [
        { role: "user", content: "read README" },
        { role: "assistant", content: first.content },
        { role: "user", content: [{ type: "tool_result", tool_use_id: toolUse!.type === "tool_use" ? toolUse!.id : "", content: "hello" }] },
      ],
    });
    expect(second.content).toEqual([{ type: "text", text: "The file says hello." }]);
    const calls = host.calls(agent);
    expect(calls.slice(-2).map((c) => [c.inbound.dialect, c.upstreamDialect, c.stream, c.costUsd])).toEqual([
      ["anthropic", "openai-chat", true, GOLDEN_COST],
      ["anthropic", "openai-chat", false, GOLDEN_COST],
    ]);
    expect(calls.at(-2)?.response).toMatchObject({ type: "message", content: [{ type: "tool_use", name: "read_file" }] });
    expect(calls.at(-2)?.usage).toEqual({ input: 200, cacheRead: 1000, cacheWrite: 0, output: 34, reasoning: 0 });
  });

  it("Responses client, Chat Completions upstream, streamed and not", async () => {
    const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: agent.token, maxRetries: 0 });
    const stream = await client.responses.create({ model: "chatonly/scripted-1", input: "hi", stream: true });
    let text = "";
    let completed = false;
    for await (const event of stream) {
      if (event.type === "response.output_text.delta") text += event.delta;
      if (event.type === "response.completed") completed = true;
    }
    expect(text).toBe("Hello from the scripted model.");
    expect(completed).toBe(true);
    const plain = await client.responses.create({ model: "chatonly/scripted-1", input: "hi" });
    expect(plain.output_text).toBe("Hello from the scripted model.");
    expect(
      host
        .calls(agent)
        .slice(-2)
        .map((c) => [c.inbound.dialect, c.upstreamDialect, c.costUsd]),
    ).toEqual([
      ["openai-responses", "openai-chat", GOLDEN_COST],
      ["openai-responses", "openai-chat", GOLDEN_COST],
    ]);
  });

  it("sends a bare model name to the agent's own model", async () => {
    const client = new Anthropic({ baseURL: base, authToken: local.token, apiKey: null, maxRetries: 0 });
    const before = upstream.requests.length;
    await client.messages.create({ model: "claude-haiku-4-5", max_tokens: 10, messages: [{ role: "user", content: "title?" }] });
    expect(upstream.requests[before]?.body.model).toBe("scripted-1");
    expect(host.calls(local).at(-1)).toMatchObject({ requestedModel: "claude-haiku-4-5", provider: "chatonly" });
  });

  it("names an unknown provider in the caller's dialect", async () => {
    const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: agent.token, maxRetries: 0 });
    await expect(client.chat.completions.create({ model: "nowhere/x", messages: [{ role: "user", content: "x" }] })).rejects.toMatchObject({
      status: 404,
      error: { message: expect.stringContaining("unknown provider 'nowhere'") },
    });
    expect(host.calls(agent).at(-1)).toMatchObject({ requestedModel: "nowhere/x", status: 404, costUsd: 0, provider: null });
  });
});

describe("failures", () => {
  it("records a call it cannot send for want of the provider's key, and says which variable to set", async () => {
    const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: agent.token, maxRetries: 0 });
    const before = upstream.requests.length;
    await expect(client.chat.completions.create({ model: "openai/gpt-x", messages: [{ role: "user", content: "x" }] })).rejects.toMatchObject({
      status: 401,
      error: { message: expect.stringContaining("OPENAI_API_KEY") },
    });
    expect(upstream.requests.length).toBe(before);
    expect(host.calls(agent).at(-1)).toMatchObject({ provider: "openai", status: 401, costUsd: 0, error: expect.stringContaining("OPENAI_API_KEY") });
  });

  it("records an unreachable provider as a failed call that cost nothing, and answers 502 in the caller's dialect", async () => {
    const client = new Anthropic({ baseURL: base, authToken: agent.token, apiKey: null, maxRetries: 0 });
    await expect(client.messages.create({ model: "dead/m1", max_tokens: 5, messages: [{ role: "user", content: "x" }] })).rejects.toMatchObject({
      status: 502,
      error: { type: "error", error: { type: "api_error", message: expect.stringContaining("provider dead could not be reached") } },
    });
    expect(host.calls(agent).at(-1)).toMatchObject({ provider: "dead", upstreamModel: "m1", status: 502, usage: null, costUsd: 0 });
  });
});

describe("credential pass-through", () => {
  it("forwards the agent's own login to its vendor when the agent is named by the /a/<token> path", async () => {
    const before = upstream.requests.length;
    const res = await fetch(`${base}/a/${agent.token}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${AGENT_LOGIN}`, "anthropic-version": "2023-06-01" },
      body: JSON.stringify({ model: "claude/claude-sonnet-4-5", max_tokens: 10, messages: [{ role: "user", content: "x" }] }),
    });
    expect(res.status).toBe(200);
    const sent = upstream.requests[before]!;
    expect(sent.headers.authorization).toBe(`Bearer ${AGENT_LOGIN}`);
    expect(sent.headers["x-api-key"]).toBeUndefined();
    const call = host.calls(agent).at(-1)!;
    expect(call).toMatchObject({
      credential: "agent",
      inbound: { path: "/v1/messages" },
      provider: "claude",
      costUsd: GOLDEN_COST,
      price: { source: "genai-prices" },
    });
  });

  it("never forwards an agent's login to another vendor's provider", async () => {
    const before = upstream.requests.length;
    const res = await fetch(`${base}/a/${agent.token}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${AGENT_LOGIN}` },
      body: JSON.stringify({ model: "chatonly/scripted-1", messages: [{ role: "user", content: "x" }] }),
    });
    expect(res.status).toBe(200);
    expect(upstream.requests[before]?.headers.authorization).toBe(`Bearer ${GATEWAY_KEY}`);
    expect(host.calls(agent).at(-1)?.credential).toBe("gateway");
  });

  it("rejects an unknown token in the path", async () => {
    const res = await fetch(`${base}/a/muster-nope/v1/messages`, { method: "POST", headers: { authorization: `Bearer ${AGENT_LOGIN}` }, body: "{}" });
    expect(res.status).toBe(401);
  });
});
