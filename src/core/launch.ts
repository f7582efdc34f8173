import { join } from "node:path";
import type { AgentRecord } from "../domain/agent.js";
import type { AgentContext, LaunchSpec, ModelEndpoints } from "../ports/agent-type.js";
import type { Host } from "../ports/host.js";
import { AGENT_WINDOW, agentSession, type Context } from "./context.js";

/** The variables every agent session gets, whatever its type. */
export function musterEnv(host: Host, record: AgentRecord): Record<string, string> {
  return {
    MUSTER_AGENT_ID: record.id,
    MUSTER_AGENT_NAME: record.name,
    MUSTER_AGENT_DIR: host.store.agentDir(record.id),
    MUSTER_HOST_DIR: host.store.hostDir,
    MUSTER_WORK_DIR: record.workDir,
  };
}

/**
 * The model APIs an agent is pointed at. The one place that decides it: today from the variables
 * given to the agent (`--env ANTHROPIC_BASE_URL=...`, `OPENAI_BASE_URL`, `GOOGLE_GEMINI_BASE_URL`,
 * their keys), which the gateway's variables fill in.
 */
export function modelEndpoints(env: Readonly<Record<string, string>>): ModelEndpoints {
  const anthropicKey = env.ANTHROPIC_API_KEY ?? env.ANTHROPIC_AUTH_TOKEN ?? null;
  const openaiKey = env.OPENAI_API_KEY ?? null;
  const geminiKey = env.GEMINI_API_KEY ?? null;
  return {
    anthropic: env.ANTHROPIC_BASE_URL || anthropicKey ? { baseUrl: env.ANTHROPIC_BASE_URL ?? null, apiKey: anthropicKey } : null,
    openai: env.OPENAI_BASE_URL || openaiKey ? { baseUrl: env.OPENAI_BASE_URL ?? null, apiKey: openaiKey } : null,
    gemini: env.GOOGLE_GEMINI_BASE_URL || geminiKey ? { baseUrl: env.GOOGLE_GEMINI_BASE_URL ?? null, apiKey: geminiKey } : null,
  };
}

/** What an agent type may look at about one agent. */
export function agentContext(host: Host, record: AgentRecord): AgentContext {
  return { record, agentDir: host.store.agentDir(record.id), files: host.files };
}

/** Writes the config files a launch needs (per-agent config dirs, hook scripts). */
export function writeLaunchFiles(host: Host, spec: LaunchSpec): void {
  for (const file of spec.files ?? []) host.files.writeText(file.path, file.text, file.mode);
}

/**
 * Starts the agent's tmux session. The command runs from `launch.sh` in the agent dir, which sources
 * the 0600 env file: secrets stay off the tmux command line, and the exact command is on disk.
 */
export async function launchSession(ctx: Context, host: Host, record: AgentRecord, argv: readonly string[] = record.command): Promise<void> {
  const agentDir = host.store.agentDir(record.id);
  const script = launchScript(join(agentDir, "env"), argv);
  const scriptPath = join(agentDir, "launch.sh");
  host.files.writeText(scriptPath, script, 0o700);
  const env = musterEnv(host, record);
  await host.tmux.newSession({
    session: agentSession(ctx, record),
    window: AGENT_WINDOW,
    cwd: record.workDir,
    env,
    argv: ["sh", scriptPath],
  });
}

function launchScript(envFile: string, argv: readonly string[]): string {
  return ["#!/bin/sh", `. ${quote(envFile)}`, `exec ${argv.map(quote).join(" ")}`, ""].join("\n");
}

export function quote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
