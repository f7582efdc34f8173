import { z } from "zod";
import { ClientDialectName, DialectName } from "./config.js";
import { compareText } from "./sort.js";

/**
 * Token counts in one schema for every dialect. The four counts never overlap: the prompt is
 * `input + cacheRead + cacheWrite`, and `input` is the part neither read from nor written to a cache
 * (Anthropic reports the three apart; OpenAI counts cached tokens inside prompt_tokens).
 * `output` includes reasoning tokens; `reasoning` says how many of them.
 */
export const CallUsage = z.object({
  input: z.number(),
  output: z.number(),
  cacheRead: z.number(),
  cacheWrite: z.number(),
  reasoning: z.number(),
});
export type CallUsage = z.infer<typeof CallUsage>;

/** One model call as the gateway recorded it: a line of an agent's calls.jsonl. */
export const CallRecord = z
  .object({
    id: z.string(),
    agentId: z.string(),
    agentName: z.string(),
    startedAt: z.string(),
    endedAt: z.string(),
    inbound: z.object({ dialect: ClientDialectName, path: z.string() }),
    provider: z.string().nullable(),
    upstreamDialect: DialectName.nullable(),
    requestedModel: z.string().nullable(),
    servedModel: z.string().nullable(),
    /** the name the gateway sent upstream, after aliases and the agent's own model */
    upstreamModel: z.string().nullable().default(null),
    stream: z.boolean(),
    credential: z.enum(["gateway", "agent", "none"]),
    headers: z.record(z.string()).default({}),
    request: z.unknown(),
    response: z.unknown(),
    usage: CallUsage.nullable(),
    ttftMs: z.number().nullable(),
    durationMs: z.number(),
    status: z.number(),
    error: z.string().nullable(),
    price: z.object({ source: z.string(), version: z.string() }).nullable(),
    costUsd: z.number().nullable(),
  })
  .passthrough();
export type CallRecord = z.infer<typeof CallRecord>;

/** Parses calls.jsonl text; a line that does not parse (cut short by a crash) is skipped. */
export function parseCalls(text: string): CallRecord[] {
  const out: CallRecord[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    try {
      const parsed = CallRecord.safeParse(JSON.parse(line));
      if (parsed.success) out.push(parsed.data);
    } catch {
      // skipped: see above
    }
  }
  return out;
}

export const USAGE_GROUPS = ["agent", "model", "provider", "day"] as const;
export type UsageGroup = (typeof USAGE_GROUPS)[number];

export interface UsageTotals {
  key: string;
  calls: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  /** the sum of the calls whose price is known */
  costUsd: number;
  /** calls without a known price, which costUsd leaves out */
  unpriced: number;
}

/** Sums calls by one key; rows sorted by cost, then name. The last row is the grand total. */
export function summarizeUsage(calls: readonly CallRecord[], by: UsageGroup): { rows: UsageTotals[]; total: UsageTotals } {
  const rows = new Map<string, UsageTotals>();
  const total = emptyTotals("total");
  for (const call of calls) {
    const key = groupKey(call, by);
    const row = rows.get(key) ?? emptyTotals(key);
    rows.set(key, row);
    add(row, call);
    add(total, call);
  }
  const sorted = [...rows.values()].sort((a, b) => (by === "day" ? compareText(a.key, b.key) : b.costUsd - a.costUsd || compareText(a.key, b.key)));
  return { rows: sorted, total };
}

function groupKey(call: CallRecord, by: UsageGroup): string {
  if (by === "agent") return call.agentName;
  if (by === "provider") return call.provider ?? "-";
  if (by === "day") return call.startedAt.slice(0, 10);
  return modelName(call);
}

/** `provider/model` with the model as served (else as sent upstream); the requested name without a provider. */
export function modelName(call: CallRecord): string {
  const model = call.servedModel ?? call.upstreamModel;
  if (call.provider && model) return `${call.provider}/${model}`;
  return call.requestedModel ?? "-";
}

function emptyTotals(key: string): UsageTotals {
  return { key, calls: 0, input: 0, output: 0, cacheRead: 0, cacheWrite: 0, costUsd: 0, unpriced: 0 };
}

function add(row: UsageTotals, call: CallRecord): void {
  row.calls += 1;
  row.input += promptTokens(call.usage);
  row.output += call.usage?.output ?? 0;
  row.cacheRead += call.usage?.cacheRead ?? 0;
  row.cacheWrite += call.usage?.cacheWrite ?? 0;
  if (call.costUsd === null) row.unpriced += 1;
  else row.costUsd += call.costUsd;
}

/** the whole prompt of a call, cached parts included */
export function promptTokens(usage: CallUsage | null): number {
  return usage === null ? 0 : usage.input + usage.cacheRead + usage.cacheWrite;
}
