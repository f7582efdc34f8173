import { join } from "node:path";
import type { ModelEndpoint } from "../../ports/agent-type.js";
import { hookCommand } from "../shared/hooks.js";

/** Claude Code's own config dir for one agent (CLAUDE_CONFIG_DIR); never the user's ~/.claude. */
export function configDir(agentDir: string): string {
  return join(agentDir, "home", "claude");
}

const EVENTS = [
  "SessionStart",
  "UserPromptSubmit",
  "PreToolUse",
  "PostToolUse",
  "PostToolUseFailure",
  "PermissionRequest",
  "Notification",
  "Stop",
  "SessionEnd",
];
const TOOL_EVENTS = new Set(["PreToolUse", "PostToolUse", "PostToolUseFailure", "PermissionRequest"]);

/** settings.json: muster's status hooks on every lifecycle event, and nothing that phones home. */
export function settingsJson(agentDir: string): string {
  const hooks: Record<string, unknown[]> = {};
  for (const event of EVENTS) {
    hooks[event] = [
      { ...(TOOL_EVENTS.has(event) ? { matcher: "*" } : {}), hooks: [{ type: "command", command: hookCommand(agentDir, event), timeout: 10 }] },
    ];
  }
  return JSON.stringify({ hooks, autoUpdates: false, includeCoAuthoredBy: true, env: {} }, null, 2) + "\n";
}

/**
 * .claude.json: first-run dialogs answered (onboarding, trust for the work dir, the API key) so the
 * TUI starts straight at its prompt.
 */
export function claudeJson(workDir: string, endpoint: ModelEndpoint | null): string {
  const key = endpoint?.apiKey ?? null;
  return (
    JSON.stringify(
      {
        hasCompletedOnboarding: true,
        theme: "dark",
        autoUpdates: false,
        hasAcknowledgedCostThreshold: true,
        effortCalloutDismissed: true,
        customApiKeyResponses: { approved: key ? [key.slice(-20)] : [], rejected: [] },
        projects: { [workDir]: { hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true, allowedTools: [] } },
      },
      null,
      2,
    ) + "\n"
  );
}

/**
 * The environment that keeps Claude Code off every host but its endpoint. The endpoint itself
 * (ANTHROPIC_BASE_URL and a key or token) is already in the agent's environment.
 */
export function claudeEnv(agentDir: string): Record<string, string> {
  return {
    CLAUDE_CONFIG_DIR: configDir(agentDir),
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    CLAUDE_CODE_DISABLE_OFFICIAL_MARKETPLACE_AUTOINSTALL: "1",
    DISABLE_AUTOUPDATER: "1",
    DISABLE_TELEMETRY: "1",
    DISABLE_ERROR_REPORTING: "1",
  };
}

/** Claude Code keys a project's sessions by its work dir with every other character turned into '-'. */
export function projectDir(agentDir: string, workDir: string): string {
  return join(configDir(agentDir), "projects", workDir.replace(/[^A-Za-z0-9-]/g, "-"));
}

export function sessionFile(agentDir: string, workDir: string, session: string): string {
  return join(projectDir(agentDir, workDir), `${session}.jsonl`);
}

/** The first session id of an agent, derived from its id so hooks and transcripts can be matched to it. */
export function launchSessionId(agentId: string): string {
  const hex = agentId
    .replace(/^agent-/, "")
    .padEnd(32, "0")
    .slice(0, 32);
  const variant = ((parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
