import { Command, Option } from "commander";
import type { App } from "./output.js";
type Register = (program: Command, app: App) => void;

/**
 * Every command, loaded on demand: a run loads only the module of the command it names (all of
 * them only for help, or when the word is not a command), which keeps start-up lean.
 */
const COMMANDS: ReadonlyArray<{ names: readonly string[]; load: () => Promise<{ register: Register }> }> = [
  { names: ["create"], load: () => import("./commands/create.js") },
  { names: ["list", "ls"], load: () => import("./commands/list.js") },
  { names: ["connect", "attach"], load: () => import("./commands/connect.js") },
  { names: ["message", "msg"], load: () => import("./commands/message.js") },
  { names: ["capture"], load: () => import("./commands/capture.js") },
  { names: ["exec"], load: () => import("./commands/exec.js") },
  { names: ["stop", "start"], load: () => import("./commands/stop.js") },
  { names: ["destroy", "rm"], load: () => import("./commands/destroy.js") },
  { names: ["archive"], load: () => import("./commands/archive.js") },
  { names: ["rename", "mv"], load: () => import("./commands/rename.js") },
  { names: ["events"], load: () => import("./commands/events.js") },
  { names: ["transcript"], load: () => import("./commands/transcript.js") },
  { names: ["wait"], load: () => import("./commands/wait.js") },
  { names: ["watch"], load: () => import("./commands/watch.js") },
  { names: ["explain"], load: () => import("./commands/explain.js") },
  { names: ["gateway"], load: () => import("./commands/gateway.js") },
  { names: ["calls"], load: () => import("./commands/calls.js") },
  { names: ["usage"], load: () => import("./commands/usage.js") },
  { names: ["models"], load: () => import("./commands/models.js") },
  { names: ["doctor"], load: () => import("./commands/doctor.js") },
  { names: ["config"], load: () => import("./commands/config.js") },
];

export const VERSION = "0.1.0";

/** The command tree (or the one branch a run needs). Global flags go before or after the command name. */
export async function buildProgram(app: App, commandWord?: string | null): Promise<Command> {
  const program = new Command("muster")
    .description("Run and watch AI coding agents (or any command) in tmux sessions and git worktrees.")
    .version(VERSION, "-V, --version")
    .addOption(new Option("--format <format>", "output: human, json, jsonl, or a template like '{name} {state}'").default("human"))
    .option("-q, --quiet", "no progress messages on stderr")
    .option("-v, --verbose", "more detail, and stack traces on errors")
    .showSuggestionAfterError(true)
    .addHelpText(
      "after",
      "\nExit codes: 0 ok, 1 failed, 2 usage, 3 not found, 4 conflict, 5 host unreachable, 7 delivered but blocked, 124 timeout.\nDocs: docs/commands/<command>.md",
    );
  if (commandWord === null) return program; // nothing but --version: no command needed
  const named = COMMANDS.find((c) => commandWord !== undefined && c.names.includes(commandWord));
  for (const command of named ? [named] : COMMANDS) (await command.load()).register(program, app);
  return program;
}
