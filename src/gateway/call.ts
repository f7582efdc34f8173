import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CallRecord, CallUsage } from "../domain/calls.js";
import type { ClientDialectName, DialectName as Dialect } from "../domain/config.js";
import { priceCall } from "./prices.js";
import type { ProviderSpec } from "./providers.js";
import { geminiUpstreamPath } from "./gemini.js";
import { formatSse, SseParser, type SseEvent } from "./sse.js";
import type { TokenEntry } from "./tokens.js";
import { dialectError, reassemble, translation, usageOf, type Translation } from "./translate/index.js";
import type { Upstream, UpstreamResponse } from "./upstream.js";

/** What the server has worked out about one inbound call before it goes upstream. */
export interface CallPlan {
  agent: TokenEntry;
  inbound: ClientDialectName;
  /** the model the client named (in the body, or in the URL for Gemini), and whether it asked for a stream */
  requestedModel: string | null;
  stream: boolean;
  /** inbound path without the /a/<token> prefix, query included */
  path: string;
  kind: "generate" | "count";
  body: Buffer;
  json: Record<string, unknown>;
  provider: ProviderSpec;
  upstream: Upstream;
  model: string;
  /** auth headers for the upstream, and whose credential they carry */
  auth: { headers: Record<string, string>; credential: CallRecord["credential"] };
  /** inbound headers that go along unchanged (anthropic-beta, anthropic-version, ...) */
  forward: Record<string, string>;
}

export interface CallSink {
  record(call: CallRecord): void;
}

const UPSTREAM_PATHS: Record<Exclude<Dialect, "gemini">, string> = {
  anthropic: "/v1/messages",
  "openai-chat": "/v1/chat/completions",
  "openai-responses": "/v1/responses",
};

/** Forwards one call upstream (translating when the dialects differ), tees the answer to the client and records it. */
export async function runCall(plan: CallPlan, req: IncomingMessage, res: ServerResponse, sink: CallSink): Promise<void> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const upstreamDialect = upstreamDialectOf(plan);
  const tr = upstreamDialect === plan.inbound ? null : translation(plan.inbound, upstreamDialect);
  const stream = plan.stream && plan.kind === "generate";
  const requestedModel = plan.requestedModel;
  let ttftMs: number | null = null;
  let status = 0;
  let error: string | null = null;
  let response: unknown = null;
  let usage: CallUsage | null = null;
  let servedModel: string | null = null;

  const abort = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) abort.abort();
  });
  const finish = async () => {
    const priced = await priceCall(plan.provider, servedModel ?? plan.model, usage);
    // counting tokens is free, and so is a call the provider refused or never got; one the client
    // cut short may have been billed for what was generated, so its cost stays unknown
    const free = plan.kind === "count" ? status < 400 : status >= 400 && status !== 499 && usage === null;
    const costUsd = free ? 0 : priced.costUsd;
    sink.record({
      id: newCallId(),
      agentId: plan.agent.agentId,
      agentName: plan.agent.agentName,
      startedAt,
      endedAt: new Date().toISOString(),
      inbound: { dialect: plan.inbound, path: plan.path },
      provider: plan.provider.name,
      upstreamDialect,
      requestedModel,
      servedModel,
      upstreamModel: plan.model,
      stream,
      credential: plan.auth.credential,
      headers: recordedHeaders(req),
      request: plan.json,
      response,
      usage,
      ttftMs,
      durationMs: round(performance.now() - started),
      status,
      error,
      price: free ? { source: plan.kind === "count" ? "count_tokens is free" : "failed call, not billed", version: "-" } : priced.price,
      costUsd,
    });
  };

  if (plan.kind === "count" && upstreamDialect !== "anthropic" && upstreamDialect !== "gemini") {
    status = 404;
    error = `provider ${plan.provider.name} cannot count tokens (it does not speak the Anthropic dialect)`;
    response = dialectError("anthropic", 404, error);
    await finish();
    return sendJson(res, status, response);
  }
  if (upstreamDialect !== plan.inbound && tr === null) {
    status = 400;
    error = `no translation from ${plan.inbound} to ${upstreamDialect}`;
    response = dialectError(plan.inbound, 400, error);
    await finish();
    return sendJson(res, status, response);
  }

  const { body, dropUsageChunk } = upstreamBody(plan, tr, upstreamDialect, stream);
  let upstream: UpstreamResponse;
  try {
    upstream = await plan.upstream.send(
      {
        dialect: upstreamDialect,
        path: upstreamPath(plan, upstreamDialect, tr !== null),
        body: body.buffer,
        json: body.json,
        headers: upstreamHeaders(plan, tr !== null, upstreamDialect, stream),
      },
      abort.signal,
    );
  } catch (e) {
    status = abort.signal.aborted ? 499 : 502;
    error = `provider ${plan.provider.name} could not be reached: ${(e as Error).message}`;
    response = dialectError(plan.inbound, 502, error, plan.inbound === "anthropic" ? "api_error" : "server_error");
    await finish();
    if (!abort.signal.aborted) sendJson(res, 502, response);
    return;
  }

  status = upstream.status;
  const isSse = String(upstream.headers["content-type"] ?? "").includes("text/event-stream");
  let reply: () => void;
  try {
    if (stream && isSse && status < 400) {
      const result = await relayStream(upstream, res, tr, plan.inbound, upstreamDialect, requestedModel ?? plan.model, dropUsageChunk, () => {
        ttftMs ??= round(performance.now() - started);
      });
      response = result.response;
      usage = usageOf(upstreamDialect, result.upstreamBody);
      servedModel = servedModelOf(result.upstreamBody);
      reply = () => res.end();
    } else {
      const raw = await readAll(upstream.body);
      const parsed = parseJson(raw);
      usage = status < 400 ? usageOf(upstreamDialect, parsed) : null;
      servedModel = servedModelOf(parsed);
      if (status >= 400) error = errorText(parsed);
      if (tr === null) {
        response = parsed;
        reply = () => {
          res.writeHead(status, passHeaders(upstream.headers));
          res.end(raw);
        };
      } else {
        response = status < 400 ? tr.response(asObject(parsed), requestedModel ?? plan.model) : tr.error(status, parsed);
        reply = () => sendJson(res, status, response);
      }
    }
  } catch (e) {
    error = abort.signal.aborted ? "the client closed the connection" : (e as Error).message;
    status = abort.signal.aborted ? 499 : status;
    const message = error;
    reply = () => (res.headersSent ? res.destroy() : sendJson(res, 502, dialectError(plan.inbound, 502, message)));
  }
  // recorded before the client sees the end, so whoever got an answer finds the call in calls.jsonl
  await finish();
  reply();
}

