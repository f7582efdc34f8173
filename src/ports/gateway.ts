/** The running gateway daemon, as its state file describes it. */
export interface GatewayDaemon {
  pid: number;
  port: number;
  startedAt: string;
}

/** One agent's entry in tokens.json. */
export interface GatewayToken {
  agentId: string;
  agentName: string;
  budgetUsd: number | null;
  model: string | null;
}

/** The gateway's state dir on one host: $MUSTER_HOST_DIR/gateway/. */
export interface GatewayFiles {
  readonly dir: string;
  readonly logPath: string;
  /** the daemon, when its state file names a live gateway process; a pid file check, no HTTP */
  daemon(): GatewayDaemon | null;
  /** the settings the daemon starts with (providers, aliases): no secrets, only variable names */
  writeConfig(config: unknown): void;
  /** serialises gateway starts and token edits across muster processes */
  lock(timeoutMs: number): Promise<() => void>;
  readTokens(): Record<string, GatewayToken>;
  /** replaces tokens.json atomically; call under lock() */
  writeTokens(tokens: Record<string, GatewayToken>): void;
  /** the last lines of the daemon's log, for error messages */
  logTail(lines: number): string;
}
