#!/usr/bin/env node
/**
 * The composition root: the only module that knows every layer. It loads config, wires the
 * providers and agent types into a Context, runs one command and turns errors into exit codes.
 */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CommanderError } from "commander";
import { PROJECT_CONFIG_NAME, readConfigFile, userConfigPath, writeConfigFile } from "./adapters/config-files.js";
import { LocalRunner } from "./adapters/local-runner.js";
import { buildProgram } from "./cli/program.js";
import { createOutput, FormatError, parseFormat, type App, type Output } from "./cli/output.js";
import type { Context } from "./core/context.js";
import { envLayer, resolveConfig, type ConfigLayer } from "./domain/config.js";
import { AppError, ExitCode, UsageError } from "./domain/errors.js";
import { LocalProvider } from "./providers/local.js";

async function main(argv: string[]): Promise<number> {
  const dash = argv.indexOf("--", 2);
  const own = dash === -1 ? argv : argv.slice(0, dash);
  const passthrough = dash === -1 ? [] : argv.slice(dash + 1);
  let exitCode = 0;
  let output: Output | null = null;
  let context: Promise<Context> | null = null;
  const globals = () => program.opts<{ format: string; quiet?: boolean; verbose?: boolean }>();

  const app: App = {
    ctx: (opts) => (opts?.lenientConfig ? loadContext(app.out(), true) : (context ??= loadContext(app.out()))),
    out: () => (output ??= createOutput(parseFormatOrThrow(globals().format), Boolean(globals().quiet), Boolean(globals().verbose))),
    configFiles: {
      read: readConfigFile,
      write: writeConfigFile,
      parseValue: async (text) => {
        const { parse } = await import("smol-toml");
        try {
          return parse(`v = ${text}`).v;
        } catch {
          return text;
        }
      },
    },
    passthrough,
    setExit: (code) => (exitCode = code),
    edit: (editor, path) => new LocalRunner().runInteractive(["sh", "-c", `${editor} "$1"`, "sh", path]),
    validateConfig: async () => void (await loadContext(app.out())),
  };
  const program = await buildProgram(app, commandWord(own));
  program.exitOverride();
  program.configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  for (const sub of program.commands) configureTree(sub);

  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    // the reader went away (`muster events | head`): stop quietly, as Unix tools do
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  try {
    if (own.length <= 2) {
      program.outputHelp();
      return ExitCode.ok;
    }
    await program.parseAsync(own);
    return exitCode;
  } catch (error) {
    return report(error, output ?? safeOutput(globals));
  }
}

/** The command this run names: the first word that is not a global option or its value (null: only --version). */
function commandWord(argv: readonly string[]): string | null | undefined {
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--format") i++;
    else if (!arg.startsWith("-")) return arg;
  }
  return argv.includes("--version") || argv.includes("-V") ? null : undefined;
}

function configureTree(cmd: import("commander").Command): void {
  cmd.exitOverride();
  cmd.configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  for (const sub of cmd.commands) configureTree(sub);
}

async function loadContext(out: Output, lenientConfig = false): Promise<Context> {
  const env = process.env;
  const cwd = process.cwd();
  const userPath = userConfigPath(env);
  const repoRoot = findRepoRoot(cwd);
  const projectPath = repoRoot ? join(repoRoot, PROJECT_CONFIG_NAME) : null;
  let configProblem: string | undefined;
  let fileLayers: ConfigLayer[] = [];
  let config;
  try {
    fileLayers = (await Promise.all([readConfigFile(userPath), projectPath ? readConfigFile(projectPath) : null])).filter(
      (l): l is ConfigLayer => l !== null,
    );
    config = resolveConfig([...fileLayers, envLayer(env)]);
  } catch (error) {
    if (!lenientConfig || !(error instanceof AppError)) throw error;
    configProblem = error.message;
    config = resolveConfig([]);
  }
  const hostDir = expandHome(config.host_dir ?? join(env.HOME || homedir(), ".muster"), env);
  // the agent types load only for commands that use a context, not for --version or help
  const { agentTypes } = await import("./agents/registry.js");
  return {
    config,
    configFiles: { user: userPath, project: projectPath, loaded: fileLayers.map((l) => l.source) },
    configProblem,
    providers: new Map([["local", new LocalProvider(hostDir, env)]]),
    types: agentTypes(config),
    env,
    cwd,
    isInteractive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    progress: out.progress,
    warn: out.warn,
    // every chunk of the bundle sits in dist/, next to the daemon's entry; a small young generation
    // keeps the long-running daemon's memory near its live data (bench/gateway.mjs runs it the same way)
    gatewayCommand: [process.execPath, "--max-semi-space-size=1", "--optimize-for-size", fileURLToPath(new URL("./gateway.js", import.meta.url))],
    watchCommand: [
      process.execPath,
      "--max-semi-space-size=1",
      fileURLToPath(new URL("./muster.js", import.meta.url)),
      "watch",
      "--until-idle",
      "-q",
    ],
  };
}

/** Finds the repo root by looking for `.git` upwards, without spawning git (start-up is hot). */
function findRepoRoot(dir: string): string | null {
  for (let current = resolve(dir); ; current = dirname(current)) {
    if (existsSync(join(current, ".git"))) return current;
    if (dirname(current) === current) return null;
  }
}

function expandHome(path: string, env: NodeJS.ProcessEnv): string {
  return path === "~" || path.startsWith("~/") ? join(env.HOME || homedir(), path.slice(1)) : resolve(path);
}

function parseFormatOrThrow(text: string) {
  try {
    return parseFormat(text);
  } catch (error) {
    if (error instanceof FormatError)
      throw new UsageError(`unknown format '${text}'`, { hint: "use human, json, jsonl, or a template like '{name} {state}'" });
    throw error;
  }
}

function safeOutput(globals: () => { format: string; quiet?: boolean; verbose?: boolean }): Output {
  const g = globals();
  let format: ReturnType<typeof parseFormat> = "human";
  try {
    format = parseFormat(g.format);
  } catch {
    // an unknown --format is itself the error being reported
  }
  return createOutput(format, Boolean(g.quiet), Boolean(g.verbose));
}

function report(error: unknown, out: Output): number {
  if (error instanceof CommanderError) {
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") return ExitCode.ok;
    const message = error.message.replace(/^error:\s*/, "");
    return printError(out, new UsageError(message, { hint: "run `muster --help` or `muster <command> --help` for usage" }));
  }
  if (error instanceof AppError) return printError(out, error);
  const wrapped = new AppError(`unexpected error: ${(error as Error)?.message ?? String(error)}`, {
    hint: "run again with -v for the stack trace, and report it if it persists",
  });
  if (out.verbose) process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  return printError(out, wrapped);
}

function printError(out: Output, error: AppError): number {
  if (out.format === "json" || out.format === "jsonl") {
    process.stdout.write(
      JSON.stringify({
        error: { name: error.name, message: error.message, hint: error.hint ?? null, exitCode: error.exitCode, data: error.data ?? null },
      }) + "\n",
    );
    return error.exitCode;
  }
  const red = process.stderr.isTTY && !process.env.NO_COLOR ? (t: string) => `\x1b[31m${t}\x1b[0m` : (t: string) => t;
  process.stderr.write(`${red("error:")} ${error.message}\n`);
  if (error.hint) process.stderr.write(`hint: ${error.hint}\n`);
  if (out.verbose && error.stack) process.stderr.write(`${error.stack}\n`);
  return error.exitCode;
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