function upstreamPath(plan: CallPlan, upstreamDialect: Dialect, translated: boolean): string {
  if (upstreamDialect === "gemini") return geminiUpstreamPath(plan.path, plan.model);
  if (plan.kind === "count") return `/v1/messages/count_tokens${query(plan.path)}`;
  return `${UPSTREAM_PATHS[upstreamDialect]}${translated ? "" : query(plan.path)}`;
}

/** the inbound dialect when the provider speaks it, else the provider's first */
function upstreamDialectOf(plan: CallPlan): Dialect {
  const same = plan.provider.dialects.find((dialect) => dialect === plan.inbound);
  return same ?? plan.provider.dialects[0] ?? "openai-chat";
}

function upstreamBody(
  plan: CallPlan,
  tr: Translation | null,
  upstreamDialect: Dialect,
  stream: boolean,
): { body: { buffer: Buffer; json: Record<string, unknown> }; dropUsageChunk: boolean } {
  if (tr !== null) {
    // a Gemini client asks for a stream in the URL; the translation reads it from the body
    const json = tr.request(stream ? { ...plan.json, stream: true } : plan.json, plan.model);
    json.model = plan.model;
    if (stream && upstreamDialect === "openai-chat") json.stream_options = { ...asObject(json.stream_options), include_usage: true };
    return { body: { buffer: Buffer.from(JSON.stringify(json)), json }, dropUsageChunk: false };
  }
  // Gemini names the model in the URL, never in the body
  if (plan.inbound === "gemini") return { body: { buffer: plan.body, json: plan.json }, dropUsageChunk: false };
  const wantsUsage = plan.inbound === "openai-chat" && stream && asObject(plan.json.stream_options).include_usage !== true;
  if (plan.json.model === plan.model && !wantsUsage) return { body: { buffer: plan.body, json: plan.json }, dropUsageChunk: false };
  const json = {
    ...plan.json,
    model: plan.model,
    ...(wantsUsage ? { stream_options: { ...asObject(plan.json.stream_options), include_usage: true } } : {}),
  };
  return { body: { buffer: Buffer.from(JSON.stringify(json)), json }, dropUsageChunk: wantsUsage };
}

