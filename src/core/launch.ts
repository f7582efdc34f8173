import { join } from "node:path";
import type { AgentRecord } from "../domain/agent.js";
import type { Host } from "../ports/host.js";
import { AGENT_WINDOW, sessionName, type Context } from "./context.js";

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
 * Starts the agent's tmux session. The command runs from `launch.sh` in the agent dir, which sources
 * the 0600 env file: secrets stay off the tmux command line, and the exact command is on disk.
 */
export async function launchSession(ctx: Context, host: Host, record: AgentRecord): Promise<void> {
  const agentDir = host.store.agentDir(record.id);
  const script = launchScript(join(agentDir, "env"), record.command);
  const scriptPath = join(agentDir, "launch.sh");
  host.files.writeText(scriptPath, script, 0o700);
  const env = musterEnv(host, record);
  await host.tmux.newSession({
    session: sessionName(ctx, record.name),
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
