import { availableParallelism } from "node:os";
import { Readable } from "node:stream";
import type { ChatHistoryItem, LlamaContextSequence, LlamaModel, Token } from "node-llama-cpp";
import type { ProviderSpec } from "./providers.js";
import type { Upstream, UpstreamRequest, UpstreamResponse } from "./upstream.js";

/** The engine behind the `llama` provider: node-llama-cpp (an optional dependency), loaded on first use. */
interface Engine {
  model: LlamaModel;
  sequence: LlamaContextSequence;
  /** renders chat messages the way this model was trained to read them */
  render(history: ChatHistoryItem[]): Token[];
}

/**
 * Serves Chat Completions from a local GGUF file in this process. One sequence, so calls take turns.
 * Tools are not offered to the model: the embedded provider is for plain chat and offline use.
 */
export async function createLlamaUpstream(provider: ProviderSpec): Promise<Upstream> {
  let engine: Promise<Engine> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    send(request, signal) {
      engine ??= loadEngine(provider);
      const turn = queue.then(async () => generate(await engine!, request, signal));
      queue = turn.catch(() => undefined);
      return turn;
    },
    async close() {
      if (engine) await (await engine.catch(() => null))?.model.dispose();
    },
  };
}

async function loadEngine(provider: ProviderSpec): Promise<Engine> {
  if (!provider.modelPath) throw new Error(`set providers.${provider.name}.model_path to a .gguf file`);
  let lib: typeof import("node-llama-cpp");
  try {
    lib = await import("node-llama-cpp");
  } catch (error) {
    throw new Error(
      `the ${provider.name} provider needs node-llama-cpp 3.21.1 (an optional dependency of muster), which did not load: ${(error as Error).message}`,
    );
  }
  const threads = provider.threads ?? availableParallelism();
  const llama = await lib.getLlama({ gpu: "auto", build: "never", maxThreads: threads, logLevel: lib.LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath: provider.modelPath });
  const context = await model.createContext({ contextSize: provider.contextSize ?? Math.min(model.trainContextSize, 8192), threads, sequences: 1 });
  const wrapper = lib.resolveChatWrapper(model);
  return {
    model,
    sequence: context.getSequence(),
    render: (history) => wrapper.generateContextState({ chatHistory: history }).contextText.tokenize(model.tokenizer),
  };
}

async function generate(engine: Engine, request: UpstreamRequest, signal: AbortSignal): Promise<UpstreamResponse> {
  if (request.dialect !== "openai-chat")
    return jsonResponse(400, { error: { message: "the embedded provider speaks Chat Completions only", type: "invalid_request_error" } });
  const body = request.json;
  const model = typeof body.model === "string" ? body.model : "local";
  const prompt = engine.render(chatHistory(body.messages));
  const maxTokens = numberOr(body.max_completion_tokens, numberOr(body.max_tokens, 512));
  const stream = body.stream === true;
  const id = `chatcmpl-${Date.now().toString(36)}`;
  const created = Math.floor(Date.now() / 1000);
  await engine.sequence.clearHistory();
  const tokens = engine.sequence.evaluate(prompt, {
    temperature: numberOr(body.temperature, 0.8),
    topP: numberOr(body.top_p, undefined),
    seed: numberOr(body.seed, undefined),
  });

  const gen: Generation = { out: [], finish: "length" };
  const generated = untilDone(engine, tokens, maxTokens, signal, gen);
  if (!stream) {
    for await (const _ of generated); // drain it: gen collects the output
    return jsonResponse(200, {
      id,
      object: "chat.completion",
      created,
      model,
      choices: [{ index: 0, message: { role: "assistant", content: engine.model.detokenize(gen.out) }, finish_reason: gen.finish }],
      usage: usage(prompt.length, gen.out.length),
    });
  }

  const includeUsage = (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    sse({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason: finish }] });
  async function* events(): AsyncGenerator<Buffer> {
    yield chunk({ role: "assistant", content: "" }, null);
    let sent = "";
    for await (const out of generated) {
      const text = engine.model.detokenize(out);
      // a multi-byte character split across tokens waits for its last token
      if (!text.endsWith("\uFFFD") && text.length > sent.length) {
        yield chunk({ content: text.slice(sent.length) }, null);
        sent = text;
      }
    }
    const text = engine.model.detokenize(gen.out);
    if (text.length > sent.length) yield chunk({ content: text.slice(sent.length) }, null);
    yield chunk({}, gen.finish);
    if (includeUsage) yield sse({ id, object: "chat.completion.chunk", created, model, choices: [], usage: usage(prompt.length, gen.out.length) });
    yield Buffer.from("data: [DONE]\n\n");
  }
  return { status: 200, headers: { "content-type": "text/event-stream" }, body: Readable.from(events(), { objectMode: false }) };
}

interface Generation {
  out: Token[];
  finish: "stop" | "length";
}

/** The output so far after each token, until end-of-generation (finish "stop"), the cap or an abort. */
async function* untilDone(
  engine: Engine,
  tokens: AsyncIterable<Token>,
  maxTokens: number,
  signal: AbortSignal,
  gen: Generation,
): AsyncGenerator<Token[]> {
  for await (const token of tokens) {
    if (engine.model.isEogToken(token)) {
      gen.finish = "stop";
      return;
    }
    gen.out.push(token);
    yield gen.out;
    if (gen.out.length >= maxTokens || signal.aborted) return;
  }
}

/** Chat Completions messages as node-llama-cpp's chat history; tool results become user text. */
export function chatHistory(messages: unknown): ChatHistoryItem[] {
  const out: ChatHistoryItem[] = [];
  for (const message of Array.isArray(messages) ? messages : []) {
    const m = message as { role?: unknown; content?: unknown };
    const text = textOf(m.content);
    if (m.role === "system" || m.role === "developer") out.push({ type: "system", text });
    else if (m.role === "assistant") out.push({ type: "model", response: [text] });
    else if (m.role === "tool") out.push({ type: "user", text: `Tool result: ${text}` });
    else out.push({ type: "user", text });
  }
  return out;
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((part) => (typeof (part as { text?: unknown }).text === "string" ? (part as { text: string }).text : "")).join("");
}

function usage(prompt: number, completion: number) {
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

function numberOr<T extends number | undefined>(value: unknown, fallback: T): number | T {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

function sse(payload: unknown): Buffer {
  return Buffer.from(`data: ${JSON.stringify(payload)}\n\n`);
}

function jsonResponse(status: number, body: unknown): UpstreamResponse {
  return { status, headers: { "content-type": "application/json" }, body: Readable.from([Buffer.from(JSON.stringify(body))]) };
}