function upstreamHeaders(plan: CallPlan, translated: boolean, upstreamDialect: Dialect, stream: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: stream ? "text/event-stream" : "application/json",
    "accept-encoding": "identity",
    ...(translated ? {} : plan.forward),
    ...plan.auth.headers,
  };
  if (upstreamDialect === "anthropic") headers["anthropic-version"] ??= "2023-06-01";
  return headers;
}

interface Relayed {
  /** in the inbound dialect, as the client saw it */
  response: unknown;
  /** as the upstream sent it */
  upstreamBody: Record<string, unknown>;
}

async function relayStream(
  upstream: UpstreamResponse,
  res: ServerResponse,
  tr: Translation | null,
  inbound: ClientDialectName,
  upstreamDialect: Dialect,
  requestedModel: string,
  dropUsageChunk: boolean,
  firstByte: () => void,
): Promise<Relayed> {
  res.writeHead(upstream.status, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    ...passHeaders(upstream.headers, true),
  });
  const parser = new SseParser();
  const upstreamEvents: SseEvent[] = [];
  const clientEvents: SseEvent[] = [];
  const translator = tr?.stream(requestedModel) ?? null;
  const emit = (events: SseEvent[]) => {
    if (events.length === 0) return;
    firstByte();
    res.write(events.map(formatSse).join(""));
  };
  const onEvents = (events: SseEvent[]) => {
    upstreamEvents.push(...events);
    if (translator) {
      const out = events.flatMap((e) => translator.push(e));
      clientEvents.push(...out);
      emit(out);
    } else if (dropUsageChunk) {
      emit(events.filter((e) => !isUsageOnlyChunk(e)));
    }
  };
  for await (const chunk of upstream.body as AsyncIterable<Buffer>) {
    if (!translator && !dropUsageChunk) {
      firstByte();
      res.write(chunk);
    }
    onEvents(parser.push(chunk));
  }
  onEvents(parser.end());
  if (translator) {
    const out = translator.end();
    clientEvents.push(...out);
    emit(out);
  }
  const upstreamBody = reassemble(upstreamDialect, upstreamEvents);
  return { response: translator ? reassemble(inbound, clientEvents) : upstreamBody, upstreamBody };
}

function isUsageOnlyChunk(event: SseEvent): boolean {
  if (!event.data.includes('"usage"')) return false;
  const parsed = parseJson(Buffer.from(event.data));
  const choices = asObject(parsed).choices;
  return Array.isArray(choices) && choices.length === 0;
}

const PASSED_HEADERS =
  /^(request-id|x-request-id|retry-after|anthropic-ratelimit-.*|x-ratelimit-.*|openai-processing-ms|openai-model|x-openrouter-.*)$/;

function passHeaders(headers: UpstreamResponse["headers"], streaming = false): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (typeof value === "string" && (PASSED_HEADERS.test(key) || (!streaming && key === "content-type"))) out[key] = value;
  }
  return out;
}

const RECORDED_HEADERS = ["user-agent", "anthropic-version", "anthropic-beta", "openai-beta"];

function recordedHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of RECORDED_HEADERS) {
    const value = req.headers[name];
    if (typeof value === "string") out[name] = value;
  }
  return out;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function parseJson(raw: Buffer): unknown {
  const text = raw.toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function servedModelOf(body: unknown): string | null {
  const model = asObject(body).model ?? asObject(body).modelVersion;
  return typeof model === "string" ? model : null;
}

function errorText(body: unknown): string {
  if (typeof body === "string") return body.slice(0, 2000);
  const error = asObject(body).error;
  const message = asObject(error).message;
  if (typeof message === "string") return message;
  return typeof error === "string" ? error : JSON.stringify(body).slice(0, 2000);
}

function query(path: string): string {
  const q = path.indexOf("?");
  return q === -1 ? "" : path.slice(q);
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** sortable by time, unique without coordination: call-<ms since epoch, base36>-<random> */
export function newCallId(): string {
  return `call-${Date.now().toString(36)}-${randomBytes(5).toString("hex")}`;
}
