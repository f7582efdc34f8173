export interface RunOptions {
  cwd?: string;
  /** merged over the runner's base environment; a value of undefined removes the variable */
  env?: Record<string, string | undefined>;
  input?: string | Buffer;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** return the result instead of throwing on a non-zero exit */
  nothrow?: boolean;
}

export interface RunResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/** Executes external programs as argv arrays, never as command strings. */
export interface Runner {
  run(argv: readonly string[], opts?: RunOptions): Promise<RunResult>;
  /** runs with the caller's terminal attached (tmux attach, $EDITOR, exec); resolves to the exit code */
  runInteractive(argv: readonly string[], opts?: Pick<RunOptions, "cwd" | "env">): Promise<number>;
  /** starts a program that outlives this process */
  spawnDetached(argv: readonly string[], opts: { cwd?: string; env?: Record<string, string | undefined>; logFile: string }): number;
  /** whether an executable is on PATH */
  which(program: string): string | null;
}
