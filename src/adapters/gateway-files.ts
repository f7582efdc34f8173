import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { GatewayDaemon, GatewayFiles, GatewayToken } from "../ports/gateway.js";
import { writeAtomic } from "./fs-store.js";
import { lockFile } from "./lock-file.js";

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

  lock(timeoutMs: number): Promise<() => void> {
    mkdirSync(this.dir, { recursive: true });
    return lockFile(join(this.dir, "lock"), timeoutMs, "the gateway lock", 10);
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

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
}
