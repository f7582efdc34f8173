import type { ClientDialectName, Config, DialectName as Dialect, ModelConfig, PriceConfig } from "../domain/config.js";
import { ConfigError, UsageError } from "../domain/errors.js";

/** A provider as the gateway uses it: config layered over its preset. */
export interface ProviderSpec {
  name: string;
  /** the dialects it speaks; the first is the one calls are translated into */
  dialects: Dialect[];
  /** without a trailing /v1: the gateway appends /v1/messages and friends */
  baseUrl: string;
  apiKeyEnv: string | null;
  auth: "x-api-key" | "bearer" | "x-goog-api-key";
  /** runs on the user's own hardware: calls cost nothing unless a price is configured */
  local: boolean;
  /** the vendor whose own credentials an agent may bring (credential pass-through) */
  vendor: Vendor | null;
  /** embedded engine instead of HTTP (`llama`): the GGUF file it serves */
  modelPath: string | null;
  threads: number | null;
  contextSize: number | null;
  models: Record<string, ModelConfig>;
}

type Vendor = "anthropic" | "openai" | "google";

/** the preset a vendor's own models go to when no agent model says otherwise */
const VENDOR_PRESET: Record<Vendor, string> = { anthropic: "anthropic", openai: "openai", google: "gemini" };

type Preset = Omit<ProviderSpec, "name" | "models" | "modelPath" | "threads" | "contextSize">;

const ALL: Dialect[] = ["anthropic", "openai-chat", "openai-responses"];

export const PRESETS: Readonly<Record<string, Preset>> = {
  anthropic: {
    dialects: ["anthropic"],
    baseUrl: "https://api.anthropic.com",
    apiKeyEnv: "ANTHROPIC_API_KEY",
    auth: "x-api-key",
    local: false,
    vendor: "anthropic",
  },
  openai: {
    dialects: ["openai-responses", "openai-chat"],
    baseUrl: "https://api.openai.com",
    apiKeyEnv: "OPENAI_API_KEY",
    auth: "bearer",
    local: false,
    vendor: "openai",
  },
  gemini: {
    dialects: ["gemini"],
    baseUrl: "https://generativelanguage.googleapis.com",
    apiKeyEnv: "GEMINI_API_KEY",
    auth: "x-goog-api-key",
    local: false,
    vendor: "google",
  },
  openrouter: {
    dialects: ["openai-chat", "anthropic", "openai-responses"],
    baseUrl: "https://openrouter.ai/api",
    apiKeyEnv: "OPENROUTER_API_KEY",
    auth: "bearer",
    local: false,
    vendor: null,
  },
  ollama: { dialects: ALL, baseUrl: "http://127.0.0.1:11434", apiKeyEnv: null, auth: "bearer", local: true, vendor: null },
  "llama-server": {
    dialects: ["openai-chat", "anthropic"],
    baseUrl: "http://127.0.0.1:8080",
    apiKeyEnv: null,
    auth: "bearer",
    local: true,
    vendor: null,
  },
  vllm: { dialects: ALL, baseUrl: "http://127.0.0.1:8000", apiKeyEnv: null, auth: "bearer", local: true, vendor: null },
  lmstudio: { dialects: ALL, baseUrl: "http://127.0.0.1:1234", apiKeyEnv: null, auth: "bearer", local: true, vendor: null },
  llama: { dialects: ["openai-chat"], baseUrl: "embedded:", apiKeyEnv: null, auth: "bearer", local: true, vendor: null },
};

/** Every provider the gateway knows: each preset under its own name, then `[providers.NAME]`. */
export function resolveProviders(config: Pick<Config, "providers">): Map<string, ProviderSpec> {
  const out = new Map<string, ProviderSpec>();
  for (const name of Object.keys(PRESETS)) out.set(name, fromConfig(name, {}));
  for (const [name, raw] of Object.entries(config.providers)) out.set(name, fromConfig(name, raw));
  return out;
}

