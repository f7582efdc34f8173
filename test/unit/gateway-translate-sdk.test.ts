import Anthropic from "@anthropic-ai/sdk";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeSse, translation, type Dialect, type SseEvent, type Translation } from "../../src/gateway/translate/index.js";
import { comparable, pairs, replyBody, replyEvents, runStream, scenarios, type Scenario } from "../fixtures/gateway/fixtures.js";

// The official clients judge the translations: a loopback server answers them with translated
// replies and streams, and the clients must accept them and rebuild the same reply.

function translate(from: Dialect, to: Dialect): Translation {
  const t = translation(from, to);
  if (t === null) throw new Error(`no translation from ${from} to ${to}`);
  return t;
}

interface Answer {
  status: number;
  json?: unknown;
  events?: SseEvent[];
}

let server: Server;
let baseUrl = "";
let answer: Answer = { status: 500 };
const received: Array<{ path: string; body: Record<string, unknown> }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ path: req.url ?? "", body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown> });
      if (answer.events === undefined) {
        res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.json));
        return;
      }
      res.writeHead(answer.status, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      for (const event of answer.events) res.write(encodeSse([event])); // one write per event, as a live stream
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

const anthropic = (): Anthropic => new Anthropic({ baseURL: baseUrl, apiKey: "test-key", maxRetries: 0, timeout: 10_000 });
const openai = (): OpenAI => new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: "test-key", maxRetries: 0, timeout: 10_000 });
const question = "What is the weather in Paris and Tokyo?";

/** asks in the client's dialect, streamed or not, and returns the reply the official client rebuilt */
async function ask(dialect: Dialect, isStream: boolean): Promise<unknown> {
  const model = "client-model";
  if (dialect === "anthropic") {
    const params = { model, max_tokens: 1000, messages: [{ role: "user" as const, content: question }] };
    return isStream ? anthropic().messages.stream(params).finalMessage() : anthropic().messages.create(params);
  }
  if (dialect === "openai-chat") {
    const messages = [{ role: "user" as const, content: question }];
    return isStream
      ? openai().chat.completions.stream({ model, messages }).finalChatCompletion()
      : openai().chat.completions.create({ model, messages });
  }
  return isStream ? openai().responses.stream({ model, input: question }).finalResponse() : openai().responses.create({ model, input: question });
}

/**
 * The OpenAI client does not gather delta fields outside the API (it keeps only the last
 * `reasoning_content` fragment), so reasoning cannot be judged by it; the stream tests check it.
 */
function withoutChatReasoning(reply: unknown): unknown {
  const choices = (reply as { choices?: Array<{ message?: Record<string, unknown> }> }).choices;
  for (const choice of choices ?? []) delete choice.message?.reasoning_content;
  return reply;
}

const cases = pairs.flatMap(([from, to]) => scenarios.map((scenario): [Dialect, Dialect, Scenario] => [from, to, scenario]));

describe("the official clients accept translated replies", () => {
  it.each(cases)("the %s client rebuilds a stream translated from a %s upstream (%s)", async (from, to, scenario) => {
    const t = translate(from, to);
    answer = { status: 200, events: runStream(t.stream("client-model"), replyEvents(to, scenario)) };
    const rebuilt = await ask(from, true);
    const expected = t.response(replyBody(to, scenario), "client-model");
    expect(withoutChatReasoning(comparable(rebuilt))).toMatchObject(withoutChatReasoning(comparable(expected)) as object);
  });

  it.each(cases)("the %s client reads a whole reply translated from a %s upstream (%s)", async (from, to, scenario) => {
    const t = translate(from, to);
    const reply = t.response(replyBody(to, scenario), "client-model");
    answer = { status: 200, json: reply };
    expect(await ask(from, false)).toMatchObject(reply);
  });

  it.each(pairs)("the %s client's own request translates for a %s upstream", async (from, to) => {
    answer = { status: 200, json: translate(from, to).response(replyBody(to, "text"), "client-model") };
    received.length = 0;
    await ask(from, false);
    const upstream = translate(from, to).request(received[0]?.body ?? {}, "upstream-model");
    expect(JSON.stringify(upstream)).toContain(question);
    expect(upstream.model).toBe("upstream-model");
  });
});

const rateLimited: Record<Dialect, unknown> = {
  anthropic: { type: "error", error: { type: "rate_limit_error", message: "slow down" } },
  "openai-chat": { error: { message: "slow down", type: "requests", param: null, code: "rate_limit_exceeded" } },
  "openai-responses": { error: { message: "slow down", type: "requests", param: null, code: "rate_limit_exceeded" } },
};

const midStreamError: Record<Dialect, SseEvent> = {
  anthropic: { event: "error", data: JSON.stringify({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } }) },
  "openai-chat": { data: JSON.stringify({ error: { message: "Overloaded", type: "server_error", param: null, code: null } }) },
  "openai-responses": {
    event: "response.failed",
    data: JSON.stringify({
      type: "response.failed",
      response: { id: "resp_X", status: "failed", error: { code: "server_error", message: "Overloaded" }, output: [] },
    }),
  },
};

describe("the official clients understand translated errors", () => {
  it.each(pairs)("the %s client raises a rate limit error from a %s upstream", async (from, to) => {
    answer = { status: 429, json: translate(from, to).error(429, rateLimited[to]) };
    const failure = ask(from, false);
    const expectedClass = from === "anthropic" ? Anthropic.RateLimitError : OpenAI.RateLimitError;
    await expect(failure).rejects.toBeInstanceOf(expectedClass);
    await expect(failure).rejects.toThrow(/slow down/);
  });

  it.each(pairs)("the %s client learns of a %s upstream's mid-stream failure", async (from, to) => {
    const upstream = [...replyEvents(to, "text").slice(0, 3), midStreamError[to]];
    answer = { status: 200, events: runStream(translate(from, to).stream("client-model"), upstream) };
    if (from === "openai-responses") {
      // a failed response ends its stream normally; the client reads the failure from it
      await expect(ask(from, true)).resolves.toMatchObject({ status: "failed", error: { message: "Overloaded" } });
      return;
    }
    await expect(ask(from, true)).rejects.toThrow(/Overloaded/);
  });
});
