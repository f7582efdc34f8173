import { join } from "node:path";
import { parseAddress } from "../domain/address.js";
import { NotFoundError } from "../domain/errors.js";
import { TranscriptRecord } from "../domain/transcript.js";
import type { HostFiles } from "../ports/host.js";
import { findAgent, hostsFor, type Located } from "./agents.js";
import type { Context } from "./context.js";
import { agentContext } from "./launch.js";
import { typeOf } from "./observe.js";

/**
 * The agent's normalised transcript. New records from the agent's native session files are first
 * appended to its transcript.jsonl, which keeps them after the agent CLI prunes its own files and
 * after the agent is destroyed.
 */
export function readTranscript(ctx: Context, name: string): TranscriptRecord[] {
  const live = tryFind(ctx, name);
  if (live) return syncTranscript(ctx, live);
  const address = parseAddress(name);
  for (const host of hostsFor(ctx, address)) {
    const gone = host.store
      .listDestroyed()
      .filter((d) => d.record.name === address.name)
      .at(-1);
    if (gone) return readStored(host.files, join(gone.dir, "transcript.jsonl"));
  }
  throw new NotFoundError(`no agent named '${address.name}', live or destroyed`, { hint: "run `muster list` to see agents" });
}

export function syncTranscript(ctx: Context, agent: Located): TranscriptRecord[] {
  const { host, record } = agent;
  const path = join(host.store.agentDir(record.id), "transcript.jsonl");
  const stored = readStored(host.files, path);
  const type = typeOf(ctx, record);
  if (!type.transcript) return stored;
  const seen = new Set(stored.map((r) => r.id));
  const fresh = type
    .transcript(agentContext(host, record))
    .filter((r) => !seen.has(r.id))
    .map((r) => ({ ...r, agent: record.name }));
  if (fresh.length > 0) host.files.appendText(path, fresh.map((r) => JSON.stringify(r)).join("\n") + "\n");
  return [...stored, ...fresh];
}

/** Emits every record, then new ones as the agent writes them, until the signal aborts. */
export async function followTranscript(
  ctx: Context,
  name: string,
  emit: (r: TranscriptRecord) => void,
  signal: AbortSignal,
  intervalMs = 300,
): Promise<void> {
  const seen = new Set<string>();
  let lastSources: string | null = null;
  while (!signal.aborted) {
    const sources = sourceSizes(ctx, name);
    if (sources === null || sources !== lastSources) {
      for (const record of readTranscript(ctx, name)) {
        if (seen.has(record.id)) continue;
        seen.add(record.id);
        emit(record);
      }
      lastSources = sources;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The sizes of a live agent's native transcript files; null when they cannot be told. */
function sourceSizes(ctx: Context, name: string): string | null {
  const live = tryFind(ctx, name);
  const type = live ? typeOf(ctx, live.record) : null;
  if (!live || !type?.transcriptFiles) return null;
  return type
    .transcriptFiles(agentContext(live.host, live.record))
    .map((path) => `${path}:${live.host.files.size(path) ?? -1}`)
    .join("\n");
}

function readStored(files: HostFiles, path: string): TranscriptRecord[] {
  return (files.readText(path) ?? "").split("\n").flatMap((line) => {
    if (line.trim() === "") return [];
    try {
      const parsed = TranscriptRecord.safeParse(JSON.parse(line));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
}

function tryFind(ctx: Context, name: string): Located | null {
  try {
    return findAgent(ctx, name);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}
