import { describe, expect, it } from "vitest";
import {
  dialectError,
  encodeSse,
  reassemble,
  translation,
  usageOf,
  type Dialect,
  type SseEvent,
  type Translation,
  type Usage,
} from "../../src/gateway/translate/index.js";
import {
  comparable,
  dialects,
  expectGolden,
  payloads,
  replyBody,
  replyEvents,
  replyMeaning,
  requestFixture,
  runStream,
  scenarios,
  type Scenario,
} from "../fixtures/gateway/fixtures.js";

type Json = Record<string, unknown>;

function fromGemini(to: Dialect): Translation {
  const t = translation("gemini", to);
  if (t === null) throw new Error(`no translation from gemini to ${to}`);
  return t;
}

const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

/** what a Gemini reply says, read without the code under test: text, thoughts, function calls */
function geminiMeaning(body: Json): { text: string; reasoning: string; toolCalls: unknown[] } {
  const parts = list((list(body.candidates)[0]?.content as Json | undefined)?.parts);
  const texts = (thought: boolean) =>
    parts
      .filter((p) => typeof p.text === "string" && (p.thought === true) === thought)
      .map((p) => p.text)
      .join("");
  const calls = parts.filter((p) => p.functionCall !== undefined).map((p) => p.functionCall as Json);
  return { text: texts(false), reasoning: texts(true), toolCalls: calls.map((c) => ({ id: c.id, name: c.name, input: c.args })) };
}

/** Gemini has no count for cache writes: they are part of the prompt like any other input */
function cacheWritesAsInput(usage: Usage | null): Usage | null {
  return usage === null ? null : { ...usage, input: usage.input + usage.cacheWrite, cacheWrite: 0 };
}

const cases = dialects.flatMap((to) => scenarios.map((scenario): [Dialect, Scenario] => [to, scenario]));
const finishOf = (body: Json): unknown => list(body.candidates)[0]?.finishReason;
const expectedFinish: Record<Scenario, string> = { tools: "STOP", text: "MAX_TOKENS" };

