import { Command, Option } from "commander";
import type { App } from "./output.js";
import { register as archive } from "./commands/archive.js";
import { register as calls } from "./commands/calls.js";
import { register as capture } from "./commands/capture.js";
import { register as config } from "./commands/config.js";
import { register as connect } from "./commands/connect.js";
import { register as create } from "./commands/create.js";
import { register as destroy } from "./commands/destroy.js";
import { register as doctor } from "./commands/doctor.js";
import { register as events } from "./commands/events.js";
import { register as exec } from "./commands/exec.js";
import { register as explain } from "./commands/explain.js";
import { register as gateway } from "./commands/gateway.js";
import { register as list } from "./commands/list.js";
import { register as message } from "./commands/message.js";
import { register as models } from "./commands/models.js";
import { register as rename } from "./commands/rename.js";
import { register as stop } from "./commands/stop.js";
import { register as transcript } from "./commands/transcript.js";
import { register as usage } from "./commands/usage.js";
import { register as wait } from "./commands/wait.js";

export const VERSION = "0.1.0";

/** The whole command tree. Global flags are accepted before or after the command name. */
export function buildProgram(app: App): Command {
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
  for (const register of [
    create,
    list,
    connect,
    message,
    capture,
    exec,
    stop,
    destroy,
    archive,
    rename,
    events,
    transcript,
    wait,
    explain,
    gateway,
    calls,
    usage,
    models,
    doctor,
    config,
  ]) {
    register(program, app);
  }
  return program;
}
