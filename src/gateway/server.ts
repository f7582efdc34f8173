import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { ClientDialectName as Dialect, Config } from "../domain/config.js";
import { AppError } from "../domain/errors.js";
import { newCallId, runCall, sendJson, type CallPlan } from "./call.js";
import { agentCredential, authHeaders, presentedKeys } from "./credentials.js";
import { estimateTokens, geminiModelList, geminiRoute, isGeminiModelList, isGeminiPath } from "./gemini.js";
import { modelList } from "./models.js";
import { routeModel, routingTable, type ProviderSpec, type RoutingTable } from "./providers.js";
import { Recorder } from "./recorder.js";
import { TokenRegistry, type TokenEntry } from "./tokens.js";
import { dialectError } from "./translate/index.js";
import { HttpUpstream, type Upstream } from "./upstream.js";

export interface GatewayOptions {
  hostDir: string;
  config: Pick<Config, "providers" | "models">;
  /** where provider API keys are read from; never written anywhere */
  env: Readonly<Record<string, string | undefined>>;
  log?: (line: string) => void;
}

export interface Gateway {
  readonly server: http.Server;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

interface Route {
  dialect: Dialect;
  kind: "generate" | "count";
  /** set when the URL names the model and the stream (Gemini), not the body */
  model?: string;
  stream?: boolean;
}

const ROUTES: Record<string, Route> = {
  "/v1/messages": { dialect: "anthropic", kind: "generate" },
  "/v1/messages/count_tokens": { dialect: "anthropic", kind: "count" },
  "/v1/chat/completions": { dialect: "openai-chat", kind: "generate" },
  "/chat/completions": { dialect: "openai-chat", kind: "generate" },
  "/v1/responses": { dialect: "openai-responses", kind: "generate" },
  "/responses": { dialect: "openai-responses", kind: "generate" },
};

const MAX_BODY_BYTES = 64 * 1024 * 1024;

export function createGateway(opts: GatewayOptions): Gateway {
  const tokens = new TokenRegistry(join(opts.hostDir, "gateway", "tokens.json"));
  const recorder = new Recorder(opts.hostDir);
  const table = routingTable(opts.config);
  const upstreams = new Map<string, Upstream>();
  const log = opts.log ?? (() => undefined);
  const warnedBudget = new Set<string>();

  const upstreamFor = async (provider: ProviderSpec): Promise<Upstream> => {
    const known = upstreams.get(provider.name);
    if (known) return known;
    const created =
      provider.baseUrl === "embedded:" ? await (await import("./llama.js")).createLlamaUpstream(provider) : new HttpUpstream(provider.baseUrl);
    upstreams.set(provider.name, created);
    return created;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { token: pathToken, path } = splitAgentPrefix(req.url ?? "/");
    const pathname = path.split("?")[0] ?? "";
    const route: Route | undefined = ROUTES[pathname] ?? geminiRoute(pathname) ?? undefined;
    if (req.method === "GET" && path === "/health") return sendJson(res, 200, { ok: true, pid: process.pid });
    const dialect: Dialect = route?.dialect ?? (isGeminiPath(pathname) ? "gemini" : req.headers["anthropic-version"] ? "anthropic" : "openai-chat");
    const keys = presentedKeys(req, pathToken);
    const agent = identify(tokens, recorder, keys);
    if (agent === null) return sendJson(res, 401, dialectError(dialect, 401, "unknown muster gateway token", undefined));
    if (req.method === "GET" && (path === "/v1/models" || path === "/models")) return sendJson(res, 200, modelList(table, agent.model));
    if (req.method === "GET" && isGeminiModelList(pathname)) return sendJson(res, 200, geminiModelList(table, agent.model));
    if (!route || req.method !== "POST") return sendJson(res, 404, dialectError(dialect, 404, `no route ${req.method} ${path}`));

    const body = await readBody(req);
    if (body === null) return sendJson(res, 413, dialectError(dialect, 413, "request body too large"));
    const json = parseObject(body);
    if (json === null) return sendJson(res, 400, dialectError(dialect, 400, "the request body is not a JSON object"));
    const named = route.model ?? (typeof json.model === "string" ? json.model : null);
    const requested = named ?? agent.model ?? "";
    const stream = route.stream ?? json.stream === true;
    let target: { provider: ProviderSpec; model: string };
    try {
      target = routeModel(table, requested, agent.model, dialect);
    } catch (error) {
      const message = error instanceof AppError ? `${error.message} (model '${requested}')${error.hint ? `; ${error.hint}` : ""}` : String(error);
      return refuse({ agent, dialect, path, json, named, stream, provider: null, model: null }, res, 404, message);
    }
    const refusal = { agent, dialect, path, json, named, stream, provider: target.provider.name, model: target.model };
    if (dialect === "gemini" && route.kind === "count" && !target.provider.dialects.includes("gemini"))
      return answer(refusal, res, 200, estimateTokens(json), null);
    if (overBudget(agent)) return refuse(refusal, res, 402, budgetMessage(agent));

    const credential = agentCredential(keys, tokens);
    const auth = authHeaders(target.provider, dialect, credential, opts.env);
    if ("missing" in auth) return refuse(refusal, res, 401, auth.missing);
    const plan: CallPlan = {
      agent,
      inbound: dialect,
      requestedModel: named,
      stream,
      path,
      kind: route.kind,
      body,
      json,
      provider: target.provider,
      upstream: await upstreamFor(target.provider),
      model: target.model,
      auth,
      forward: forwardedHeaders(req),
    };
    await runCall(plan, req, res, {
      record: (call) => {
        recorder.write(call);
        if (agent.budgetUsd !== null && recorder.spentUsd(agent.agentId) >= agent.budgetUsd) budgetEvent(agent, call.id);
      },
    });
  };

  /** A known agent's call the gateway answered itself: recorded like any other, at no cost. */
  const refuse = (call: Refusal, res: ServerResponse, status: number, message: string) =>
    answer(call, res, status, dialectError(call.dialect, status, message), message);

  const answer = (call: Refusal, res: ServerResponse, status: number, response: Record<string, unknown>, message: string | null) => {
    const now = new Date().toISOString();
    recorder.write({
      id: newCallId(),
      agentId: call.agent.agentId,
      agentName: call.agent.agentName,
      startedAt: now,
      endedAt: now,
      inbound: { dialect: call.dialect, path: call.path },
      provider: call.provider,
      upstreamDialect: null,
      requestedModel: call.named,
      servedModel: null,
      upstreamModel: call.model,
      stream: call.stream,
      credential: "none",
      headers: {},
      request: call.json,
      response,
      usage: null,
      ttftMs: null,
      durationMs: 0,
      status,
      error: message,
      price: { source: message === null ? "answered by the gateway, not sent" : "refused by the gateway, not sent", version: "-" },
      costUsd: 0,
    });
    sendJson(res, status, response);
  };

  const overBudget = (agent: TokenEntry) => agent.budgetUsd !== null && recorder.spentUsd(agent.agentId) >= agent.budgetUsd;
  const budgetMessage = (agent: TokenEntry) =>
    `agent '${agent.agentName}' has used $${recorder.spentUsd(agent.agentId).toFixed(4)} of its $${agent.budgetUsd} budget; muster's gateway refuses further model calls`;
  const budgetEvent = (agent: TokenEntry, callId: string) => {
    if (warnedBudget.has(agent.agentId)) return;
    warnedBudget.add(agent.agentId);
    recorder.appendEvent(agent.agentId, agent.agentName, "budget-exceeded", {
      budgetUsd: agent.budgetUsd,
      spentUsd: recorder.spentUsd(agent.agentId),
      callId,
    });
  };

  const server = http.createServer({ keepAlive: true, noDelay: true, keepAliveTimeout: 65_000 }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`error: ${(error as Error)?.stack ?? String(error)}`);
      if (!res.headersSent) sendJson(res, 500, dialectError("openai-chat", 500, "internal gateway error"));
      else res.destroy();
    });
  });
  server.headersTimeout = 60_000;
  server.requestTimeout = 0;

  return {
    server,
    listen: (port, host = "127.0.0.1") =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          resolve((server.address() as AddressInfo).port);
        });
      }),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await Promise.all([...upstreams.values()].map((u) => u.close?.()));
      recorder.close();
    },
  };
}