describe("Gemini requests", () => {
  it.each(dialects)("translate for a %s upstream", (to) => {
    const upstream = fromGemini(to).request({ ...requestFixture("gemini"), stream: true }, "upstream-model");
    expect(upstream.model).toBe("upstream-model");
    expectGolden(`request.gemini-to-${to}.json`, upstream);
  });

  const chat = fromGemini("openai-chat").request(requestFixture("gemini"), "m");
  const messages = list(chat.messages);

  it("put the system instruction first, then the turns, with tool results right after the calls", () => {
    expect(messages[0]).toEqual({ role: "system", content: "You are a coding agent.\nWork in /repo." });
    expect(messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "tool", "tool", "user"]);
    expect(messages[2]).toEqual({
      role: "assistant",
      content: "Let me look.",
      tool_calls: [
        { id: "call_1_2", type: "function", function: { name: "run_shell_command", arguments: '{"command":"ls"}' } },
        { id: "fc-2", type: "function", function: { name: "read_file", arguments: '{"absolute_path":"/repo/logo.png"}' } },
      ],
    });
  });

  it("answer each call by id, or else by name, and carry output text as the tool message", () => {
    expect(messages[3]).toMatchObject({ role: "tool", tool_call_id: "fc-2" });
    expect(messages[3]?.content).toMatch(/^binary image\n\[image omitted/);
    expect(messages[4]).toEqual({ role: "tool", tool_call_id: "call_1_2", content: "README.md\nlogo.png" });
  });

  it("turn inline images into image_url parts and mark other media as omitted", () => {
    expect(messages[5]?.content).toEqual([
      { type: "text", text: "Also describe this one:" },
      { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
      { type: "text", text: expect.stringMatching(/^\[image omitted/) as unknown },
    ]);
  });

  it("keep function declarations as JSON Schema, and drop other tools", () => {
    const tools = list(chat.tools).map((tool) => tool.function as Json);
    expect(tools.map((fn) => fn.name)).toEqual(["run_shell_command", "read_file"]);
    expect(tools[1]?.parameters).toEqual({
      type: "object",
      properties: {
        absolute_path: { type: "string", description: "the file" },
        offset: { type: ["integer", "null"] },
        lines: { type: "array", items: { type: "string" } },
      },
      required: ["absolute_path"],
    });
    expect(chat.tool_choice).toBe("auto");
  });

  it("map generationConfig and drop what Chat Completions cannot carry", () => {
    expect(chat).toMatchObject({ max_tokens: 4096, temperature: 0.2, top_p: 0.9, stop: ["</answer>"] });
    for (const key of ["topK", "top_k", "thinkingConfig", "safetySettings", "generationConfig", "stream", "stream_options"]) {
      expect(chat).not.toHaveProperty(key);
    }
  });

  it("ask for JSON of the schema given as responseJsonSchema or responseSchema", () => {
    const schema = { type: "object", properties: { complexity_score: { type: "integer" } }, required: ["complexity_score"] };
    const asked = (generationConfig: Json) =>
      fromGemini("openai-chat").request({ contents: [{ role: "user", parts: [{ text: "hi" }] }], generationConfig }, "m").response_format;
    expect(asked({ responseMimeType: "application/json", responseJsonSchema: schema })).toEqual({
      type: "json_schema",
      json_schema: { name: "response", schema },
    });
    expect(
      asked({ responseSchema: { type: "OBJECT", properties: { complexity_score: { type: "INTEGER" } }, required: ["complexity_score"] } }),
    ).toEqual({
      type: "json_schema",
      json_schema: { name: "response", schema },
    });
    expect(asked({ responseMimeType: "application/json" })).toEqual({ type: "json_object" });
    expect(asked({})).toBeUndefined();
    const responses = fromGemini("openai-responses").request({ contents: [], generationConfig: { responseJsonSchema: schema } }, "m");
    expect((responses.text as Json).format).toMatchObject({ type: "json_schema", schema });
  });

  it("map the function calling modes", () => {
    const choice = (functionCallingConfig: Json) =>
      fromGemini("openai-chat").request({ contents: [], tools: requestFixture("gemini").tools, toolConfig: { functionCallingConfig } }, "m")
        .tool_choice;
    expect(choice({ mode: "ANY" })).toBe("required");
    expect(choice({ mode: "ANY", allowedFunctionNames: ["read_file"] })).toEqual({ type: "function", function: { name: "read_file" } });
    expect(choice({ mode: "NONE" })).toBe("none");
  });
});

describe("Gemini replies", () => {
  it.each(cases)("from a %s upstream (%s)", (to, scenario) => {
    const upstream = replyBody(to, scenario);
    const reply = fromGemini(to).response(upstream, "client-model");
    expectGolden(`reply.${to}-${scenario}-for-gemini.json`, comparable(reply));
    expect(geminiMeaning(reply)).toEqual(replyMeaning(to, upstream));
    expect(finishOf(reply)).toBe(expectedFinish[scenario]);
    expect(usageOf("gemini", reply)).toEqual(cacheWritesAsInput(usageOf(to, upstream)));
    expect(reply.modelVersion).toBe("client-model");
  });
});

describe("Gemini streams", () => {
  it.each(cases)("from a %s upstream (%s)", (to, scenario) => {
    const events = runStream(fromGemini(to).stream("client-model"), replyEvents(to, scenario));
    if (scenario === "tools") expectGolden(`stream.${to}-tools-for-gemini.sse`, encodeSse(events.map(withoutClock)));
    expectGeminiGrammar(events);
    const whole = reassemble("gemini", events);
    const upstream = replyBody(to, scenario);
    expect(geminiMeaning(whole)).toEqual(replyMeaning(to, upstream));
    expect(finishOf(whole)).toBe(expectedFinish[scenario]);
    expect(usageOf("gemini", whole)).toEqual(cacheWritesAsInput(usageOf(to, upstream)));
  });

  it("end with an error chunk in Google's shape when the upstream stream is cut short", () => {
    const cut = replyEvents("openai-chat", "text").slice(0, 3);
    const events = runStream(fromGemini("openai-chat").stream("m"), cut);
    expect(payloads(events).at(-1)).toEqual({ error: { code: 502, message: expect.any(String) as unknown, status: "INTERNAL" } });
  });
});

/** every event a whole GenerateContentResponse, no [DONE], function calls whole, one finish at the end */
function expectGeminiGrammar(events: SseEvent[]): void {
  expect(events.every((event) => event.event === undefined && event.data !== "[DONE]")).toBe(true);
  const data = payloads(events);
  const finishes = data.map(finishOf);
  expect(finishes.slice(0, -1).every((f) => f === undefined)).toBe(true);
  expect(finishes.at(-1)).toBeDefined();
  expect(data.at(-1)?.usageMetadata).toBeDefined();
  for (const chunk of data) expect((list(chunk.candidates)[0]?.content as Json).role).toBe("model");
}

function withoutClock(event: SseEvent): SseEvent {
  return { ...event, data: event.data.replace(/"responseId":"resp_[0-9a-f]+"/, '"responseId":"resp_X"') };
}

describe("Gemini errors", () => {
  it("are written in Google's shape with the canonical status", () => {
    expect(dialectError("gemini", 401, "unknown token")).toEqual({ error: { code: 401, message: "unknown token", status: "UNAUTHENTICATED" } });
    expect(dialectError("gemini", 404, "no such model")).toEqual({ error: { code: 404, message: "no such model", status: "NOT_FOUND" } });
    expect(dialectError("gemini", 402, "over budget").error).toMatchObject({ status: "FAILED_PRECONDITION" });
  });

  it.each(dialects)("from a %s upstream keep their class", (to) => {
    const body =
      to === "anthropic"
        ? { type: "error", error: { type: "rate_limit_error", message: "slow down" } }
        : { error: { message: "slow down", type: "rate_limit_exceeded" } };
    expect(fromGemini(to).error(429, body)).toEqual({ error: { code: 429, message: "slow down", status: "RESOURCE_EXHAUSTED" } });
  });
});

describe("Gemini usage", () => {
  it("counts cached tokens inside the prompt and thoughts beside the candidates", () => {
    const usageMetadata = {
      promptTokenCount: 2360,
      candidatesTokenCount: 123,
      thoughtsTokenCount: 64,
      cachedContentTokenCount: 2048,
      totalTokenCount: 2547,
    };
    expect(usageOf("gemini", { usageMetadata })).toEqual({ input: 312, output: 187, cacheRead: 2048, cacheWrite: 0, reasoning: 64 });
    expect(usageOf("gemini", {})).toBeNull();
  });
});
