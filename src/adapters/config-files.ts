import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../domain/errors.js";
import type { ConfigLayer } from "../domain/config.js";

export function userConfigPath(env: NodeJS.ProcessEnv): string {
  if (env.MUSTER_CONFIG) return env.MUSTER_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config");
  return join(base, "muster", "config.toml");
}

export const PROJECT_CONFIG_NAME = ".muster.toml";

/** Reads a TOML file as a config layer; a missing file is an empty layer, a broken one an error. */
export async function readConfigFile(path: string): Promise<ConfigLayer | null> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new ConfigError(`cannot read config file ${path}: ${(error as Error).message}`);
  }
  const { parse } = await import("smol-toml");
  try {
    return { source: path, data: parse(text) as Record<string, unknown> };
  } catch (error) {
    throw new ConfigError(`${path} is not valid TOML: ${(error as Error).message.split("\n")[0]}`);
  }
}

export async function writeConfigFile(path: string, data: Record<string, unknown>): Promise<void> {
  const { stringify } = await import("smol-toml");
  const { mkdirSync, writeFileSync } = await import("node:fs");
  const { dirname } = await import("node:path");
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, stringify(data) + "\n");
}