/** `/a/<token>/v1/...` names the agent in the path, for agents that send their own credential. */
function splitAgentPrefix(url: string): { token: string | null; path: string } {
  if (!url.startsWith("/a/")) return { token: null, path: url };
  const end = url.indexOf("/", 3);
  if (end === -1) return { token: url.slice(3), path: "/" };
  return { token: decodeURIComponent(url.slice(3, end)), path: url.slice(end) };
}

/** the agent named by the first muster token among the presented keys; null means 401 */
function identify(tokens: TokenRegistry, recorder: Recorder, keys: ReturnType<typeof presentedKeys>): TokenEntry | null {
  for (const key of keys) {
    const entry = tokens.lookup(key.value);
    if (entry !== null) return recorder.agentExists(entry.agentId) ? entry : null;
  }
  return null;
}

const FORWARDED = ["anthropic-version", "anthropic-beta", "openai-beta", "user-agent"];

function forwardedHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FORWARDED) {
    const value = req.headers[name];
    if (typeof value === "string") out[name] = value;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? null : chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function parseObject(body: Buffer): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export type { RoutingTable };

interface Refusal {
  agent: TokenEntry;
  dialect: Dialect;
  path: string;
  json: Record<string, unknown>;
  /** the model the client named, if it named one */
  named: string | null;
  stream: boolean;
  provider: string | null;
  model: string | null;
}
