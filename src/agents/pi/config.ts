import { join } from "node:path";
import type { ModelEndpoints } from "../../ports/agent-type.js";
import { hooksLog, statusDir } from "../shared/hooks.js";

/** pi's own config dir for one agent (PI_CODING_AGENT_DIR); never the user's ~/.pi/agent. */
export function piHome(agentDir: string): string {
  return join(agentDir, "home", "pi");
}

/** Where the agent's session files go: one flat dir, whatever the work dir is called. */
export function sessionsDir(agentDir: string): string {
  return join(piHome(agentDir), "sessions");
}

/** Outside extensions/ and passed with --extension, so it loads even under --no-extensions, and once. */
export function extensionPath(agentDir: string): string {
  return join(piHome(agentDir), "muster", "status-extension.js");
}

/**
 * When muster last started pi (written at every launch): events older than it come from an earlier
 * pi process, so they say nothing about the one now booting.
 */
export function launchMarker(agentDir: string): string {
  return join(statusDir(agentDir), "pi-launched-at");
}

export function launchMarkerFile(agentDir: string): { path: string; text: string } {
  return { path: launchMarker(agentDir), text: `${new Date().toISOString()}\n` };
}

/** The provider muster adds to pi for its model endpoint. */
export const PROVIDER = "muster";
/** The variable pi reads the endpoint's key from (models.json names it, the env file holds it). */
export const KEY_VARIABLE = "MUSTER_PI_API_KEY";
/** Set only for the pi process muster starts; the status extension clears it so nested pi runs stay quiet. */
export const HOOKS_VARIABLE = "MUSTER_PI_HOOKS";
/** The model pi asks for when the agent was created without --model (pi's own Anthropic default). */
export const DEFAULT_MODEL = "claude-opus-4-7";

/** The endpoint muster points pi at: Anthropic Messages first, else Chat Completions. */
export function piEndpoint(endpoints: ModelEndpoints | undefined): { baseUrl: string; apiKey: string | null; api: string } | null {
  const anthropic = endpoints?.anthropic;
  if (anthropic?.baseUrl) return { baseUrl: anthropic.baseUrl, apiKey: anthropic.apiKey, api: "anthropic-messages" };
  const openai = endpoints?.openai;
  if (openai?.baseUrl) return { baseUrl: openai.baseUrl, apiKey: openai.apiKey, api: "openai-completions" };
  return null;
}

/** The variables that keep pi in the agent's own dir and off the network at start-up. */
export function piEnv(agentDir: string, apiKey: string | null): Record<string, string> {
  return {
    PI_CODING_AGENT_DIR: piHome(agentDir),
    PI_CODING_AGENT_SESSION_DIR: sessionsDir(agentDir),
    // no version check, package update check, tool download or install ping
    PI_OFFLINE: "1",
    PI_SKIP_VERSION_CHECK: "1",
    PI_TELEMETRY: "0",
    [HOOKS_VARIABLE]: "1",
    ...(apiKey ? { [KEY_VARIABLE]: apiKey } : {}),
  };
}

/** models.json: the endpoint as a provider of its own, serving the agent's model. */
export function modelsJson(endpoint: { baseUrl: string; api: string }, model: string): string {
  const provider = {
    baseUrl: endpoint.baseUrl,
    api: endpoint.api,
    apiKey: KEY_VARIABLE,
    models: [{ id: model, name: model, reasoning: false, input: ["text", "image"] }],
  };
  return JSON.stringify({ providers: { [PROVIDER]: provider } }, null, 2) + "\n";
}

/** settings.json: the model to start with, and the install ping off even without PI_OFFLINE. */
export function settingsJson(model: string | null): string {
  const defaults = model ? { defaultProvider: PROVIDER, defaultModel: model } : {};
  return JSON.stringify({ ...defaults, enableInstallTelemetry: false }, null, 2) + "\n";
}

/**
 * The extension pi loads from its extensions/ dir. On pi's lifecycle events it appends one JSON line
 * to status/hooks.jsonl (the same shape as the shared hook script's), plus the prompt's tail on
 * `input` so delivery can be confirmed before pi writes its session file. It never throws into pi.
 * Only the process muster started writes: the variable is cleared for its children (a pi run inside
 * the agent's shell), and a flag on globalThis keeps it on when pi reloads its extensions.
 */
export function statusExtension(agentDir: string): string {
  return `// Written by muster: reports pi's lifecycle to muster's status files.
import { appendFileSync } from "node:fs";

const LOG = ${JSON.stringify(hooksLog(agentDir))};
const FLAG = ${JSON.stringify(HOOKS_VARIABLE)};
if (process.env[FLAG] === "1") globalThis.__musterPiHooks = true;
delete process.env[FLAG];

export default function (pi) {
  if (globalThis.__musterPiHooks !== true) return;
  const write = (event, ctx, fields) => {
    try {
      const sessions = ctx && ctx.sessionManager;
      const line = {
        ts: new Date().toISOString(),
        event,
        session: (sessions && sessions.getSessionId()) || "",
        source: "",
        detail: "",
        transcript: (sessions && sessions.getSessionFile()) || "",
        ...fields,
      };
      appendFileSync(LOG, JSON.stringify(line) + "\\n");
    } catch {
      // status is best effort; pi carries on
    }
  };
  pi.on("session_start", (e, ctx) => write("session_start", ctx, { source: String(e.reason || "") }));
  pi.on("input", (e, ctx) => write("input", ctx, { source: String(e.source || ""), prompt: String(e.text || "").slice(-2000) }));
  pi.on("agent_start", (_e, ctx) => write("agent_start", ctx, {}));
  pi.on("tool_execution_start", (e, ctx) => write("tool_execution_start", ctx, { detail: String(e.toolName || "") }));
  pi.on("tool_execution_end", (e, ctx) => write("tool_execution_end", ctx, { detail: String(e.toolName || "") }));
  pi.on("agent_end", (_e, ctx) => write("agent_end", ctx, {}));
  pi.on("session_before_compact", (_e, ctx) => write("session_before_compact", ctx, {}));
  pi.on("session_compact", (_e, ctx) => write("session_compact", ctx, {}));
  pi.on("session_shutdown", (e, ctx) => write("session_shutdown", ctx, { source: String(e.reason || "") }));
}
`;
}
