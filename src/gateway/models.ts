import type { RoutingTable } from "./providers.js";

/**
 * GET /v1/models: the configured models as `provider/model`, the aliases, and the agent's own model.
 * One body that both the OpenAI and the Anthropic clients accept.
 */
export function modelList(table: RoutingTable, agentModel: string | null): Record<string, unknown> {
  const ids = new Set<string>();
  if (agentModel) ids.add(agentModel);
  for (const provider of table.providers.values()) {
    for (const model of Object.keys(provider.models)) ids.add(`${provider.name}/${model}`);
  }
  for (const alias of Object.keys(table.aliases)) ids.add(alias);
  const data = [...ids].map((id) => ({
    id,
    object: "model",
    type: "model",
    display_name: id,
    created: 0,
    created_at: "1970-01-01T00:00:00Z",
    owned_by: id.includes("/") ? id.slice(0, id.indexOf("/")) : "muster",
  }));
  return { object: "list", data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}
