import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatHistory } from "../../src/gateway/llama.js";
import { createGateway, type Gateway } from "../../src/gateway/server.js";
import { GatewayHost, type FakeAgent } from "../fixtures/gateway-host.js";
import { tinyGguf, writeTinyGguf } from "../fixtures/tiny-gguf.js";

// Real inference: llama.cpp (through node-llama-cpp) runs a generated random-weight model. Greedy
// decoding makes the output a pure function of the weights, so it is pinned here as a golden.
const GOLDEN = "?\uFFFD7LdX7O7LYf";
const MESSAGES = [{ role: "user" as const, content: "function add(a, b) {" }];

let dir: string;
let modelPath: string;
let host: GatewayHost;
let gateway: Gateway;
let base: string;
let agent: FakeAgent;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mgguf-"));
  modelPath = join(dir, "tiny.gguf");
  writeTinyGguf(modelPath, 42);
  host = new GatewayHost();
  agent = host.addAgent("offline", { model: "llama/tiny" });
  gateway = createGateway({
    hostDir: host.hostDir,
    config: { providers: { llama: { model_path: modelPath, threads: 2, context_size: 512, models: {} } }, models: { aliases: {} } } as never,
    env: {},
  });
  base = `http://127.0.0.1:${await gateway.listen(0)}`;
});

afterAll(async () => {
  await gateway?.close();
  host?.remove();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** the prompt's token count by the model's own tokenizer, rendered by the model's chat template */
async function promptTokenCount(): Promise<number> {
  const lib = await import("node-llama-cpp");
  const llama = await lib.getLlama({ gpu: false, build: "never", maxThreads: 1 });
  const model = await llama.loadModel({ modelPath });
  const wrapper = lib.resolveChatWrapper(model);
  const count = wrapper.generateContextState({ chatHistory: chatHistory(MESSAGES) }).contextText.tokenize(model.tokenizer).length;
  await model.dispose();
  return count;
}

describe("the embedded llama provider", () => {
  it("generates the same file for the same seed", () => {
    expect(tinyGguf(42).equals(tinyGguf(42))).toBe(true);
    expect(tinyGguf(42).equals(tinyGguf(43))).toBe(false);
  });

  it("answers deterministically, counts tokens with the model's tokenizer, and costs nothing", async () => {
    const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: agent.token, maxRetries: 0 });
    const ask = () => client.chat.completions.create({ model: "llama/tiny", messages: MESSAGES, max_tokens: 12, temperature: 0 });
    const first = await ask();
    const second = await ask();
    const text = first.choices[0]?.message.content ?? "";
    expect(text).toBe(GOLDEN);
    expect(second.choices[0]?.message.content).toBe(text);
    expect(first.choices[0]?.finish_reason).toBe("length");
    expect(first.usage).toMatchObject({ prompt_tokens: await promptTokenCount(), completion_tokens: 12 });
    const call = host.calls(agent).at(-1)!;
    expect(call).toMatchObject({
      provider: "llama",
      costUsd: 0,
      price: { source: "local" },
      usage: { input: first.usage!.prompt_tokens, output: 12 },
    });
  });

  it("streams through translation to an Anthropic client with usage", async () => {
    const client = new Anthropic({ baseURL: base, authToken: agent.token, apiKey: null, maxRetries: 0 });
    const message = await client.messages.stream({ model: "llama/tiny", max_tokens: 12, temperature: 0, messages: MESSAGES }).finalMessage();
    const plain = host.calls(agent).find((c) => c.inbound.dialect === "openai-chat");
    const text = message.content.map((b) => (b.type === "text" ? b.text : "")).join("");
    expect(text).toBe((plain?.response as { choices: Array<{ message: { content: string } }> }).choices[0]?.message.content);
    expect(message.usage.output_tokens).toBe(12);
    expect(host.calls(agent).at(-1)).toMatchObject({
      inbound: { dialect: "anthropic" },
      upstreamDialect: "openai-chat",
      stream: true,
      costUsd: 0,
      usage: { output: 12 },
    });
  });
});
