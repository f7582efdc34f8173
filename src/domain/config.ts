import { z } from "zod";
import { ConfigError } from "./errors.js";
import { NAME_PATTERN } from "./names.js";

const EnvMap = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "not a valid variable name"), z.string());

export const AgentTypeConfig = z
  .object({
    parent: z.string().default("command"),
    command: z.union([z.string().min(1), z.array(z.string()).min(1)]).optional(),
    args: z.array(z.string()).default([]),
    env: EnvMap.default({}),
  })
  .strict();
export type AgentTypeConfig = z.infer<typeof AgentTypeConfig>;

/** The wire dialects the gateway speaks; Gemini's is never translated into (its providers serve Gemini clients only). */
export const DIALECTS = ["anthropic", "openai-chat", "openai-responses", "gemini"] as const;
export const DialectName = z.enum(DIALECTS);
export type DialectName = z.infer<typeof DialectName>;

/** what an agent may speak to the gateway: every dialect */
export const ClientDialectName = DialectName;
export type ClientDialectName = DialectName;

/** US dollars per million tokens, the unit every public price list uses. */
export const PriceConfig = z
  .object({
    input_mtok: z.number().nonnegative(),
    output_mtok: z.number().nonnegative(),
    cache_read_mtok: z.number().nonnegative().optional(),
    cache_write_mtok: z.number().nonnegative().optional(),
  })
  .strict();
export type PriceConfig = z.infer<typeof PriceConfig>;

export const ModelConfig = z
  .object({
    context_window: z.number().int().positive().optional(),
    max_output: z.number().int().positive().optional(),
    price: PriceConfig.optional(),
  })
  .strict();
export type ModelConfig = z.infer<typeof ModelConfig>;

export const ProviderConfig = z
  .object({
    preset: z.string().optional(),
    dialect: z.union([DialectName, z.array(DialectName).min(1)]).optional(),
    base_url: z.string().url("must be a URL like http://127.0.0.1:11434").optional(),
    api_key_env: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "not a valid variable name")
      .optional(),
    auth: z.enum(["x-api-key", "bearer", "x-goog-api-key"]).optional(),
    local: z.boolean().optional(),
    model_path: z.string().min(1).optional(),
    threads: z.number().int().positive().optional(),
    context_size: z.number().int().positive().optional(),
    models: z.record(z.string().min(1), ModelConfig).default({}),
  })
  .strict();
export type ProviderConfig = z.infer<typeof ProviderConfig>;

export const GatewayConfig = z
  .object({
    /** unset: the port it had last time, else 4747, else any free one; set: exactly this one (0 = any) */
    port: z.number().int().min(0).max(65535).optional(),
    budget_usd: z.number().positive().optional(),
  })
  .strict();

export const Config = z
  .object({
    prefix: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,32}$/, "use letters, digits, '-' and '_'")
      .default("muster-"),
    host_dir: z.string().min(1).optional(),
    create: z
      .object({
        type: z.string().default("command"),
        connect: z.boolean().optional(),
        setup: z.string().optional(),
        include_dirty: z.boolean().default(false),
      })
      .strict()
      .default({}),
    agent_types: z.record(z.string().regex(NAME_PATTERN, "type names use lowercase letters, digits and hyphens"), AgentTypeConfig).default({}),
    gateway: GatewayConfig.default({}),
    providers: z.record(z.string().regex(NAME_PATTERN, "provider names use lowercase letters, digits and hyphens"), ProviderConfig).default({}),
    models: z
      .object({
        aliases: z
          .record(z.string().regex(/^[^/\s]+$/, "an alias has no '/' or spaces"), z.string().regex(/^[^/\s]+\/\S+$/, "use provider/model"))
          .default({}),
      })
      .strict()
      .default({}),
  })
  .strict();
export type Config = z.infer<typeof Config>;

/** One layer of raw config and where it came from, for error messages. */
export interface ConfigLayer {
  source: string;
  data: Record<string, unknown>;
}

/** Deep-merges layers in order (later wins) and validates the result, naming the culprit on error. */
export function resolveConfig(layers: readonly ConfigLayer[]): Config {
  for (const layer of layers) validateLayer(layer);
  const merged = layers.reduce<Record<string, unknown>>((acc, layer) => deepMerge(acc, layer.data), {});
  const result = Config.safeParse(merged);
  if (!result.success) throw configError("the merged configuration", result.error);
  return result.data;
}

function validateLayer(layer: ConfigLayer): void {
  const result = Config.safeParse(layer.data);
  if (!result.success) throw configError(layer.source, result.error);
}

function configError(source: string, error: z.ZodError): ConfigError {
  const issues = describeIssues(error);
  const first = issues[0];
  return new ConfigError(`invalid config in ${source}: ${first?.key}: ${first?.message}`, { data: { source, issues } });
}

/** zod issues as `key: message` pairs, naming unknown keys the way a person would. */
export function describeIssues(error: z.ZodError): Array<{ key: string; message: string }> {
  return error.issues.map((issue) => {
    const key = issue.path.join(".") || "(top level)";
    const message =
      issue.code === "unrecognized_keys"
        ? `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")}`
        : issue.message;
    return { key: issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]].join(".") : key, message };
  });
}

export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] = isPlainObject(prev) && isPlainObject(value) ? deepMerge(prev, value) : value;
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** `MUSTER_*` variables that map onto config keys (an allowlist, never a wildcard). */
export function envLayer(env: Readonly<Record<string, string | undefined>>): ConfigLayer {
  const data: Record<string, unknown> = {};
  if (env.MUSTER_PREFIX) data.prefix = env.MUSTER_PREFIX;
  if (env.MUSTER_HOST_DIR) data.host_dir = env.MUSTER_HOST_DIR;
  if (env.MUSTER_DEFAULT_TYPE) data.create = { type: env.MUSTER_DEFAULT_TYPE };
  if (env.MUSTER_GATEWAY_PORT) data.gateway = { port: Number(env.MUSTER_GATEWAY_PORT) };
  return { source: "MUSTER_* environment variables", data };
}

/** Reads a dotted key (`create.type`) out of a config object. */
export function getKey(config: Record<string, unknown>, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (isPlainObject(node) ? node[part] : undefined), config);
}

export function setKey(config: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = key.split(".");
  if (head === undefined || head === "") throw new ConfigError(`invalid key '${key}'`);
  if (rest.length === 0) return { ...config, [head]: value };
  const child = isPlainObject(config[head]) ? (config[head] as Record<string, unknown>) : {};
  return { ...config, [head]: setKey(child, rest.join("."), value) };
}
