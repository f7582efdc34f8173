import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway/server.js";
import { GatewayHost, type FakeAgent } from "../fixtures/gateway-host.js";
import { ModelServer } from "../fixtures/model-server.js";

// The official Gemini client (@google/genai, installed with Gemini CLI) talks to the gateway, which
// translates to each upstream dialect and back.

type Json = Record<string, unknown>;
interface GenaiReply {
  text?: string;
  functionCalls?: Array<{ id?: string; name?: string; args?: Json }>;
  candidates?: Array<{ content?: { role?: string; parts?: Json[] }; finishReason?: string }>;
  usageMetadata?: Json;
}
interface GenaiModels {
  generateContent(params: Json): Promise<GenaiReply>;
  generateContentStream(params: Json): Promise<AsyncIterable<GenaiReply>>;
  countTokens(params: Json): Promise<{ totalTokens?: number }>;
}
interface GenaiModule {
  GoogleGenAI: new (options: Json) => { models: GenaiModels };
}

const SDK = resolve(".agents/node_modules/@google/genai/dist/node/index.mjs");
const GEMINI_TOOLS = [
  {
    functionDeclarations: [
      {
        name: "read_file",
        description: "read a file",
        parametersJsonSchema: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
      },
    ],
  },
];

let upstream: ModelServer;
let host: GatewayHost;
let gateway: Gateway;
let base: string;
let agent: FakeAgent;
let genai: GenaiModule;

beforeAll(async () => {
  upstream = await ModelServer.start();
  host = new GatewayHost();
  agent = host.addAgent("gem", { model: "chatonly/scripted-1" });
  gateway = createGateway({
    hostDir: host.hostDir,
    config: {
      providers: {
        chatonly: { dialect: "openai-chat", base_url: upstream.url, models: {} },
        msgs: { dialect: "anthropic", base_url: upstream.url, models: {} },
        resp: { dialect: "openai-responses", base_url: upstream.url, models: {} },
      },
      models: { aliases: { small: "msgs/scripted-1" } },
    } as never,
    env: {},
  });
  base = `http://127.0.0.1:${await gateway.listen(0)}`;
  if (existsSync(SDK)) genai = (await import(pathToFileURL(SDK).href)) as GenaiModule;
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
  host?.remove();
});

const client = (apiKey = agent.token) => new genai.GoogleGenAI({ apiKey, httpOptions: { baseUrl: base } }).models;
const ask = (model: string, contents: Json[], config: Json = {}) => ({ model, contents, config: { tools: GEMINI_TOOLS, ...config } });
const userSays = (text: string): Json => ({ role: "user", parts: [{ text }] });

