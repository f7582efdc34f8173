import { z } from "zod";
import { AgentId, AgentName } from "./names.js";

export const AGENT_STATES = ["starting", "running", "working", "waiting", "blocked", "done", "stopped", "replaced", "unknown"] as const;
export const AgentState = z.enum(AGENT_STATES);
export type AgentState = z.infer<typeof AgentState>;

/** How the work dir came to be, which decides what destroy must archive and remove. */
export const WorkDirMode = z.enum(["worktree", "copy", "in-place"]);
export type WorkDirMode = z.infer<typeof WorkDirMode>;

export const AgentRecord = z.object({
  id: AgentId,
  name: AgentName,
  type: z.string().min(1),
  command: z.array(z.string()).min(1),
  workDir: z.string().min(1),
  workDirMode: WorkDirMode,
  branch: z.string().nullable(),
  createdBranch: z.boolean().default(false),
  baseCommit: z.string().nullable().default(null),
  sourceRepo: z.string().nullable(),
  sourceDir: z.string(),
  labels: z.record(z.string()).default({}),
  createdAt: z.string(),
  model: z.string().nullable().default(null),
  provider: z.string().default("local"),
  host: z.string().default("local"),
  /** the tmux session, named with the prefix in force at create (null in records that predate it) */
  session: z.string().nullable().default(null),
});
export type AgentRecord = z.infer<typeof AgentRecord>;

/** The public view of an agent: what `list --format json` prints. */
export interface AgentView {
  id: string;
  name: string;
  type: string;
  state: AgentState;
  host: string;
  provider: string;
  workDir: string;
  branch: string | null;
  labels: Record<string, string>;
  createdAt: string;
}

export function toView(record: AgentRecord, state: AgentState): AgentView {
  return {
    id: record.id,
    name: record.name,
    type: record.type,
    state,
    host: record.host,
    provider: record.provider,
    workDir: record.workDir,
    branch: record.branch,
    labels: record.labels,
    createdAt: record.createdAt,
  };
}

export const EVENT_TYPES = ["created", "started", "state", "message", "stopped", "destroyed", "renamed", "archived"] as const;
export const AgentEvent = z.object({
  ts: z.string(),
  agent: z.string(),
  id: z.string(),
  type: z.string(),
  data: z.record(z.unknown()).default({}),
});
export type AgentEvent = z.infer<typeof AgentEvent>;

/** Parses `K=V` pairs from --label / --env. */
export function parseKeyValues(pairs: readonly string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new KeyValueError(`${what} '${pair}' is not KEY=VALUE`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

export class KeyValueError extends Error {}
