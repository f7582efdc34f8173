import Anthropic from "@anthropic-ai/sdk";
import { existsSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway/server.js";
import { GatewayHost, type FakeAgent } from "../fixtures/gateway-host.js";

// A provider with the `gemini` preset: Gemini clients pass through to it untranslated, with the
// gateway's Google key; clients of other dialects are refused (nothing is translated into Gemini's).

type Json = Record<string, unknown>;
interface GenaiModule {
  GoogleGenAI: new (options: Json) => {
    models: {
      generateContent(params: Json): Promise<{ text?: string; usageMetadata?: Json }>;
      generateContentStream(params: Json): Promise<AsyncIterable<{ text?: string }>>;
      countTokens(params: Json): Promise<{ totalTokens?: number }>;
    };
  };
}

const SDK = resolve(".agents/node_modules/@google/genai/dist/node/index.mjs");
const GOOGLE_KEY = "AIza-gateway-owned-key";
const received: Array<{ path: string; headers: IncomingHttpHeaders; body: string }> = [];
const usageMetadata = { promptTokenCount: 1000, candidatesTokenCount: 20, totalTokenCount: 1020 };
const reply = (text: string, finish?: string) => ({
  candidates: [{ content: { role: "model", parts: [{ text }] }, ...(finish ? { finishReason: finish } : {}), index: 0 }],
  modelVersion: "gemini-2.5-flash",
  responseId: "r1",
});

let google: Server;
let host: GatewayHost;
let gateway: Gateway;
let base: string;
let agent: FakeAgent;
let genai: GenaiModule;

beforeAll(async () => {
  google = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "";
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      if (path.includes(":countTokens")) return void res.writeHead(200, { "content-type": "application/json" }).end('{"totalTokens":7}');
      if (path.includes(":streamGenerateContent")) {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(`data: ${JSON.stringify(reply("Hello "))}\r\n\r\n`);
        res.end(`data: ${JSON.stringify({ ...reply("from Google.", "STOP"), usageMetadata })}\r\n\r\n`);
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ...reply("Hello from Google.", "STOP"), usageMetadata }));
    });
  });
  await new Promise<void>((done) => google.listen(0, "127.0.0.1", done));
  host = new GatewayHost();
  agent = host.addAgent("gem-up", { model: "google/gemini-2.5-flash" });
  gateway = createGateway({
    hostDir: host.hostDir,
    config: {
      providers: { google: { preset: "gemini", base_url: `http://127.0.0.1:${(google.address() as AddressInfo).port}`, models: {} } },
      models: { aliases: {} },
    } as never,
    env: { GEMINI_API_KEY: GOOGLE_KEY },
  });
  base = `http://127.0.0.1:${await gateway.listen(0)}`;
  if (existsSync(SDK)) genai = (await import(pathToFileURL(SDK).href)) as GenaiModule;
});

afterAll(async () => {
  await gateway?.close();
  await new Promise<void>((done) => google?.close(() => done()));
  host?.remove();
});

const models = () => new genai.GoogleGenAI({ apiKey: agent.token, httpOptions: { baseUrl: base } }).models;
const contents = [{ role: "user", parts: [{ text: "hi" }] }];

describe.skipIf(!existsSync(SDK))("a Gemini provider behind the gateway", () => {
  it("passes a streamed call through byte for byte, with the gateway's key, and records it", async () => {
    const before = received.length;
    let text = "";
    for await (const chunk of await models().generateContentStream({ model: "google/gemini-2.5-flash", contents })) text += chunk.text ?? "";
    expect(text).toBe("Hello from Google.");
    const sent = received[before];
    expect(sent?.path).toBe("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    expect(sent?.headers["x-goog-api-key"]).toBe(GOOGLE_KEY);
    expect(JSON.parse(sent?.body ?? "{}")).toEqual({ contents });
    const call = host.calls(agent).at(-1);
    expect(call).toMatchObject({
      inbound: { dialect: "gemini" },
      upstreamDialect: "gemini",
      provider: "google",
      stream: true,
      credential: "gateway",
      status: 200,
      servedModel: "gemini-2.5-flash",
      usage: { input: 1000, output: 20 },
    });
    expect(call?.costUsd).toBeGreaterThan(0); // priced from the bundled table as a Google model
  });

  it("sends Gemini names the CLI picks itself, whole calls and countTokens to the same provider", async () => {
    const before = received.length;
    const whole = await models().generateContent({ model: "gemini-3.5-flash-lite", contents });
    expect(whole.text).toBe("Hello from Google.");
    expect(received[before]?.path).toBe("/v1beta/models/gemini-3.5-flash-lite:generateContent");
    expect((await models().countTokens({ model: "google/gemini-2.5-flash", contents })).totalTokens).toBe(7);
    expect(received[before + 1]?.path).toBe("/v1beta/models/gemini-2.5-flash:countTokens");
    expect(received[before + 1]?.headers["x-goog-api-key"]).toBe(GOOGLE_KEY);
  });

  it("keeps the client's ?key= (the muster token) from the provider", async () => {
    const before = received.length;
    const r = await fetch(`${base}/v1beta/models/google/gemini-2.5-flash:generateContent?key=${agent.token}`, {
      method: "POST",
      body: JSON.stringify({ contents }),
    });
    expect(r.status).toBe(200);
    expect(received[before]?.path).toBe("/v1beta/models/gemini-2.5-flash:generateContent");
    expect(JSON.stringify(received[before]?.headers)).not.toContain(agent.token);
  });

  it("refuses clients of other dialects: nothing is translated into Gemini's", async () => {
    const client = new Anthropic({ baseURL: base, apiKey: agent.token, maxRetries: 0 });
    await expect(
      client.messages.create({ model: "google/gemini-2.5-flash", max_tokens: 10, messages: [{ role: "user", content: "hi" }] }),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("no translation from anthropic to gemini") as unknown,
    });
  });
});
