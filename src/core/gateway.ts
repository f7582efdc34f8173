import { randomBytes } from "node:crypto";
import type { DialectName } from "../domain/config.js";
import { AppError, TimeoutError } from "../domain/errors.js";
import { routeModel, routingTable } from "../gateway/providers.js";
import type { GatewayDaemon, GatewayToken } from "../ports/gateway.js";
import type { Host } from "../ports/host.js";
import type { Context } from "./context.js";

const START_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 5_000;

export interface GatewayStatus {
  running: boolean;
  pid: number | null;
  port: number | null;
  url: string | null;
  startedAt: string | null;
  uptimeSeconds: number | null;
  agents: number;
  dir: string;
  log: string;
}

export function gatewayStatus(host: Host): GatewayStatus {
  const daemon = host.gateway.daemon();
  return {
    running: daemon !== null,
    pid: daemon?.pid ?? null,
    port: daemon?.port ?? null,
    url: daemon ? gatewayUrl(daemon) : null,
    startedAt: daemon?.startedAt ?? null,
    uptimeSeconds: daemon ? Math.max(0, Math.round((Date.now() - Date.parse(daemon.startedAt)) / 1000)) : null,
    agents: Object.keys(host.gateway.readTokens()).length,
    dir: host.gateway.dir,
    log: host.gateway.logPath,
  };
}

/** The running gateway, started first when there is none. Cheap when it runs: one state file and /proc. */
export async function ensureGateway(ctx: Context, host: Host): Promise<GatewayDaemon> {
  return host.gateway.daemon() ?? (await startGateway(ctx, host)).daemon;
}

/** Starts the daemon detached; a no-op when one already runs. */
export async function startGateway(ctx: Context, host: Host): Promise<{ started: boolean; daemon: GatewayDaemon }> {
  const release = await host.gateway.lock(START_TIMEOUT_MS);
  try {
    const running = host.gateway.daemon();
    if (running) return { started: false, daemon: running };
    routingTable(ctx.config); // a broken provider config fails here, naming the key, not in the daemon's log
    host.gateway.writeConfig({ gateway: ctx.config.gateway, providers: ctx.config.providers, models: ctx.config.models });
    const pid = host.runner.spawnDetached(ctx.gatewayCommand, { env: { MUSTER_HOST_DIR: host.store.hostDir }, logFile: host.gateway.logPath });
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const daemon = host.gateway.daemon();
      if (daemon?.pid === pid) return { started: true, daemon };
      if (!host.processes.isAlive(pid)) {
        throw new AppError("the gateway exited while starting", {
          hint: `its log says: ${host.gateway.logTail(3) || "(nothing)"}`,
          data: { log: host.gateway.logPath },
        });
      }
      if (Date.now() > deadline)
        throw new TimeoutError(`the gateway did not start within ${START_TIMEOUT_MS / 1000} s`, { hint: `see ${host.gateway.logPath}` });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    release();
  }
}

export async function stopGateway(host: Host): Promise<{ stopped: boolean; pid: number | null }> {
  const daemon = host.gateway.daemon();
  if (!daemon) return { stopped: false, pid: null };
  host.processes.kill([daemon.pid], "SIGTERM");
  const deadline = Date.now() + STOP_GRACE_MS;
  while (host.processes.isAlive(daemon.pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  if (host.processes.isAlive(daemon.pid)) host.processes.kill([daemon.pid], "SIGKILL");
  return { stopped: true, pid: daemon.pid };
}

/** A fresh token for the agent in tokens.json; the gateway picks it up on the agent's first call. */
export async function issueToken(host: Host, entry: GatewayToken): Promise<string> {
  const token = `muster-${randomBytes(24).toString("base64url")}`;
  const release = await host.gateway.lock(START_TIMEOUT_MS);
  try {
    host.gateway.writeTokens({ ...host.gateway.readTokens(), [token]: entry });
  } finally {
    release();
  }
  return token;
}

export async function revokeTokens(host: Host, agentId: string): Promise<void> {
  const tokens = host.gateway.readTokens();
  if (!Object.values(tokens).some((t) => t.agentId === agentId)) return;
  const release = await host.gateway.lock(START_TIMEOUT_MS);
  try {
    const kept = Object.fromEntries(Object.entries(host.gateway.readTokens()).filter(([, t]) => t.agentId !== agentId));
    host.gateway.writeTokens(kept);
  } finally {
    release();
  }
}

export function gatewayUrl(daemon: GatewayDaemon): string {
  return `http://127.0.0.1:${daemon.port}`;
}

/** What an agent needs to reach its models through the gateway, whatever client it uses. */
export function gatewayEnv(daemon: GatewayDaemon, token: string): Record<string, string> {
  const url = gatewayUrl(daemon);
  return {
    ANTHROPIC_BASE_URL: url,
    ANTHROPIC_AUTH_TOKEN: token,
    OPENAI_BASE_URL: `${url}/v1`,
    OPENAI_API_KEY: token,
    GOOGLE_GEMINI_BASE_URL: url,
    GEMINI_API_KEY: token,
    MUSTER_GATEWAY_URL: url,
    MUSTER_GATEWAY_TOKEN: token,
  };
}

/** Checks a --model value against the providers in config before an agent is made with it. */
export function checkModel(ctx: Context, model: string, inbound: DialectName = "anthropic"): void {
  routeModel(routingTable(ctx.config), model, null, inbound);
}

/** Starts the gateway if needed, gives the agent a token, and returns the variables for its session. */
export async function connectToGateway(
  ctx: Context,
  host: Host,
  agent: { id: string; name: string; model: string | null },
  budgetUsd: number | null,
): Promise<Record<string, string>> {
  const daemon = await ensureGateway(ctx, host);
  const token = await issueToken(host, { agentId: agent.id, agentName: agent.name, budgetUsd, model: agent.model });
  return gatewayEnv(daemon, token);
}

/** Keeps the name the gateway records calls under in step with the agent's. */
export async function renameInGateway(host: Host, agentId: string, name: string): Promise<void> {
  const tokens = host.gateway.readTokens();
  if (!Object.values(tokens).some((t) => t.agentId === agentId)) return;
  const release = await host.gateway.lock(START_TIMEOUT_MS);
  try {
    const next = Object.fromEntries(
      Object.entries(host.gateway.readTokens()).map(([k, t]) => [k, t.agentId === agentId ? { ...t, agentName: name } : t]),
    );
    host.gateway.writeTokens(next);
  } finally {
    release();
  }
}
