import { randomBytes } from "node:crypto";
import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { AgentEvent, AgentRecord } from "../domain/agent.js";
import type { DestroyedAgent, HostStore, LastState } from "../ports/store.js";
import { compareText } from "../domain/sort.js";
import { lockFile, lockHolder, tryLockFile } from "./lock-file.js";

/** The host dir on the local file system. Writes are atomic (temp file + rename). */
export class FsStore implements HostStore {
  constructor(readonly hostDir: string) {}

  host(): { id: string; name: string } {
    const path = join(this.hostDir, "host.json");
    const existing = readJson(path) as { id?: string; name?: string } | null;
    if (existing?.id && existing.name) return { id: existing.id, name: existing.name };
    const host = { id: `host-${randomBytes(16).toString("hex")}`, name: hostname() };
    mkdirSync(this.hostDir, { recursive: true });
    writeAtomic(path, JSON.stringify(host, null, 2) + "\n");
    return host;
  }

  agentDir(id: string): string {
    return join(this.hostDir, "agents", id);
  }

  worktreePath(name: string): string {
    return join(this.hostDir, "worktrees", name);
  }

  listRecords() {
    const records: AgentRecord[] = [];
    const broken: Array<{ dir: string; reason: string }> = [];
    for (const id of listDir(join(this.hostDir, "agents"))) {
      const dir = this.agentDir(id);
      const raw = readJson(join(dir, "agent.json"));
      if (raw === null) continue; // a create in progress has not written its record yet
      const parsed = AgentRecord.safeParse(raw);
      if (parsed.success) records.push(parsed.data);
      else broken.push({ dir, reason: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
    }
    return { records, broken };
  }

  recordByName(name: string): AgentRecord | null {
    const id = this.nameOwner(name);
    if (id === null) return null;
    const parsed = AgentRecord.safeParse(readJson(join(this.agentDir(id), "agent.json")));
    return parsed.success && parsed.data.name === name ? parsed.data : null;
  }

  writeRecord(record: AgentRecord): void {
    const dir = this.agentDir(record.id);
    mkdirSync(join(dir, "status"), { recursive: true });
    writeAtomic(join(dir, "agent.json"), JSON.stringify(record, null, 2) + "\n");
  }

  removeRecordDir(id: string): void {
    rmSync(this.agentDir(id), { recursive: true, force: true });
  }

  retireRecord(id: string): string {
    const from = this.agentDir(id);
    const to = join(this.hostDir, "destroyed", id);
    mkdirSync(join(this.hostDir, "destroyed"), { recursive: true });
    writeFileSync(join(from, "destroyed.json"), JSON.stringify({ destroyedAt: new Date().toISOString() }) + "\n");
    renameSync(from, to);
    return to;
  }

  listDestroyed(): DestroyedAgent[] {
    const out: DestroyedAgent[] = [];
    for (const id of listDir(join(this.hostDir, "destroyed"))) {
      const dir = join(this.hostDir, "destroyed", id);
      const record = AgentRecord.safeParse(readJson(join(dir, "agent.json")));
      const meta = readJson(join(dir, "destroyed.json")) as { destroyedAt?: string } | null;
      if (record.success) out.push({ record: record.data, dir, destroyedAt: meta?.destroyedAt ?? "" });
    }
    return out.sort((a, b) => compareText(a.destroyedAt, b.destroyedAt));
  }

  claimName(name: string, id: string): boolean {
    const dir = join(this.hostDir, "names");
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(join(dir, name), id, { flag: "wx" });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw error;
    }
  }

  releaseName(name: string, id: string): void {
    if (this.nameOwner(name) === id) rmSync(join(this.hostDir, "names", name), { force: true });
  }

  nameOwner(name: string): string | null {
    try {
      return readFileSync(join(this.hostDir, "names", name), "utf8").trim();
    } catch {
      return null;
    }
  }

  writeEnv(id: string, env: Record<string, string>): void {
    const lines = Object.entries(env).map(([key, value]) => `export ${key}=${shellQuote(value)}`);
    writeAtomic(join(this.agentDir(id), "env"), lines.join("\n") + "\n", 0o600);
    writeAtomic(join(this.agentDir(id), "env.json"), JSON.stringify(env) + "\n", 0o600);
  }

  readEnv(id: string): Record<string, string> {
    return (readJson(join(this.agentDir(id), "env.json")) as Record<string, string> | null) ?? {};
  }

  eventsPath(id: string): string {
    return join(this.agentDir(id), "events.jsonl");
  }

  appendEvent(event: AgentEvent): void {
    // One write of one line with O_APPEND, so concurrent writers never interleave within a line.
    appendFileSync(this.eventsPath(event.id), JSON.stringify(event) + "\n");
  }

  readEvents(id: string, fromDir?: string): AgentEvent[] {
    const path = join(fromDir ?? this.agentDir(id), "events.jsonl");
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      return [];
    }
    return text
      .split("\n")
      .filter(Boolean)
      .flatMap((line) => {
        try {
          const parsed = AgentEvent.safeParse(JSON.parse(line));
          return parsed.success ? [parsed.data] : [];
        } catch {
          return []; // a line cut short by a crash is skipped, the rest stays readable
        }
      });
  }

  readLastState(id: string): LastState | null {
    return readJson(join(this.agentDir(id), "state.json")) as LastState | null;
  }

  writeLastState(id: string, state: LastState): void {
    writeAtomic(join(this.agentDir(id), "state.json"), JSON.stringify(state) + "\n");
  }

  tryLock(id: string, which: string): (() => void) | null {
    return tryLockFile(this.lockPath(id, which));
  }

  lockHolder(id: string, which: string): number | null {
    return lockHolder(this.lockPath(id, which));
  }

  lock(id: string, which: string, timeoutMs: number): Promise<() => void> {
    return lockFile(this.lockPath(id, which), timeoutMs, `the ${which} lock of this agent`, 15);
  }

  /** Outside the agent dir, which destroy moves away while a waiting process still polls the lock. */
  private lockPath(id: string, which: string): string {
    mkdirSync(join(this.hostDir, "locks"), { recursive: true });
    return join(this.hostDir, "locks", `${id}.${which}.lock`);
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    return { __unparseable: path };
  }
}

export function writeAtomic(path: string, text: string, mode = 0o644): void {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, text, { mode });
  renameSync(tmp, path);
}

export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