describe.skipIf(!existsSync(SDK))("the official Gemini client through the gateway", () => {
  it.each([
    ["chatonly/scripted-1", "openai-chat", "/v1/chat/completions"],
    ["msgs/scripted-1", "anthropic", "/v1/messages"],
    ["resp/scripted-1", "openai-responses", "/v1/responses"],
  ])("streams a function call round trip with %s (%s upstream)", async (model, dialect, upstreamPath) => {
    const before = upstream.requests.length;
    const chunks: GenaiReply[] = [];
    for await (const chunk of await client().generateContentStream(ask(model, [userSays("read README")]))) chunks.push(chunk);
    const calls = chunks.flatMap((chunk) => chunk.functionCalls ?? []);
    expect(calls).toEqual(
      [{ id: "toolu_01", name: "read_file", args: { path: "README.md" } }].map((c) => ({ ...c, id: expect.any(String) as unknown })),
    );
    const sent = upstream.requests[before];
    expect(sent?.path).toBe(upstreamPath);
    expect(sent?.body).toMatchObject({ model: "scripted-1", stream: true });

    const call = calls[0] ?? {};
    const second = await client().generateContent(
      ask(model, [
        userSays("read README"),
        { role: "model", parts: [{ functionCall: call }] },
        { role: "user", parts: [{ functionResponse: { id: call.id, name: call.name, response: { output: "hello" } } }] },
      ]),
    );
    expect(second.text).toBe("The file says hello.");
    expect(second.candidates?.[0]?.finishReason).toBe("STOP");
    expect(second.usageMetadata?.promptTokenCount).toBeGreaterThan(0);

    const recorded = host.calls(agent).slice(-2);
    expect(recorded.map((c) => [c.inbound.dialect, c.upstreamDialect, c.stream, c.requestedModel, c.status])).toEqual([
      ["gemini", dialect, true, model, 200],
      ["gemini", dialect, false, model, 200],
    ]);
    expect(recorded[0]?.inbound.path).toBe(`/v1beta/models/${model}:streamGenerateContent?alt=sse`);
    expect((recorded[0]?.response as Json).candidates).toBeDefined();
    expect(recorded[1]?.usage?.output).toBeGreaterThan(0);
  });

  it("sends Gemini model names and aliases to the agent's own model or the alias", async () => {
    const before = upstream.requests.length;
    const reply = await client().generateContent({ model: "gemini-3.5-flash-lite", contents: [userSays("hi")] });
    expect(reply.text).toBe("Hello from the scripted model.");
    expect(upstream.requests[before]?.path).toBe("/v1/chat/completions");
    await client().generateContent({ model: "small", contents: [userSays("hi")] });
    expect(upstream.requests[before + 1]?.path).toBe("/v1/messages");
  });

  it("asks the upstream for JSON of the schema the client gives", async () => {
    const before = upstream.requests.length;
    const schema = { type: "object", properties: { complexity_score: { type: "integer" } }, required: ["complexity_score"] };
    await client().generateContent({
      model: "chatonly/scripted-1",
      contents: [userSays("classify")],
      config: { responseMimeType: "application/json", responseJsonSchema: schema },
    });
    expect(upstream.requests[before]?.body.response_format).toEqual({ type: "json_schema", json_schema: { name: "response", schema } });
  });

  it("answers countTokens itself, with an estimate", async () => {
    const before = upstream.requests.length;
    const counted = await client().countTokens({ model: "chatonly/scripted-1", contents: [userSays("x".repeat(400))] });
    expect(counted.totalTokens).toBeGreaterThan(100);
    expect(upstream.requests.length).toBe(before);
    expect(host.calls(agent).at(-1)).toMatchObject({ inbound: { dialect: "gemini" }, status: 200, costUsd: 0 });
  });

  it("refuses an unknown key in Google's error shape, which the client raises", async () => {
    await expect(client("not-a-muster-token").generateContent({ model: "m", contents: [userSays("hi")] })).rejects.toMatchObject({
      status: 401,
    });
    const raw = await fetch(`${base}/v1beta/models/m:generateContent`, { method: "POST", body: "{}" });
    expect(raw.status).toBe(401);
    expect(await raw.json()).toEqual({ error: { code: 401, message: "unknown muster gateway token", status: "UNAUTHENTICATED" } });
  });

  it("takes the token as ?key= too, and lists models in Gemini's shape", async () => {
    const listed = await fetch(`${base}/v1beta/models?key=${agent.token}`);
    expect(listed.status).toBe(200);
    const names = ((await listed.json()) as { models: Array<{ name: string }> }).models.map((m) => m.name);
    expect(names).toContain("models/chatonly/scripted-1");
    const reply = await fetch(`${base}/v1beta/models/chatonly/scripted-1:generateContent?key=${agent.token}`, {
      method: "POST",
      body: JSON.stringify({ contents: [userSays("hi")] }),
    });
    expect(reply.status).toBe(200);
    expect(await reply.json()).toMatchObject({ candidates: [{ content: { role: "model", parts: [{ text: "Hello from the scripted model." }] } }] });
  });

  it("gives upstream failures to the client in Google's shape", async () => {
    upstream.script.push({ status: 429 });
    const raw = await fetch(`${base}/v1beta/models/msgs/scripted-1:generateContent`, {
      method: "POST",
      headers: { "x-goog-api-key": agent.token },
      body: JSON.stringify({ contents: [userSays("hi")] }),
    });
    expect(raw.status).toBe(429);
    // the upstream called it overloaded_error, which Google names UNAVAILABLE
    expect(await raw.json()).toEqual({ error: { code: 429, message: "scripted failure 429", status: "UNAVAILABLE" } });
  });
});
