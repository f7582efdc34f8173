import { describe, expect, it } from "vitest";
import { encodeSse, reassemble, translation, type Dialect, type SseEvent, type Translation } from "../../src/gateway/translate/index.js";
import {
  comparable,
  expectGolden,
  pairs,
  payloads,
  replyBody,
  replyEvents,
  runStream,
  scenarios,
  type Scenario,
} from "../fixtures/gateway/fixtures.js";

function translate(from: Dialect, to: Dialect): Translation {
  const t = translation(from, to);
  if (t === null) throw new Error(`no translation from ${from} to ${to}`);
  return t;
}

type Json = Record<string, unknown>;
const cases = pairs.flatMap(([from, to]) => scenarios.map((scenario): [Dialect, Dialect, Scenario] => [from, to, scenario]));

/** Checks the event grammar each dialect's clients rely on. */
function expectWellFormed(dialect: Dialect, events: SseEvent[]): void {
  if (dialect === "anthropic") return expectAnthropicGrammar(events);
  if (dialect === "openai-chat") return expectChatGrammar(events);
  return expectResponsesGrammar(events);
}

function expectAnthropicGrammar(events: SseEvent[]): void {
  const data = payloads(events);
  events.forEach((event, i) => expect(event.event).toBe(data[i]?.type));
  const types = data.map((d) => d.type);
  expect(types[0]).toBe("message_start");
  expect(types.slice(-2)).toEqual(["message_delta", "message_stop"]);
  let open: number | null = null;
  let next = 0;
  for (const d of data) {
    if (d.type === "content_block_start") {
      expect(open).toBeNull();
      expect(d.index).toBe(next++);
      open = d.index as number;
    }
    if (d.type === "content_block_delta") expect(d.index).toBe(open);
    if (d.type === "content_block_stop") {
      expect(d.index).toBe(open);
      open = null;
    }
  }
  expect(open).toBeNull();
}

function expectChatGrammar(events: SseEvent[]): void {
  expect(events.at(-1)).toEqual({ data: "[DONE]" });
  expect(events.every((event) => event.event === undefined)).toBe(true);
  const chunks = payloads(events);
  expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
  expect(chunks.every((c) => c.object === "chat.completion.chunk")).toBe(true);
  const choices = chunks.map((c) => (c.choices as Json[])[0]);
  expect(choices[0]?.delta).toMatchObject({ role: "assistant" });
  const finishing = choices.flatMap((choice, i) => (choice?.finish_reason ? [i] : []));
  expect(finishing).toEqual([chunks.length - 2]);
  expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: expect.any(Number) } });
}

function expectResponsesGrammar(events: SseEvent[]): void {
  const data = payloads(events);
  events.forEach((event, i) => expect(event.event).toBe(data[i]?.type));
  expect(data.map((d) => d.sequence_number)).toEqual(data.map((_, i) => i));
  expect(data.slice(0, 2).map((d) => d.type)).toEqual(["response.created", "response.in_progress"]);
  expect(["response.completed", "response.incomplete"]).toContain(data.at(-1)?.type);
  let open: number | null = null;
  for (const d of data) {
    if (d.type === "response.output_item.added") {
      expect(open).toBeNull();
      open = d.output_index as number;
    } else if (d.type === "response.output_item.done") {
      expect(d.output_index).toBe(open);
      open = null;
    } else if (typeof d.output_index === "number") expect(d.output_index).toBe(open);
  }
  expect(open).toBeNull();
}

/** the text, reasoning and tool-argument fragments a stream carries, in order */
function fragments(dialect: Dialect, events: SseEvent[]): string[] {
  return payloads(events).flatMap((d): string[] => {
    if (dialect === "anthropic") {
      const delta = (d.delta ?? {}) as Json;
      return [delta.text, delta.thinking, delta.partial_json].filter((s): s is string => typeof s === "string" && s !== "");
    }
    if (dialect === "openai-chat") {
      const delta = ((d.choices as Json[] | undefined)?.[0]?.delta ?? {}) as Json;
      const args = ((delta.tool_calls as Json[] | undefined) ?? []).map((c) => (c.function as Json).arguments);
      return [delta.reasoning_content, delta.content, ...args].filter((s): s is string => typeof s === "string" && s !== "");
    }
    return typeof d.delta === "string" && d.delta !== "" ? [d.delta] : [];
  });
}

