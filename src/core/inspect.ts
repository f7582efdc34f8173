import { AppError } from "../domain/errors.js";
import type { Located } from "./agents.js";
import { AGENT_WINDOW, agentSession, type Context } from "./context.js";
import { startAgent } from "./lifecycle.js";
import { observe } from "./observe.js";

export async function captureScreen(ctx: Context, agent: Located, lines?: number): Promise<string> {
  return agent.host.tmux.capturePane(agentSession(ctx, agent.record), AGENT_WINDOW, { lines });
}

/** Runs a command in the agent's work dir with its environment; resolves to the exit code. */
export async function execInAgent(agent: Located, argv: readonly string[]): Promise<number> {
  const { host, record } = agent;
  if (!host.files.isDirectory(record.workDir)) throw new AppError(`the work dir of '${record.name}' is gone: ${record.workDir}`);
  return host.runner.runInteractive(argv, { cwd: record.workDir, env: host.store.readEnv(record.id) });
}

/** Attaches the terminal to the agent's session, starting the agent first if it is stopped. */
export async function connectAgent(ctx: Context, agent: Located): Promise<number> {
  const [observed] = await observe(ctx, [agent]);
  if (!observed?.pane) {
    ctx.progress(`starting ${agent.record.name}`);
    await startAgent(ctx, agent);
  }
  return agent.host.tmux.attach(agentSession(ctx, agent.record));
}

export interface Explanation {
  name: string;
  state: string;
  signal: string;
  evidence: string;
  since: string;
  session: string;
  pane: null | { pid: number; command: string; dead: boolean; deadStatus: number | null; title: string };
  workDir: string;
  branch: string | null;
  type: string;
  command: string[];
}

export async function explainAgent(ctx: Context, agent: Located): Promise<Explanation> {
  const [o] = await observe(ctx, [agent]);
  if (!o) throw new AppError("could not observe the agent");
  return {
    name: o.record.name,
    state: o.decision.state,
    signal: o.decision.signal,
    evidence: o.decision.evidence,
    since: o.since,
    session: agentSession(ctx, o.record),
    pane: o.pane
      ? { pid: o.pane.panePid, command: o.pane.currentCommand, dead: o.pane.paneDead, deadStatus: o.pane.deadStatus, title: o.pane.title }
      : null,
    workDir: o.record.workDir,
    branch: o.record.branch,
    type: o.record.type,
    command: o.record.command,
  };
}
