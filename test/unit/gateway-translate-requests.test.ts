import { describe, expect, it } from "vitest";
import { translation, type Dialect, type Translation } from "../../src/gateway/translate/index.js";
import { expectGolden, pairs, requestFixture, without } from "../fixtures/gateway/fixtures.js";

function translate(from: Dialect, to: Dialect): Translation {
  const t = translation(from, to);
  if (t === null) throw new Error(`no translation from ${from} to ${to}`);
  return t;
}

type Message = Record<string, unknown>;
const messagesOf = (body: Record<string, unknown>): Message[] => body.messages as Message[];

describe("request translation", () => {
  it("passes through when both sides speak the same dialect", () => {
    expect(translation("anthropic", "anthropic")).toBeNull();
    expect(translation("openai-chat", "openai-chat")).toBeNull();
    expect(translation("openai-responses", "openai-responses")).toBeNull();
  });

  it.each(pairs)("translates an agent's %s request for a %s upstream", (from, to) => {
    const upstream = translate(from, to).request(requestFixture(from), "upstream-model");
    expect(upstream.model).toBe("upstream-model");
    expectGolden(`request.${from}-to-${to}.json`, upstream);
  });

  describe("Anthropic -> Chat Completions", () => {
    const chat = translate("anthropic", "openai-chat").request(requestFixture("anthropic"), "m");
    const messages = messagesOf(chat);

    it("puts the system prompt first and asks for usage in the stream", () => {
      expect(messages[0]).toEqual({ role: "system", content: "You are a coding agent.\nWork in /repo." });
      expect(chat.stream_options).toEqual({ include_usage: true });
    });

    it("answers tool calls with tool messages right after them, before the user's text", () => {
      const roles = messages.map((message) => message.role);
      expect(roles).toEqual(["system", "user", "assistant", "tool", "tool", "user"]);
      expect(messages[2]?.tool_calls).toEqual([
        { id: "toolu_1", type: "function", function: { name: "Bash", arguments: '{"command":"ls"}' } },
        { id: "toolu_2", type: "function", function: { name: "Read", arguments: '{"path":"logo.png"}' } },
      ]);
      expect(messages[3]).toEqual({ role: "tool", tool_call_id: "toolu_1", content: "README.md\nlogo.png" });
    });

    it("maps images to image_url parts, and marks images in tool results as omitted", () => {
      expect(messages[4]?.content).toMatch(/^logo\.png, 64x64\n\[image omitted/);
      expect(messages[5]?.content).toEqual([
        { type: "text", text: "Also describe this one:" },
        { type: "image_url", image_url: { url: "https://example.com/banner.png" } },
      ]);
    });

    it("keeps client tools, drops server tools, and maps the tool choice", () => {
      expect((chat.tools as Message[]).map((tool) => (tool.function as Message).name)).toEqual(["Bash", "Read"]);
      expect(chat.tool_choice).toBe("auto");
      expect(chat.parallel_tool_calls).toBe(false);
    });

    it("drops what Chat Completions cannot carry", () => {
      expect(Object.keys(chat).sort()).toEqual([
        "max_tokens",
        "messages",
        "model",
        "parallel_tool_calls",
        "stop",
        "stream",
        "stream_options",
        "temperature",
        "tool_choice",
        "tools",
      ]);
      expect(JSON.stringify(messages)).not.toContain("I should list the files first.");
    });
  });

  describe("Chat Completions -> Anthropic", () => {
    const anthropic = translate("openai-chat", "anthropic").request(requestFixture("openai-chat"), "m");
    const messages = messagesOf(anthropic);

    it("joins system and developer messages into the system prompt", () => {
      expect(anthropic.system).toBe("You are a coding agent.\n\nPrefer short answers.");
    });

    it("turns tool messages into tool_result blocks and merges them with the next user message", () => {
      expect(messages.map((message) => message.role)).toEqual(["user", "assistant", "user"]);
      expect(messages[2]?.content).toEqual([
        { type: "tool_result", tool_use_id: "call_1", content: "README.md\nlogo.png" },
        { type: "tool_result", tool_use_id: "call_2", content: "no todos" },
        { type: "text", text: "Thanks. Now the image at https://example.com/a.png" },
        { type: "image", source: { type: "url", url: "https://example.com/a.png" } },
      ]);
    });

    it("parses tool arguments into input objects, empty arguments into {}", () => {
      expect(messages[1]?.content).toEqual([
        { type: "text", text: "A logo. Let me look at the files." },
        { type: "tool_use", id: "call_1", name: "bash", input: { command: "ls" } },
        { type: "tool_use", id: "call_2", name: "todo_list", input: {} },
      ]);
    });

    it("turns data URLs into base64 image sources", () => {
      expect((messages[0]?.content as Message[])[1]).toEqual({
        type: "image",
        source: { type: "base64", media_type: "image/jpeg", data: "/9j/4AAQ" },
      });
    });

    it("maps limits, sampling, stop, tool choice and user", () => {
      expect(anthropic.max_tokens).toBe(2048);
      expect(anthropic.temperature).toBe(1);
      expect(anthropic.stop_sequences).toEqual(["</answer>"]);
      expect(anthropic.tool_choice).toEqual({ type: "tool", name: "bash", disable_parallel_tool_use: true });
      expect(anthropic.metadata).toEqual({ user_id: "user_abc" });
      expect((anthropic.tools as Message[])[1]).toEqual({ name: "todo_list", input_schema: { type: "object", properties: {} } });
    });

    it("fills in max_tokens, which Anthropic requires", () => {
      const body = translate("openai-chat", "anthropic").request({ messages: [{ role: "user", content: "hi" }] }, "m");
      expect(body).toEqual({ model: "m", max_tokens: 4096, messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }] });
    });
  });

  describe("Responses -> Chat Completions", () => {
    const chat = translate("openai-responses", "openai-chat").request(requestFixture("openai-responses"), "m");
    const messages = messagesOf(chat);

    it("turns instructions and developer messages into system messages", () => {
      expect(messages.slice(0, 2)).toEqual([
        { role: "system", content: "You are Codex, a coding agent." },
        { role: "system", content: "<permissions>workspace-write</permissions>" },
      ]);
    });

    it("joins function calls to the assistant message before them, and drops reasoning items", () => {
      expect(messages.map((message) => message.role)).toEqual(["system", "system", "user", "assistant", "tool", "tool", "user"]);
      expect(messages[3]).toEqual({
        role: "assistant",
        content: "Listing the files.",
        tool_calls: [
          { id: "call_1", type: "function", function: { name: "exec_command", arguments: '{"cmd":"ls"}' } },
          { id: "call_2", type: "function", function: { name: "exec_command", arguments: '{"cmd":"git status"}' } },
        ],
      });
      expect(messages[5]).toEqual({ role: "tool", tool_call_id: "call_2", content: "clean" });
    });

    it("maps images by URL and marks file images as omitted", () => {
      expect(messages[6]?.content).toEqual([
        { type: "text", text: "What does the logo show?" },
        { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=", detail: "high" } },
        { type: "text", text: expect.stringMatching(/^\[image omitted/) },
      ]);
    });

    it("keeps function tools only, and maps limits, format and reasoning effort", () => {
      expect((chat.tools as Message[]).map((tool) => (tool.function as Message).name)).toEqual(["exec_command"]);
      expect(chat.max_tokens).toBe(8000);
      expect(chat.parallel_tool_calls).toBe(false);
      expect(chat.reasoning_effort).toBe("medium");
      expect(chat.response_format).toEqual({
        type: "json_schema",
        json_schema: { name: "answer", schema: { type: "object", properties: { files: { type: "array" } } }, strict: true },
      });
      expect(chat.stream_options).toEqual({ include_usage: true });
    });
  });

  describe("Chat Completions -> Responses", () => {
    const responses = translate("openai-chat", "openai-responses").request(requestFixture("openai-chat"), "m");
    const input = responses.input as Message[];

    it("makes the leading system messages the instructions, and keeps nothing upstream", () => {
      expect(responses.instructions).toBe("You are a coding agent.\n\nPrefer short answers.");
      expect(responses.store).toBe(false);
      expect(responses).not.toHaveProperty("stream_options");
    });

    it("turns tool calls and tool messages into function_call and function_call_output items", () => {
      expect(input.map((item) => item.type)).toEqual([
        "message",
        "message",
        "function_call",
        "function_call",
        "function_call_output",
        "function_call_output",
        "message",
        "message",
      ]);
      expect(input[2]).toEqual({ type: "function_call", call_id: "call_1", name: "bash", arguments: '{"command":"ls"}' });
      expect(input[5]).toEqual({ type: "function_call_output", call_id: "call_2", output: "no todos" });
    });

    it("maps limits and tools, and drops stop sequences, which Responses lacks", () => {
      expect(responses.max_output_tokens).toBe(2048);
      expect(responses.tool_choice).toEqual({ type: "function", name: "bash" });
      expect((responses.tools as Message[])[0]).toEqual({
        type: "function",
        name: "bash",
        description: "Run a shell command",
        parameters: { type: "object", properties: { command: { type: "string" } }, required: ["command"] },
        strict: false,
      });
      expect(responses).not.toHaveProperty("stop");
    });

    it("raises max_output_tokens to the API's minimum of 16", () => {
      const body = translate("openai-chat", "openai-responses").request({ messages: [{ role: "user", content: "hi" }], max_tokens: 5 }, "m");
      expect(body.max_output_tokens).toBe(16);
    });
  });

  describe("round trips keep the meaning", () => {
    const roundTrips: Array<[Dialect, Dialect, string[]]> = [
      ["anthropic", "openai-chat", []],
      ["anthropic", "openai-responses", ["stop_sequences"]],
      ["openai-chat", "anthropic", []],
      ["openai-chat", "openai-responses", []],
      ["openai-responses", "openai-chat", []],
      ["openai-responses", "anthropic", []],
    ];

    it.each(roundTrips)("%s -> %s -> back gives the same request (less %j)", (from, via, lost) => {
      const original = requestFixture(`${from}-portable`);
      const model = original.model as string;
      const there = translate(from, via).request(original, "upstream-model");
      const back = translate(via, from).request(there, model);
      expect(back).toEqual(without(original, ...lost));
    });
  });
});
