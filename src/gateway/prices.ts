import type { CallUsage } from "../domain/calls.js";
import type { PriceConfig } from "../domain/config.js";
import type { ProviderSpec } from "./providers.js";

/** The bundled table: @pydantic/genai-prices (MIT), pinned in package.json; bump both together. */
export const PRICE_TABLE = { source: "genai-prices", version: "0.1.8" } as const;

type CalcPrice = typeof import("@pydantic/genai-prices").calcPrice;
let calc: CalcPrice | null = null;
let loading: Promise<CalcPrice> | null = null;

/** Loads the table (about 1 MB of data) off the start-up path; pricing awaits it if needed. */
export function loadPriceTable(): Promise<CalcPrice> {
  loading ??= import("@pydantic/genai-prices").then((m) => (calc = m.calcPrice));
  return loading;
}

export interface Priced {
  costUsd: number | null;
  price: { source: string; version: string } | null;
}

const UNKNOWN: Priced = { costUsd: null, price: null };

/**
 * What a call cost, never guessed: a price from config wins, a local provider is free, otherwise the
 * bundled table for the provider's vendor (null when the table does not know the model).
 */
export async function priceCall(provider: ProviderSpec, model: string, usage: CallUsage | null): Promise<Priced> {
  if (usage === null) return UNKNOWN;
  const override = provider.models[model]?.price;
  if (override)
    return { costUsd: fromRates(override, usage), price: { source: "config", version: `providers.${provider.name}.models.${model}.price` } };
  if (provider.local) return { costUsd: 0, price: { source: "local", version: provider.name } };
  const providerId = provider.vendor ?? (provider.name === "openrouter" ? "openrouter" : null);
  if (providerId === null) return UNKNOWN;
  const calcPrice = calc ?? (await loadPriceTable());
  const result = calcPrice(
    {
      input_tokens: usage.input + usage.cacheRead + usage.cacheWrite,
      output_tokens: usage.output,
      cache_read_tokens: usage.cacheRead,
      cache_write_tokens: usage.cacheWrite,
    },
    model,
    { providerId },
  );
  return result === null ? UNKNOWN : { costUsd: round(result.total_price), price: { ...PRICE_TABLE } };
}

function fromRates(rates: PriceConfig, usage: CallUsage): number {
  const cost =
    usage.input * rates.input_mtok +
    usage.cacheRead * (rates.cache_read_mtok ?? rates.input_mtok) +
    usage.cacheWrite * (rates.cache_write_mtok ?? rates.input_mtok) +
    usage.output * rates.output_mtok;
  return round(cost / 1_000_000);
}

/** to a billionth of a dollar, so sums of floats print as the decimal they are */
function round(usd: number): number {
  return Math.round(usd * 1e9) / 1e9;
}

export interface ListPrice {
  inputMtok: number | null;
  outputMtok: number | null;
  contextWindow: number | null;
  source: string | null;
}

/** Dollars per million tokens of one model, and its context window, for `muster models`. */
export async function listPrice(provider: ProviderSpec, model: string): Promise<ListPrice> {
  const configured = provider.models[model];
  const contextWindow = configured?.context_window ?? null;
  if (configured?.price) return { inputMtok: configured.price.input_mtok, outputMtok: configured.price.output_mtok, contextWindow, source: "config" };
  if (provider.local) return { inputMtok: 0, outputMtok: 0, contextWindow, source: "local" };
  const providerId = provider.vendor ?? (provider.name === "openrouter" ? "openrouter" : null);
  if (providerId === null) return { inputMtok: null, outputMtok: null, contextWindow, source: null };
  const calcPrice = calc ?? (await loadPriceTable());
  const input = calcPrice({ input_tokens: 1_000_000, output_tokens: 0 }, model, { providerId });
  const output = calcPrice({ input_tokens: 0, output_tokens: 1_000_000 }, model, { providerId });
  if (input === null || output === null) return { inputMtok: null, outputMtok: null, contextWindow, source: null };
  return {
    inputMtok: round(input.total_price),
    outputMtok: round(output.total_price),
    contextWindow: contextWindow ?? input.model.context_window ?? null,
    source: `${PRICE_TABLE.source} ${PRICE_TABLE.version}`,
  };
}
