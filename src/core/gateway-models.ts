import { listPrice, PRICE_TABLE } from "../gateway/prices.js";
import { routingTable } from "../gateway/providers.js";
import type { Context } from "./context.js";

export interface ModelRow {
  /** provider/model, or provider/* for a provider with no models in config (it serves any name) */
  model: string;
  provider: string;
  dialects: string[];
  baseUrl: string;
  contextWindow: number | null;
  maxOutput: number | null;
  inputMtok: number | null;
  outputMtok: number | null;
  priceSource: string | null;
}

/** Providers (presets and config) with their configured models, context windows and prices; and the aliases. */
export async function listModels(ctx: Context): Promise<{ models: ModelRow[]; aliases: Record<string, string> }> {
  const table = routingTable(ctx.config);
  const models: ModelRow[] = [];
  for (const provider of table.providers.values()) {
    const base = { provider: provider.name, dialects: provider.dialects, baseUrl: provider.modelPath ?? provider.baseUrl };
    const names = Object.keys(provider.models);
    if (names.length === 0) {
      const free = provider.local ? 0 : null;
      const tabled = provider.vendor !== null || provider.name === "openrouter";
      const priceSource = provider.local ? "local" : tabled ? `${PRICE_TABLE.source} ${PRICE_TABLE.version}` : null;
      models.push({ ...base, model: `${provider.name}/*`, contextWindow: null, maxOutput: null, inputMtok: free, outputMtok: free, priceSource });
    }
    for (const name of names) {
      const price = await listPrice(provider, name);
      models.push({
        ...base,
        model: `${provider.name}/${name}`,
        contextWindow: price.contextWindow,
        maxOutput: provider.models[name]?.max_output ?? null,
        inputMtok: price.inputMtok,
        outputMtok: price.outputMtok,
        priceSource: price.source,
      });
    }
  }
  return { models, aliases: { ...table.aliases } };
}