describe("stream translation", () => {
  it.each(cases)("a %s client's stream from a %s upstream (%s) reassembles to the translated whole reply", (from, to, scenario) => {
    const t = translate(from, to);
    const events = runStream(t.stream("client-model"), replyEvents(to, scenario));
    expect(comparable(reassemble(from, events))).toEqual(comparable(t.response(replyBody(to, scenario), "client-model")));
  });

  it.each(cases)("a %s client's stream from a %s upstream (%s) is well formed", (from, to, scenario) => {
    expectWellFormed(from, runStream(translate(from, to).stream("client-model"), replyEvents(to, scenario)));
  });

  it.each(pairs)("a %s client gets every fragment of a %s stream as it comes, none held back", (from, to) => {
    const upstream = replyEvents(to, "tools");
    const translator = translate(from, to).stream("client-model");
    const perEvent = upstream.map((event) => fragments(from, translator.push(event)));
    expect(perEvent).toEqual(upstream.map((event) => fragments(to, [event])));
  });

  it.each(pairs)("%s from %s: golden stream", (from, to) => {
    const events = runStream(translate(from, to).stream("client-model"), replyEvents(to, "tools"));
    const stable = events.map((event) => (event.data === "[DONE]" ? event : { ...event, data: JSON.stringify(comparable(JSON.parse(event.data))) }));
    expectGolden(`stream.${to}-tools-for-${from}.sse`, encodeSse(stable));
  });
});

describe("reassemble", () => {
  it.each(scenarios)("rebuilds each upstream's whole %s reply from its stream", (scenario) => {
    expect(reassemble("anthropic", replyEvents("anthropic", scenario))).toEqual(replyBody("anthropic", scenario));
    expect(reassemble("openai-chat", replyEvents("openai-chat", scenario))).toEqual(replyBody("openai-chat", scenario));
    expect(reassemble("openai-responses", replyEvents("openai-responses", scenario))).toEqual(replyBody("openai-responses", scenario));
  });

  it("rebuilds a Responses reply from its item events when the stream was cut before response.completed", () => {
    const events = replyEvents("openai-responses", "tools").slice(0, -1);
    const whole = reassemble("openai-responses", events);
    expect(whole.status).toBe("in_progress");
    expect(whole.output).toEqual(replyBody("openai-responses", "tools").output);
  });

  it("keeps what arrived of an Anthropic stream cut mid tool call, and parses the input it can", () => {
    const events = replyEvents("anthropic", "tools").slice(0, 20);
    const whole = reassemble("anthropic", events);
    expect(whole.stop_reason).toBeNull();
    expect((whole.content as Json[]).map((block) => block.type)).toEqual(["thinking", "text", "tool_use"]);
  });
});

const anthropicError = { data: JSON.stringify({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } }), event: "error" };
const chatError = { data: JSON.stringify({ error: { message: "Overloaded", type: "server_error", param: null, code: null } }) };
const responsesFailed = {
  event: "response.failed",
  data: JSON.stringify({
    type: "response.failed",
    sequence_number: 9,
    response: { id: "resp_X", status: "failed", error: { code: "server_error", message: "Overloaded" }, output: [] },
  }),
};
const upstreamErrors: Record<Dialect, SseEvent> = { anthropic: anthropicError, "openai-chat": chatError, "openai-responses": responsesFailed };

/** the error a client reads from the last event of its stream */
function streamError(dialect: Dialect, events: SseEvent[]): Json | undefined {
  const last = payloads(events).at(-1) ?? {};
  if (dialect === "openai-responses") return ((last.response ?? {}) as Json).error as Json | undefined;
  return last.error as Json | undefined;
}

