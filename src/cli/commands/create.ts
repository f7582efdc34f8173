import type { Command } from "commander";
import { createAgent } from "../../core/create.js";
import { observe } from "../../core/observe.js";
import { connectAgent } from "../../core/inspect.js";
import { toView } from "../../domain/agent.js";
import { UsageError } from "../../domain/errors.js";
import { collect, keyValues, readEnvFile, readMessage } from "../options.js";
import type { App } from "../output.js";

export function register(program: Command, app: App): void {
  program
    .command("create")
    .summary("create an agent in its own work tree and tmux session")
    .description(
      "Create an agent: a work dir (a git worktree on branch muster/NAME, a copy of a non-git dir, or the source dir itself with --in-place) and tmux session muster-NAME running the agent. Words after -- go to the agent (for the command type: the command to run).",
    )
    .argument("[address]", "NAME[@[HOST][.PROVIDER]]; a readable name is generated when omitted")
    .argument("[type]", "agent type (same as --type)")
    .option("-t, --type <type>", "agent type: command, claude, codex, opencode, gemini, pi, or a custom type from config")
    .option("-m, --message <text>", "send this first message once the agent is ready")
    .option("--message-file <path>", "send the contents of this file as the first message")
    .option("--connect", "attach to the agent after creating it (default when stdin and stdout are TTYs)")
    .option("--no-connect", "do not attach")
    .option("--from <path>", "source directory (default: the current directory)")
    .option("--branch <spec>", "[BASE][:NEW]: start from BASE, create branch NEW (default :muster/NAME)")
    .option("--in-place", "run in the source directory itself, no new work tree")
    .option("--include-dirty", "carry uncommitted and untracked files into the new work tree")
    .option("--env <K=V>", "set an environment variable for the agent (repeatable)", collect)
    .option("--env-file <path>", "read KEY=VALUE lines into the agent's environment")
    .option("--pass-env <K>", "pass this variable from your environment (repeatable)", collect)
    .option("--label <K=V>", "attach a label (repeatable)", collect)
    .option("--model <model>", "model for the agent (provider/model or an alias), recorded and exposed as MUSTER_MODEL")
    .option("--no-gateway", "do not route the agent's model calls through muster's gateway")
    .option("--budget-usd <usd>", "refuse the agent's model calls once their recorded cost reaches this many US dollars")
    .action(async (address: string | undefined, positionalType: string | undefined, opts) => {
      const ctx = await app.ctx();
      const out = app.out();
      if (opts.type && positionalType && opts.type !== positionalType)
        throw new UsageError(`type given twice: '${positionalType}' and --type ${opts.type}`);
      if (opts.budgetUsd !== undefined && opts.gateway === false)
        throw new UsageError("--budget-usd needs the gateway, so it cannot go with --no-gateway");
      const message = await readMessage(opts);
      const env = {
        ...(opts.envFile ? readEnvFile(opts.envFile) : {}),
        ...keyValues(opts.env ?? [], "--env"),
        ...passEnv(opts.passEnv ?? [], ctx.env),
        ...(opts.model ? { MUSTER_MODEL: opts.model } : {}),
      };
      const connect = opts.connect ?? ctx.config.create.connect ?? ctx.isInteractive;
      const created = await createAgent(ctx, {
        address,
        type: opts.type ?? positionalType,
        args: app.passthrough,
        from: opts.from,
        branch: opts.branch,
        inPlace: Boolean(opts.inPlace),
        includeDirty: Boolean(opts.includeDirty),
        env,
        labels: keyValues(opts.label ?? [], "--label"),
        model: opts.model,
        gateway: opts.gateway !== false,
        firstMessage: message,
        budgetUsd: opts.budgetUsd === undefined ? undefined : parseUsd(opts.budgetUsd),
      });
      const [observed] = out.format === "human" ? [] : await observe(ctx, [created]);
      out.result(toView(created.record, observed?.decision.state ?? "running"), () => created.record.name);
      if (created.blocked) {
        out.warn(created.blocked.message);
        app.setExit(created.blocked.exitCode);
      }
      if (connect) app.setExit(await connectAgent(ctx, created));
    });
}

function parseUsd(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`--budget-usd needs a positive amount of US dollars, got '${text}'`);
  return value;
}

function passEnv(names: readonly string[], env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value === undefined) throw new UsageError(`--pass-env ${name}: ${name} is not set in your environment`);
    out[name] = value;
  }
  return out;
}
