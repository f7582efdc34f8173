import type { Command } from "commander";
import { createInterface } from "node:readline/promises";
import { findAgent, type Located } from "../../core/agents.js";
import { destroyAgent, isAlive } from "../../core/destroy.js";
import { AppError } from "../../domain/errors.js";
import type { App } from "../output.js";

export function register(program: Command, app: App): void {
  program
    .command("destroy")
    .alias("rm")
    .summary("remove agents, archiving their work first")
    .description(
      "Stop each agent, record its uncommitted, untracked and unmerged work on refs/muster/archive/NAME/TIMESTAMP in the source repo (a copied work dir is moved to $MUSTER_HOST_DIR/archive/), then remove its work tree, branch and session. A running agent needs confirmation on a terminal, or --force.",
    )
    .argument("<names...>", "agents to destroy")
    .option("-f, --force", "destroy running agents without asking")
    .action(async (names: string[], opts) => {
      const ctx = await app.ctx();
      const out = app.out();
      const agents = names.map((n) => findAgent(ctx, n));
      for (const agent of agents) await confirm(app, agent, Boolean(opts.force));
      const results: Awaited<ReturnType<typeof destroyAgent>>[] = [];
      for (const agent of agents) results.push(await destroyAgent(ctx, agent));
      out.result(results, () => results.map((r) => `destroyed ${r.name}${r.archive ? ` (work archived at ${r.archive})` : ""}`).join("\n"));
    });
}

async function confirm(app: App, agent: Located, force: boolean): Promise<void> {
  const ctx = await app.ctx();
  if (force || !(await isAlive(ctx, agent))) return;
  if (!ctx.isInteractive) {
    throw new AppError(`'${agent.record.name}' is running`, { hint: "pass --force to destroy a running agent (its work is archived first)" });
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await rl.question(`'${agent.record.name}' is running; destroy it? (its work is archived first) [y/N] `);
  rl.close();
  if (!/^y(es)?$/i.test(answer.trim())) throw new AppError(`kept '${agent.record.name}'`, { hint: "nothing was changed" });
}
