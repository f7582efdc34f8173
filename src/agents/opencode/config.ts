import { join } from "node:path";
import type { ModelEndpoint } from "../../ports/agent-type.js";

/** The root of opencode's own dirs for one agent; never the user's ~/.config, ~/.local or ~/.cache. */
export function opencodeHome(agentDir: string): string {
  return join(agentDir, "home", "opencode");
}

/** opencode's global config dir ($XDG_CONFIG_HOME/opencode): opencode.json and the plugin/ folder it loads at start. */
export function configDir(agentDir: string): string {
  return join(opencodeHome(agentDir), "config", "opencode");
}

export function pluginPath(agentDir: string): string {
  return join(configDir(agentDir), "plugin", "muster-status.js");
}

/** The session records muster's plugin mirrors from opencode's own events (see plugin.ts). */
export function recordsPath(agentDir: string): string {
  return join(opencodeHome(agentDir), "records.jsonl");
}

/**
 * opencode installs @opencode-ai/plugin from npm into every config dir at start, and waits for that
 * install before it loads any plugin, so offline it hangs for a minute. It skips the install when
 * node_modules/ exists and package-lock.json lists the package; muster's plugin imports nothing
 * from it, so these two files keep opencode off the registry.
 */
export function offlineDependencyFiles(agentDir: string): Array<{ path: string; text: string }> {
  const lock = { name: "opencode-config", lockfileVersion: 3, packages: { "": { dependencies: { "@opencode-ai/plugin": "*" } } } };
  return [
    { path: join(configDir(agentDir), "package-lock.json"), text: JSON.stringify(lock, null, 2) + "\n" },
    { path: join(configDir(agentDir), "node_modules", "README"), text: "Written by muster: nothing to install here (see package-lock.json).\n" },
  ];
}

/** The provider name muster's endpoint gets in opencode's config; `--model M` becomes `muster/M`. */
export const PROVIDER = "muster";

/** The variable the agent's key is read from when muster points opencode at an endpoint. */
export const KEY_VARIABLE = "OPENAI_API_KEY";

/** The model as opencode names it: provider/model, under muster's provider when there is an endpoint. */
export function opencodeModel(model: string, endpoint: ModelEndpoint | null): string {
  return endpoint?.baseUrl ? `${PROVIDER}/${model}` : model;
}

/**
 * opencode.json: the endpoint as an OpenAI-compatible provider of its own (the only one enabled),
 * the model, and no auto-update or sharing. The key stays in the agent's environment.
 */
export function opencodeJson(endpoint: ModelEndpoint | null, model: string | null): string {
  const config: Record<string, unknown> = { autoupdate: false, share: "disabled" };
  if (endpoint?.baseUrl) {
    config.enabled_providers = [PROVIDER];
    config.provider = {
      [PROVIDER]: {
        npm: "@ai-sdk/openai-compatible",
        name: "muster",
        options: { baseURL: endpoint.baseUrl, ...(endpoint.apiKey ? { apiKey: `{env:${KEY_VARIABLE}}` } : {}) },
        models: model ? { [model]: { name: model } } : {},
      },
    };
  }
  if (model) {
    config.model = opencodeModel(model, endpoint);
    config.small_model = opencodeModel(model, endpoint);
  }
  return JSON.stringify(config, null, 2) + "\n";
}

/**
 * The environment that gives opencode dirs of its own and keeps it off every host but its
 * endpoint: no models.dev fetch, no update check, no default plugins from npm, no sharing, no
 * language-server downloads, and none of the user's Claude Code files or skills.
 */
export function opencodeEnv(agentDir: string): Record<string, string> {
  const home = opencodeHome(agentDir);
  return {
    XDG_CONFIG_HOME: join(home, "config"),
    XDG_DATA_HOME: join(home, "data"),
    XDG_STATE_HOME: join(home, "state"),
    XDG_CACHE_HOME: join(home, "cache"),
    OPENCODE_DISABLE_MODELS_FETCH: "1",
    OPENCODE_DISABLE_AUTOUPDATE: "1",
    OPENCODE_DISABLE_DEFAULT_PLUGINS: "1",
    OPENCODE_DISABLE_SHARE: "1",
    OPENCODE_DISABLE_LSP_DOWNLOAD: "1",
    OPENCODE_DISABLE_CLAUDE_CODE: "1",
    OPENCODE_DISABLE_EXTERNAL_SKILLS: "1",
  };
}
