import { appendFileSync, closeSync, existsSync, openSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { parseCalls, type CallRecord } from "../domain/calls.js";

/**
 * Appends calls to agents/<id>/calls.jsonl, one line per call, each line written by a single
 * write(2) on an O_APPEND descriptor: a crash leaves whole lines only. Keeps each agent's spend for
 * budgets, summed from the file the first time the agent is seen.
 */
export class Recorder {
  private readonly fds = new Map<string, number>();
  private readonly spent = new Map<string, number>();

  constructor(private readonly hostDir: string) {}

  agentDir(agentId: string): string {
    return join(this.hostDir, "agents", agentId);
  }

  /** false when the agent's dir is gone (destroyed): nothing is written then */
  agentExists(agentId: string): boolean {
    return this.fds.has(agentId) || existsSync(join(this.agentDir(agentId), "agent.json"));
  }

  spentUsd(agentId: string): number {
    const known = this.spent.get(agentId);
    if (known !== undefined) return known;
    let text = "";
    try {
      text = readFileSync(join(this.agentDir(agentId), "calls.jsonl"), "utf8");
    } catch {
      // no calls yet
    }
    const total = parseCalls(text).reduce((sum, call) => sum + (call.costUsd ?? 0), 0);
    this.spent.set(agentId, total);
    return total;
  }

  write(record: CallRecord): void {
    if (!this.agentExists(record.agentId)) return;
    const before = this.spentUsd(record.agentId);
    this.spent.set(record.agentId, before + (record.costUsd ?? 0));
    writeSync(this.fd(record.agentId), JSON.stringify(record) + "\n");
  }

  appendEvent(agentId: string, agentName: string, type: string, data: Record<string, unknown>): void {
    if (!this.agentExists(agentId)) return;
    appendFileSync(
      join(this.agentDir(agentId), "events.jsonl"),
      JSON.stringify({ ts: new Date().toISOString(), agent: agentName, id: agentId, type, data }) + "\n",
    );
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }

  private fd(agentId: string): number {
    let fd = this.fds.get(agentId);
    if (fd === undefined) {
      fd = openSync(join(this.agentDir(agentId), "calls.jsonl"), "a", 0o600);
      this.fds.set(agentId, fd);
    }
    return fd;
  }
}
