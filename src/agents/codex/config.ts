import { join } from "node:path";
import type { ModelEndpoint } from "../../ports/agent-type.js";
import { hookScriptPath, statusDir } from "../shared/hooks.js";

/** Codex's own home for one agent (CODEX_HOME); never the user's ~/.codex. */
export function codexHome(agentDir: string): string {
  return join(agentDir, "home", "codex");
}

/** The variable the agent's key is read from when muster points Codex at an endpoint. */
export const KEY_VARIABLE = "OPENAI_API_KEY";

/**
 * config.toml: the endpoint as a provider of its own, the notify hook, trust for the work dir, and
 * every update check, telemetry stream, plugin sync and background daemon turned off. (The TUI
 * still fetches its announcement tip once per start; no setting stops that, see docs/agents/codex.md.) Codex's
 * lifecycle hooks (hooks.json) are not used: they would need hook trust to be bypassed, which would
 * also run untrusted hooks from the repository.
 */
export function configToml(agentDir: string, workDir: string, endpoint: ModelEndpoint | null, model: string | null): string {
  const notify = ["sh", hookScriptPath(agentDir), statusDir(agentDir), "notify"];
  const lines = [
    "# Written by muster for this agent.",
    ...(model ? [`model = ${str(model)}`] : []),
    ...(endpoint?.baseUrl ? [`model_provider = "muster"`] : []),
    "check_for_update_on_startup = false",
    `notify = [${notify.map(str).join(", ")}]`,
    "",
    ...(endpoint?.baseUrl
      ? [
          "[model_providers.muster]",
          `name = "muster"`,
          `base_url = ${str(endpoint.baseUrl)}`,
          `env_key = "${KEY_VARIABLE}"`,
          `wire_api = "responses"`,
          "",
        ]
      : []),
    "[analytics]",
    "enabled = false",
    "",
    "[feedback]",
    "enabled = false",
    "",
    "[features]",
    "plugins = false",
    "apps = false",
    "daemon_auto_start = false",
    "in_app_updates = false",
    "",
    `[projects.${str(workDir)}]`,
    `trust_level = "trusted"`,
    "",
  ];
  return lines.join("\n");
}

/** A TOML basic string (JSON's escapes are a subset TOML accepts). */
function str(value: string): string {
  return JSON.stringify(value);
}
