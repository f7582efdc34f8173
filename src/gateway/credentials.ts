import type { IncomingMessage } from "node:http";
import type { ClientDialectName as Dialect } from "../domain/config.js";
import type { ProviderSpec } from "./providers.js";
import type { TokenRegistry } from "./tokens.js";

type KeySource = "path" | "x-api-key" | "authorization" | "x-goog-api-key" | "query";

/**
 * Every value a request could carry as its key: the /a/<token> path, `x-api-key`, `Authorization: Bearer`,
 * and Gemini's `x-goog-api-key` header and `?key=` parameter.
 */
export function presentedKeys(req: IncomingMessage, pathToken: string | null): Array<{ header: KeySource; value: string }> {
  const out: Array<{ header: KeySource; value: string }> = [];
  if (pathToken) out.push({ header: "path", value: pathToken });
  const key = req.headers["x-api-key"];
  if (typeof key === "string" && key !== "") out.push({ header: "x-api-key", value: key });
  const auth = req.headers.authorization;
  if (typeof auth === "string" && auth.startsWith("Bearer ") && auth.length > 7) out.push({ header: "authorization", value: auth.slice(7).trim() });
  const googKey = req.headers["x-goog-api-key"];
  if (typeof googKey === "string" && googKey !== "") out.push({ header: "x-goog-api-key", value: googKey });
  const queryKey = queryParam(req.url ?? "", "key");
  if (queryKey) out.push({ header: "query", value: queryKey });
  return out;
}

function queryParam(url: string, name: string): string | null {
  const q = url.indexOf("?");
  return q === -1 ? null : new URLSearchParams(url.slice(q + 1)).get(name);
}

export interface AgentCredential {
  header: "x-api-key" | "authorization";
  value: string;
}

/**
 * The agent's own login (a Claude subscription token, its own API key): an auth header that is not a
 * muster token, sent by an agent that is named by another one (the path, or the other header).
 */
export function agentCredential(keys: ReturnType<typeof presentedKeys>, tokens: TokenRegistry): AgentCredential | null {
  for (const key of keys) {
    // no provider takes a Google key, so one that is not a muster token never goes anywhere
    if (key.header === "path" || key.header === "x-goog-api-key" || key.header === "query" || tokens.lookup(key.value) !== null) continue;
    return key.header === "x-api-key" ? { header: "x-api-key", value: key.value } : { header: "authorization", value: `Bearer ${key.value}` };
  }
  return null;
}

export type UpstreamAuth = { headers: Record<string, string>; credential: "gateway" | "agent" | "none" } | { missing: string };

/**
 * Whose key goes upstream. The agent's own credential goes only to the vendor that issued it, and
 * only when the call passes through untranslated; everything else uses the key named by the
 * provider's api_key_env, read from the gateway's environment.
 */
export function authHeaders(
  provider: ProviderSpec,
  inbound: Dialect,
  credential: AgentCredential | null,
  env: Readonly<Record<string, string | undefined>>,
): UpstreamAuth {
  const family = inbound === "anthropic" ? "anthropic" : "openai";
  if (credential !== null && inbound !== "gemini" && provider.vendor === family && provider.dialects.includes(inbound)) {
    return { headers: { [credential.header]: credential.value }, credential: "agent" };
  }
  const key = provider.apiKeyEnv ? env[provider.apiKeyEnv] : undefined;
  if (!key) {
    if (provider.apiKeyEnv && !provider.local) {
      return {
        missing: `provider '${provider.name}' needs ${provider.apiKeyEnv} in the gateway's environment; set it and run \`muster gateway stop\` then \`muster gateway start\``,
      };
    }
    return { headers: {}, credential: "none" };
  }
  const headers = provider.auth === "bearer" ? { authorization: `Bearer ${key}` } : { [provider.auth]: key };
  return { headers, credential: "gateway" };
}