describe("stream errors", () => {
  it.each(pairs)("a %s client gets a %s upstream's mid-stream error in its own dialect", (from, to) => {
    const events = runStream(translate(from, to).stream("m"), [...replyEvents(to, "text").slice(0, 3), upstreamErrors[to]]);
    expect(streamError(from, events)).toMatchObject({ message: "Overloaded" });
    if (from === "anthropic") expect(events.at(-1)).toMatchObject({ event: "error" });
    if (from === "openai-chat") expect(events).not.toContainEqual({ data: "[DONE]" });
    if (from === "openai-responses") expect(payloads(events).at(-1)).toMatchObject({ type: "response.failed", response: { status: "failed" } });
    expect(reassemble(from, events)).toHaveProperty("error");
  });

  it.each(pairs)("a %s client is told when a %s upstream stream ends before the reply is complete", (from, to) => {
    const events = runStream(translate(from, to).stream("m"), replyEvents(to, "tools").slice(0, 8));
    expect(streamError(from, events)).toMatchObject({ message: expect.stringContaining("ended before the reply was complete") });
  });

  it("sends nothing more after the end", () => {
    const translator = translate("anthropic", "openai-chat").stream("m");
    runStream(translator, replyEvents("openai-chat", "text"));
    expect(translator.push({ data: "[DONE]" })).toEqual([]);
    expect(translator.end()).toEqual([]);
  });
});

const chunk = (delta: Json, finish: string | null = null, extra: Json = {}): SseEvent => ({
  data: JSON.stringify({
    id: "c1",
    object: "chat.completion.chunk",
    created: 5,
    model: "x",
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...extra,
  }),
});

