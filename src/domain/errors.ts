/** One error hierarchy: every failure a user can see carries an exit code and a hint. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  notFound: 3,
  conflict: 4,
  hostUnreachable: 5,
  blocked: 7,
  timeout: 124,
} as const;

export class AppError extends Error {
  readonly exitCode: number;
  readonly hint?: string;
  readonly data?: Record<string, unknown>;

  constructor(message: string, opts: { exitCode?: number; hint?: string; data?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.exitCode = opts.exitCode ?? ExitCode.failed;
    this.hint = opts.hint;
    this.data = opts.data;
  }
}

type ErrorOpts = { hint?: string; data?: Record<string, unknown>; cause?: unknown };

export class UsageError extends AppError {
  constructor(message: string, opts: ErrorOpts = {}) {
    super(message, { ...opts, exitCode: ExitCode.usage, hint: opts.hint ?? "run `muster <command> --help` for usage" });
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, opts: ErrorOpts = {}) {
    super(message, { ...opts, exitCode: ExitCode.notFound });
  }
}

export class ConflictError extends AppError {
  constructor(message: string, opts: ErrorOpts = {}) {
    super(message, { ...opts, exitCode: ExitCode.conflict });
  }
}

export class HostUnreachableError extends AppError {
  constructor(message: string, opts: ErrorOpts = {}) {
    super(message, { ...opts, exitCode: ExitCode.hostUnreachable });
  }
}

export class TimeoutError extends AppError {
  constructor(message: string, opts: ErrorOpts = {}) {
    super(message, { ...opts, exitCode: ExitCode.timeout });
  }
}

export class BlockedError extends AppError {
  constructor(message: string, opts: ErrorOpts = {}) {
    super(message, { ...opts, exitCode: ExitCode.blocked });
  }
}

export class ConfigError extends AppError {
  constructor(message: string, opts: ErrorOpts = {}) {
    super(message, { ...opts, exitCode: ExitCode.usage, hint: opts.hint ?? "fix the file, or run `muster config path` to find it" });
  }
}

/** A required program (tmux, git, an agent CLI) is missing or too old. */
export class MissingToolError extends AppError {
  constructor(message: string, opts: ErrorOpts = {}) {
    super(message, { ...opts, exitCode: ExitCode.failed, hint: opts.hint ?? "run `muster doctor` to see what is missing and how to install it" });
  }
}

/** An external command exited non-zero where success was required. */
export class CommandFailedError extends AppError {
  readonly argv: readonly string[];
  readonly code: number | null;
  readonly stderr: string;

  constructor(argv: readonly string[], code: number | null, stderr: string, opts: ErrorOpts = {}) {
    const detail = stderr.trim().split("\n").slice(-3).join(" | ");
    super(`${argv[0]} ${argv[1] ?? ""} failed (exit ${code ?? "signal"})${detail ? `: ${detail}` : ""}`.replace("  ", " "), {
      ...opts,
      data: { argv: [...argv], code, ...opts.data },
    });
    this.argv = argv;
    this.code = code;
    this.stderr = stderr;
  }
}
