import { readdirSync, readFileSync } from "node:fs";
import type { Processes } from "../ports/processes.js";

interface Stat {
  pid: number;
  ppid: number;
  pgrp: number;
  tpgid: number;
}

/** Process facts from Linux /proc; cheap enough to read on every poll. */
export class ProcFs implements Processes {
  holdsForeground(pid: number): boolean {
    const stat = readStat(pid);
    return stat !== null && stat.tpgid === stat.pgrp;
  }

  tree(pid: number): number[] {
    const childrenOf = new Map<number, number[]>();
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = readStat(Number(entry));
      if (stat === null) continue;
      const siblings = childrenOf.get(stat.ppid) ?? [];
      siblings.push(stat.pid);
      childrenOf.set(stat.ppid, siblings);
    }
    const ordered: number[] = [];
    const queue = [pid];
    while (queue.length > 0) {
      const next = queue.shift() as number;
      ordered.push(next);
      queue.push(...(childrenOf.get(next) ?? []));
    }
    return ordered;
  }

  isAlive(pid: number): boolean {
    const stat = readRawStat(pid);
    // The state letter is the first field after the command name; Z is a zombie waiting to be reaped.
    return stat !== null && stat[stat.lastIndexOf(")") + 2] !== "Z";
  }

  kill(pids: readonly number[], signal: NodeJS.Signals): void {
    for (const pid of pids) {
      try {
        process.kill(pid, signal);
      } catch {
        // already exited
      }
    }
  }
}

function readRawStat(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
}

function readStat(pid: number): Stat | null {
  const raw = readRawStat(pid);
  if (raw === null) return null;
  // The command name may contain spaces and parentheses; the fields after the last ')' are fixed.
  const fields = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
  return { pid, ppid: Number(fields[1]), pgrp: Number(fields[2]), tpgid: Number(fields[5]) };
}
