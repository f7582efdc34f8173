import type { AgentRecord } from "../domain/agent.js";
import type { Config } from "../domain/config.js";
import type { AgentTypes } from "../ports/agent-type.js";
import type { Host, Provider } from "../ports/host.js";

/** Everything a use case needs, wired once by the composition root. */
export interface Context {
  readonly config: Config;
  readonly configFiles: { user: string; project: string | null; loaded: string[] };
  /** set when the config was invalid and defaults were used instead (only `doctor` asks for that) */
  readonly configProblem?: string;
  readonly providers: ReadonlyMap<string, Provider>;
  readonly types: AgentTypes;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly isInteractive: boolean;
  /** progress for people, on stderr; silent under -q */
  readonly progress: (message: string) => void;
  readonly warn: (message: string) => void;
  /** argv that runs the gateway daemon (node and dist/gateway.js) */
  readonly gatewayCommand: readonly string[];
  /** argv that runs `muster watch --until-idle` in the background */
  readonly watchCommand: readonly string[];
}

export function localHost(ctx: Context): Host {
  const local = ctx.providers.get("local");
  if (!local) throw new Error("the local provider is not wired");
  return local.host();
}

export function sessionName(ctx: Context, agentName: string): string {
  return `${ctx.config.prefix}${agentName}`;
}

/** The agent's own tmux session: the name it was created under, whatever prefix this config sets now. */
export function agentSession(ctx: Context, record: Pick<AgentRecord, "name" | "session">): string {
  return record.session ?? sessionName(ctx, record.name);
}

export const AGENT_WINDOW = "agent";
