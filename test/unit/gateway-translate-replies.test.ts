import { describe, expect, it } from "vitest";
import { translation, usageOf, type Dialect, type Translation } from "../../src/gateway/translate/index.js";
import { comparable, expectGolden, pairs, replyBody, replyMeaning, scenarios, type Scenario } from "../fixtures/gateway/fixtures.js";

function translate(from: Dialect, to: Dialect): Translation {
  const t = translation(from, to);
  if (t === null) throw new Error(`no translation from ${from} to ${to}`);
  return t;
}

const cases = pairs.flatMap(([from, to]) => scenarios.map((scenario): [Dialect, Dialect, Scenario] => [from, to, scenario]));

/** how each dialect says why the reply ended, per scenario */
const endings: Record<Scenario, Record<Dialect, Record<string, unknown>>> = {
  tools: {
    anthropic: { stop_reason: "tool_use" },
    "openai-chat": { choices: [{ finish_reason: "tool_calls" }] },
    "openai-responses": { status: "completed", incomplete_details: null },
  },
  text: {
    anthropic: { stop_reason: "max_tokens" },
    "openai-chat": { choices: [{ finish_reason: "length" }] },
    "openai-responses": { status: "incomplete", incomplete_details: { reason: "max_output_tokens" } },
  },
};

describe("reply translation", () => {
  it.each(cases)("gives a %s client the %s upstream's %s reply", (from, to, scenario) => {
    const reply = translate(from, to).response(replyBody(to, scenario), "client-model");
    expectGolden(`reply.${to}-${scenario}-for-${from}.json`, comparable(reply));
  });

  it.each(cases)("%s from %s (%s): same text, reasoning, tool calls, ending, usage and model", (from, to, scenario) => {
    const upstream = replyBody(to, scenario);
    const reply = translate(from, to).response(upstream, "client-model");
    expect(replyMeaning(from, reply)).toEqual(replyMeaning(to, upstream));
    expect(reply).toMatchObject(endings[scenario][from]);
    expect(usageOf(from, reply)).toEqual(usageOf(to, upstream));
    expect(reply.model).toBe("client-model");
  });

  it.each(cases)("%s -> %s -> back keeps the meaning of a %s reply", (from, to, scenario) => {
    const original = replyBody(to, scenario);
    const back = translate(to, from).response(translate(from, to).response(original, "client-model"), "upstream-model");
    expect(replyMeaning(to, back)).toEqual(replyMeaning(to, original));
    expect(back).toMatchObject(endings[scenario][to]);
    expect(usageOf(to, back)).toEqual(usageOf(to, original));
  });

  it("keeps the stop sequence between Anthropic and Responses only as a normal end", () => {
    const upstream = { ...replyBody("anthropic", "text"), stop_reason: "stop_sequence", stop_sequence: "</answer>" };
    expect(translate("openai-chat", "anthropic").response(upstream, "m")).toMatchObject({ choices: [{ finish_reason: "stop" }] });
    expect(translate("openai-responses", "anthropic").response(upstream, "m")).toMatchObject({ status: "completed" });
  });

  it("reads reasoning that chat servers send as `reasoning` and refusals as text", () => {
    const upstream = {
      id: "chatcmpl-1",
      created: 1,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: null, reasoning: "thinking...", refusal: "I can't help with that." },
          finish_reason: "content_filter",
        },
      ],
    };
    const reply = translate("anthropic", "openai-chat").response(upstream, "m");
    expect(reply.content).toEqual([
      { type: "thinking", thinking: "thinking...", signature: "" },
      { type: "text", text: "I can't help with that." },
    ]);
    expect(reply.stop_reason).toBe("refusal");
  });

  it("answers with an empty reply and zero usage when the upstream body is empty", () => {
    const reply = translate("anthropic", "openai-chat").response({}, "m");
    expect(reply).toMatchObject({
      type: "message",
      role: "assistant",
      content: [],
      stop_reason: "end_turn",
      usage: { input_tokens: 0, output_tokens: 0 },
    });
  });
});
