import { join } from "node:path";
import type { ModelEndpoint } from "../../ports/agent-type.js";
import { hookCommand } from "../shared/hooks.js";

/** Gemini CLI's home for one agent (GEMINI_CLI_HOME): it keeps its config in `.gemini/` below it, never the user's ~/.gemini. */
export function geminiHome(agentDir: string): string {
  return join(agentDir, "home", "gemini");
}

export function geminiDir(agentDir: string): string {
  return join(geminiHome(agentDir), ".gemini");
}

/**
 * When muster last launched the CLI (written with every launch). The input box shows before the
 * CLI has started its session and takes no prompt yet; a SessionStart hook after this time says it has.
 */
export function launchedAtPath(agentDir: string): string {
  return join(geminiHome(agentDir), "launched-at");
}

/**
 * The lifecycle events muster listens to. BeforeAgent and AfterAgent bracket a turn, the tool
 * events fall inside one, Notification (ToolPermission) is an approval dialog.
 */
export const HOOK_EVENTS = ["SessionStart", "BeforeAgent", "BeforeTool", "AfterTool", "AfterAgent", "Notification", "SessionEnd"] as const;

/** The variables the CLI reads: its home, trust for the work dir, and the endpoint when muster has one. */
export function geminiEnv(agentDir: string, endpoint: ModelEndpoint | null): Record<string, string> {
  return {
    GEMINI_CLI_HOME: geminiHome(agentDir),
    GEMINI_CLI_TRUST_WORKSPACE: "true",
    ...(endpoint?.baseUrl ? { GOOGLE_GEMINI_BASE_URL: endpoint.baseUrl } : {}),
    ...(endpoint?.apiKey ? { GEMINI_API_KEY: endpoint.apiKey } : {}),
  };
}

/**
 * settings.json: API-key auth (the key is the gateway token), the status hooks, and every update
 * check, usage statistic, telemetry stream, IDE probe and ripgrep download turned off. Memory
 * autoconfiguration is off so the CLI does not relaunch itself under a second process.
 */
export function settingsJson(agentDir: string): string {
  const hooks = Object.fromEntries(
    HOOK_EVENTS.map((event) => {
      const matcher = event === "BeforeTool" || event === "AfterTool" ? { matcher: "*" } : {};
      return [event, [{ ...matcher, hooks: [{ type: "command", name: `muster-${event}`, command: hookCommand(agentDir, event), timeout: 5000 }] }]];
    }),
  );
  const settings = {
    security: { auth: { selectedType: "gemini-api-key" } },
    general: { enableAutoUpdate: false, enableAutoUpdateNotification: false },
    privacy: { usageStatisticsEnabled: false },
    telemetry: { enabled: false },
    ide: { enabled: false },
    tools: { useRipgrep: false },
    advanced: { autoConfigureMemory: false },
    ui: { hideBanner: true, hideTips: true },
    hooksConfig: { enabled: true },
    hooks,
  };
  return `${JSON.stringify(settings, null, 2)}\n`;
}