function fromConfig(name: string, raw: Partial<Config["providers"][string]>): ProviderSpec {
  const presetName = raw.preset ?? (PRESETS[name] ? name : undefined);
  const preset = presetName === undefined ? undefined : PRESETS[presetName];
  if (presetName !== undefined && preset === undefined) {
    throw new ConfigError(`invalid config: providers.${name}.preset: unknown preset '${presetName}'`, {
      hint: `presets: ${Object.keys(PRESETS).join(", ")}`,
    });
  }
  const dialect = raw.dialect === undefined ? preset?.dialects : Array.isArray(raw.dialect) ? raw.dialect : [raw.dialect];
  if (dialect === undefined)
    throw new ConfigError(`invalid config: providers.${name}.dialect: required (anthropic, openai-chat, openai-responses or gemini)`);
  const baseUrl = raw.base_url ?? preset?.baseUrl;
  if (baseUrl === undefined)
    throw new ConfigError(`invalid config: providers.${name}.base_url: required`, { hint: 'e.g. base_url = "http://127.0.0.1:11434"' });
  const isEmbedded = presetName === "llama";
  return {
    name,
    dialects: dialect,
    baseUrl: baseUrl.replace(/\/+$/, "").replace(/\/v1$/, ""),
    apiKeyEnv: raw.api_key_env ?? preset?.apiKeyEnv ?? null,
    auth: raw.auth ?? preset?.auth ?? defaultAuth(dialect[0]),
    local: raw.local ?? preset?.local ?? false,
    vendor: preset?.vendor ?? null,
    modelPath: isEmbedded ? (raw.model_path ?? null) : null,
    threads: raw.threads ?? null,
    contextSize: raw.context_size ?? null,
    models: raw.models ?? {},
  };
}

function defaultAuth(dialect: Dialect | undefined): ProviderSpec["auth"] {
  if (dialect === "anthropic") return "x-api-key";
  return dialect === "gemini" ? "x-goog-api-key" : "bearer";
}

export interface ModelRoute {
  provider: ProviderSpec;
  /** the model name the provider is asked for */
  model: string;
}

export interface RoutingTable {
  providers: ReadonlyMap<string, ProviderSpec>;
  aliases: Readonly<Record<string, string>>;
}

export function routingTable(config: Pick<Config, "providers" | "models">): RoutingTable {
  return { providers: resolveProviders(config), aliases: config.models.aliases };
}

/**
 * Which provider serves a model name. `provider/model` names it directly; aliases come from
 * `[models] aliases`. A bare name (what an agent asks for on its own, like Claude Code's small
 * model) goes to the agent's own model unless it belongs to that model's provider anyway.
 */
export function routeModel(table: RoutingTable, requested: string, agentModel: string | null, inbound: ClientDialectName): ModelRoute {
  const named = table.aliases[requested] ?? requested;
  const slash = named.indexOf("/");
  if (slash > 0) {
    const provider = table.providers.get(named.slice(0, slash));
    if (provider) return { provider, model: named.slice(slash + 1) };
    if (agentModel === null) throw unknownProvider(table, named.slice(0, slash));
  }
  const vendor = vendorOf(named, inbound);
  if (agentModel !== null) {
    const own = routeModel(table, agentModel, null, inbound);
    return own.provider.vendor === vendor || own.provider.name === vendor ? { provider: own.provider, model: named } : own;
  }
  const provider = table.providers.get(VENDOR_PRESET[vendor]);
  if (!provider) throw unknownProvider(table, VENDOR_PRESET[vendor]);
  return { provider, model: named };
}

function vendorOf(model: string, inbound: ClientDialectName): Vendor {
  if (/^gemini/i.test(model)) return "google";
  if (/^claude/i.test(model)) return "anthropic";
  if (/^(gpt|o\d|codex|chatgpt)/i.test(model)) return "openai";
  return inbound === "anthropic" ? "anthropic" : "openai";
}

function unknownProvider(table: RoutingTable, name: string): UsageError {
  return new UsageError(`unknown provider '${name}'`, {
    hint: `providers: ${[...table.providers.keys()].join(", ")}; add one under [providers.${name}] in config`,
  });
}

/** Context window, output limit and price override of one model, when config names them. */
export function modelInfo(provider: ProviderSpec, model: string): ModelConfig & { price?: PriceConfig } {
  return provider.models[model] ?? {};
}