describe("upstream quirks", () => {
  it("takes a tool call sent whole in one chunk (Ollama)", () => {
    const call = { index: 0, id: "call_9", type: "function", function: { name: "ls", arguments: '{"path":"."}' } };
    const events = runStream(translate("anthropic", "openai-chat").stream("m"), [
      chunk({ role: "assistant", tool_calls: [call] }),
      chunk({}, "tool_calls"),
      { data: "[DONE]" },
    ]);
    expect(reassemble("anthropic", events).content).toEqual([{ type: "tool_use", id: "call_9", name: "ls", input: { path: "." } }]);
  });

  it("tells tool calls apart by id when a server numbers them all 0", () => {
    const calls = ["a", "b"].map((id) => chunk({ tool_calls: [{ index: 0, id, type: "function", function: { name: `t${id}`, arguments: "{}" } }] }));
    const events = runStream(translate("openai-responses", "openai-chat").stream("m"), [...calls, chunk({}, "tool_calls"), { data: "[DONE]" }]);
    const output = reassemble("openai-responses", events).output as Json[];
    expect(output.map((item) => [item.call_id, item.name])).toEqual([
      ["a", "ta"],
      ["b", "tb"],
    ]);
  });

  it("keeps tool calls apart when a server gives two of them the same id", () => {
    const call = (index: number, args: string, name?: string): SseEvent =>
      chunk({
        tool_calls: [{ index, ...(name ? { id: "call_0", type: "function" } : {}), function: { ...(name ? { name } : {}), arguments: args } }],
      });
    const upstream = [call(0, '{"a":', "first"), call(1, '{"b":2}', "second"), call(0, "1}"), chunk({}, "tool_calls"), { data: "[DONE]" }];
    const events = runStream(translate("anthropic", "openai-chat").stream("m"), upstream);
    expect(reassemble("anthropic", events).content).toEqual([
      { type: "tool_use", id: "call_0", name: "first", input: { a: 1 } },
      { type: "tool_use", id: "call_0", name: "second", input: { b: 2 } },
    ]);
  });

  it("finishes at [DONE] with zero usage when a chat server sends no usage", () => {
    const events = runStream(translate("anthropic", "openai-chat").stream("m"), [chunk({ content: "hi" }), chunk({}, "stop"), { data: "[DONE]" }]);
    expect(reassemble("anthropic", events)).toMatchObject({ stop_reason: "end_turn", usage: { input_tokens: 0, output_tokens: 0 } });
  });

  it("finishes a chat stream that has its finish_reason but no [DONE]", () => {
    const events = runStream(translate("anthropic", "openai-chat").stream("m"), [
      chunk({ content: "hi" }),
      chunk({}, "stop", { usage: { prompt_tokens: 3, completion_tokens: 1 } }),
    ]);
    expect(payloads(events).map((d) => d.type)).toContain("message_stop");
    expect(reassemble("anthropic", events).usage).toMatchObject({ input_tokens: 3, output_tokens: 1 });
  });

  it("reads Responses items that arrive whole in output_item.done, without deltas", () => {
    const item = (index: number, value: Json): SseEvent => ({
      data: JSON.stringify({ type: "response.output_item.done", output_index: index, item: value }),
    });
    const events = runStream(translate("openai-chat", "openai-responses").stream("m"), [
      { data: JSON.stringify({ type: "response.created", response: { id: "resp_1", created_at: 7 } }) },
      item(0, { type: "message", role: "assistant", content: [{ type: "output_text", text: "Done." }] }),
      item(1, { type: "function_call", call_id: "call_1", name: "ls", arguments: "{}" }),
      {
        data: JSON.stringify({
          type: "response.completed",
          response: { id: "resp_1", status: "completed", usage: { input_tokens: 4, output_tokens: 2 } },
        }),
      },
    ]);
    const message = (reassemble("openai-chat", events).choices as Json[])[0];
    expect(message).toMatchObject({
      finish_reason: "tool_calls",
      message: { content: "Done.", tool_calls: [{ id: "call_1", function: { name: "ls", arguments: "{}" } }] },
    });
  });

  it("joins the parts of a Responses reasoning summary as a whole reply does", () => {
    const at = (summaryIndex: number, type: string, extra: Json = {}): SseEvent => ({
      data: JSON.stringify({ type, output_index: 0, summary_index: summaryIndex, ...extra }),
    });
    const item = {
      id: "rs_1",
      type: "reasoning",
      summary: [
        { type: "summary_text", text: "First." },
        { type: "summary_text", text: "Second." },
      ],
    };
    const completed = { id: "resp_1", created_at: 1, status: "completed", output: [item], usage: {} };
    const t = translate("anthropic", "openai-responses");
    const events = runStream(t.stream("m"), [
      { data: JSON.stringify({ type: "response.created", response: { id: "resp_1", created_at: 1 } }) },
      { data: JSON.stringify({ type: "response.output_item.added", output_index: 0, item: { ...item, summary: [] } }) },
      at(0, "response.reasoning_summary_part.added"),
      at(0, "response.reasoning_summary_text.delta", { delta: "First." }),
      at(1, "response.reasoning_summary_part.added"),
      at(1, "response.reasoning_summary_text.delta", { delta: "Second." }),
      { data: JSON.stringify({ type: "response.output_item.done", output_index: 0, item }) },
      { data: JSON.stringify({ type: "response.completed", response: completed }) },
    ]);
    expect(comparable(reassemble("anthropic", events))).toEqual(comparable(t.response(completed, "m")));
    expect(reassemble("anthropic", events).content).toEqual([{ type: "thinking", thinking: "First.\n\nSecond.", signature: "" }]);
  });

  it("takes prompt counts from Anthropic's message_delta when it repeats them", () => {
    const events = replyEvents("anthropic", "text").map((event) =>
      event.event === "message_delta"
        ? {
            ...event,
            data: JSON.stringify({
              type: "message_delta",
              delta: { stop_reason: "end_turn" },
              usage: { input_tokens: 99, cache_read_input_tokens: 7, output_tokens: 16 },
            }),
          }
        : event,
    );
    const reply = reassemble("openai-chat", runStream(translate("openai-chat", "anthropic").stream("m"), events));
    expect(reply.usage).toMatchObject({ prompt_tokens: 106, completion_tokens: 16, prompt_tokens_details: { cached_tokens: 7 } });
  });
});
