import { closeSync, mkdirSync, openSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TimeoutError } from "../domain/errors.js";
import type { GatewayDaemon, GatewayFiles, GatewayToken } from "../ports/gateway.js";
import { writeAtomic } from "./fs-store.js";

/** gateway.json (written by the daemon once it listens), config.json, tokens.json (0600), gateway.log. */
export class LocalGatewayFiles implements GatewayFiles {
  readonly dir: string;
  readonly logPath: string;

  constructor(hostDir: string) {
    this.dir = join(hostDir, "gateway");
    this.logPath = join(this.dir, "gateway.log");
  }

  daemon(): GatewayDaemon | null {
    const state = readJson(join(this.dir, "gateway.json")) as Partial<GatewayDaemon> | null;
    if (!state || typeof state.pid !== "number" || typeof state.port !== "number" || typeof state.startedAt !== "string") return null;
    return isGatewayProcess(state.pid) ? { pid: state.pid, port: state.port, startedAt: state.startedAt } : null;
  }

  writeConfig(config: unknown): void {
    mkdirSync(this.dir, { recursive: true });
    writeAtomic(join(this.dir, "config.json"), JSON.stringify(config, null, 2) + "\n", 0o600);
  }

  async lock(timeoutMs: number): Promise<() => void> {
    mkdirSync(this.dir, { recursive: true });
    const path = join(this.dir, "lock");
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (tryLock(path)) return () => rmSync(path, { force: true });
      if (Date.now() > deadline)
        throw new TimeoutError("another muster process holds the gateway lock", { hint: `if no muster process is running, remove ${path}` });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  readTokens(): Record<string, GatewayToken> {
    return (readJson(join(this.dir, "tokens.json")) as Record<string, GatewayToken> | null) ?? {};
  }

  writeTokens(tokens: Record<string, GatewayToken>): void {
    mkdirSync(this.dir, { recursive: true });
    writeAtomic(join(this.dir, "tokens.json"), JSON.stringify(tokens, null, 2) + "\n", 0o600);
  }

  logTail(lines: number): string {
    try {
      return readFileSync(this.logPath, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } catch {
      return "";
    }
  }
}

/** alive, and really the gateway: a pid left in a stale file may belong to anything by now */
function isGatewayProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("gateway");
  } catch {
    return process.platform !== "linux";
  }
}

function tryLock(path: string): boolean {
  try {
    const fd = openSync(path, "wx");
    writeFileSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const holder = readHolder(path);
  if (holder === null) return false; // released between our open and this read: try again
  if (holder > 0 && alive(holder)) return false;
  try {
    unlinkSync(path);
  } catch {
    // someone else removed it first
  }
  return false;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
}

/** The pid in a lock file; null when the file is gone. */
function readHolder(path: string): number | null {
  try {
    return Number(readFileSync(path, "utf8").trim() || "0");
  } catch {
    return null;
  }
}
