import { spawn } from "node:child_process";
import { accessSync, constants, openSync, closeSync } from "node:fs";
import { delimiter, join } from "node:path";
import { CommandFailedError, MissingToolError, TimeoutError } from "../domain/errors.js";
import type { RunOptions, RunResult, Runner } from "../ports/runner.js";

const DEFAULT_TIMEOUT_MS = 60_000;
const KILL_GRACE_MS = 2_000;

export class LocalRunner implements Runner {
  constructor(private readonly baseEnv: NodeJS.ProcessEnv = process.env) {}

  run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    const [program, ...args] = argv;
    if (program === undefined) throw new Error("empty argv");
    return new Promise((resolve, reject) => {
      const child = spawn(program, args, {
        cwd: opts.cwd,
        env: this.env(opts.env),
        stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let timedOut = false;
      const timer = setTimeout(function onTimeout() {
        timedOut = true;
        terminate(child.pid);
      }, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      const onAbort = () => terminate(child.pid);
      opts.signal?.addEventListener("abort", onAbort, { once: true });

      child.stdout?.on("data", (chunk: Buffer) => stdout.push(chunk));
      child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk));
      child.on("error", (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (error.code === "ENOENT") reject(new MissingToolError(`${program} is not installed or not on PATH`, { cause: error }));
        else reject(error);
      });
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        opts.signal?.removeEventListener("abort", onAbort);
        const result = { code, signal, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8") };
        if (timedOut) reject(new TimeoutError(`${argv.slice(0, 2).join(" ")} did not finish within ${opts.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`));
        else if (code !== 0 && !opts.nothrow) reject(new CommandFailedError(argv, code, result.stderr));
        else resolve(result);
      });
      if (opts.input !== undefined) {
        child.stdin?.on("error", () => undefined); // the program may exit before reading all input; its exit code tells
        child.stdin?.end(opts.input);
      }
    });
  }

  runInteractive(argv: readonly string[], opts: Pick<RunOptions, "cwd" | "env"> = {}): Promise<number> {
    const [program, ...args] = argv;
    if (program === undefined) throw new Error("empty argv");
    return new Promise((resolve, reject) => {
      // The terminal's Ctrl-C belongs to the child; keep this process alive to report its exit code.
      const ignore = () => undefined;
      process.on("SIGINT", ignore);
      const child = spawn(program, args, { cwd: opts.cwd, env: this.env(opts.env), stdio: "inherit" });
      child.on("error", (error: NodeJS.ErrnoException) => {
        process.off("SIGINT", ignore);
        reject(error.code === "ENOENT" ? new MissingToolError(`${program} is not installed or not on PATH`) : error);
      });
      child.on("close", (code, signal) => {
        process.off("SIGINT", ignore);
        resolve(code ?? (signal ? 128 + signalNumber(signal) : 1));
      });
    });
  }

  spawnDetached(argv: readonly string[], opts: { cwd?: string; env?: Record<string, string | undefined>; logFile: string }): number {
    const [program, ...args] = argv;
    if (program === undefined) throw new Error("empty argv");
    const log = openSync(opts.logFile, "a");
    try {
      const child = spawn(program, args, { cwd: opts.cwd, env: this.env(opts.env), stdio: ["ignore", log, log], detached: true });
      child.unref();
      if (child.pid === undefined) throw new Error(`could not start ${program}`);
      return child.pid;
    } finally {
      closeSync(log);
    }
  }

  which(program: string): string | null {
    if (program.includes("/")) return isExecutable(program) ? program : null;
    for (const dir of (this.baseEnv.PATH ?? "").split(delimiter)) {
      if (dir === "") continue;
      const candidate = join(dir, program);
      if (isExecutable(candidate)) return candidate;
    }
    return null;
  }

  private env(extra: Record<string, string | undefined> | undefined): NodeJS.ProcessEnv {
    if (extra === undefined) return this.baseEnv;
    const env: NodeJS.ProcessEnv = { ...this.baseEnv };
    for (const [key, value] of Object.entries(extra)) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
    return env;
  }
}

function terminate(pid: number | undefined): void {
  if (pid === undefined) return;
  signalQuietly(pid, "SIGTERM");
  setTimeout(() => signalQuietly(pid, "SIGKILL"), KILL_GRACE_MS).unref();
}

function signalQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function signalNumber(signal: NodeJS.Signals): number {
  return { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 }[signal as string] ?? 1;
}
