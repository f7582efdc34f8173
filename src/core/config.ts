import { resolve } from "node:path";
import { Config, describeIssues, getKey, setKey, type ConfigLayer } from "../domain/config.js";
import { ConfigError, UsageError } from "../domain/errors.js";
import type { Context } from "./context.js";

/** Port for reading and writing config files (TOML on disk), supplied by the composition root. */
export interface ConfigFiles {
  read(path: string): Promise<ConfigLayer | null>;
  write(path: string, data: Record<string, unknown>): Promise<void>;
  parseValue(text: string): Promise<unknown>;
}

export function configPath(ctx: Context, project: boolean): string {
  if (!project) return ctx.configFiles.user;
  if (ctx.configFiles.project) return ctx.configFiles.project;
  throw new UsageError("not inside a git repository, so there is no project config", { hint: "run this inside a repo, or drop --project" });
}

export function getConfigValue(ctx: Context, key?: string): unknown {
  if (!key) return ctx.config;
  const value = getKey(ctx.config as unknown as Record<string, unknown>, key);
  if (value === undefined) throw new UsageError(`'${key}' is not set`, { hint: "see docs/concepts/config.md for the keys" });
  return value;
}

/** Sets one key in one file, refusing values that would make the file invalid. */
export async function setConfigValue(
  ctx: Context,
  files: ConfigFiles,
  key: string,
  rawValue: string,
  project: boolean,
): Promise<{ path: string; value: unknown }> {
  const path = configPath(ctx, project);
  const layer = (await files.read(path)) ?? { source: path, data: {} };
  const value = await files.parseValue(rawValue);
  const next = setKey(layer.data, key, value);
  const parsed = Config.safeParse(next);
  if (!parsed.success) {
    const [issue] = describeIssues(parsed.error);
    throw new ConfigError(`cannot set ${key}: ${issue?.key}: ${issue?.message}`, {
      hint: "see docs/concepts/config.md for the keys and their types",
    });
  }
  await files.write(path, next);
  return { path: resolve(path), value };
}
