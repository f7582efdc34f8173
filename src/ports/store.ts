import type { AgentEvent, AgentRecord, AgentState } from "../domain/agent.js";

export interface LastState {
  state: AgentState;
  since: string;
  signal: string;
  evidence: string;
}

/** An archived agent state dir (what destroy keeps of the record, events and transcripts). */
export interface DestroyedAgent {
  record: AgentRecord;
  dir: string;
  destroyedAt: string;
}

/** The per-host state directory ($MUSTER_HOST_DIR): the only place muster keeps state. */
export interface HostStore {
  readonly hostDir: string;
  host(): { id: string; name: string };
  agentDir(id: string): string;
  worktreePath(name: string): string;

  listRecords(): { records: AgentRecord[]; broken: Array<{ dir: string; reason: string }> };
  /** the agent holding this name, through its name claim (no scan); null when none does */
  recordByName(name: string): AgentRecord | null;
  writeRecord(record: AgentRecord): void;
  removeRecordDir(id: string): void;
  /** moves the agent's state dir to destroyed/ so its events and transcripts stay readable */
  retireRecord(id: string): string;
  listDestroyed(): DestroyedAgent[];

  /** claims a name on this host atomically; false when it is taken */
  claimName(name: string, id: string): boolean;
  releaseName(name: string, id: string): void;
  nameOwner(name: string): string | null;

  writeEnv(id: string, env: Record<string, string>): void;
  readEnv(id: string): Record<string, string>;

  appendEvent(event: AgentEvent): void;
  readEvents(id: string, fromDir?: string): AgentEvent[];
  eventsPath(id: string): string;

  readLastState(id: string): LastState | null;
  writeLastState(id: string, state: LastState): void;

  /** an exclusive per-agent lock (message delivery, state transitions); released by the returned function */
  lock(id: string, which: string, timeoutMs: number): Promise<() => void>;
  /** takes the lock only if it is free right now; null when another process holds it */
  tryLock(id: string, which: string): (() => void) | null;
  /** the pid of the live process holding the lock, or null */
  lockHolder(id: string, which: string): number | null;
}
