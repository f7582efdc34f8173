import type { AgentState } from "./agent.js";

/**
 * Everything one poll saw of one agent. Signals, strongest first: hook markers the agent wrote,
 * then the pane (liveness, foreground process), then screen rules owned by the agent type.
 */
export interface StatusObservation {
  hostReachable: boolean;
  session: null | {
    paneDead: boolean;
    deadStatus: number | null;
    panePid: number;
    currentCommand: string;
    /** true when the agent's own process group holds the terminal foreground */
    agentInForeground: boolean;
  };
  /** from the agent's hooks (marker files); null when the type has none or none were written */
  hook: null | { state: AgentState; since: string; source: string };
  /** from screen rules of the agent type; null when no rule matched */
  screen: null | { state: AgentState; rule: string };
  /** the type reports readiness; false while a TUI is still starting up */
  ready: boolean;
}

export interface StatusDecision {
  state: AgentState;
  signal: "host" | "session" | "pane" | "hook" | "screen" | "type";
  evidence: string;
}

/** The status decision table of the design (section 6), as one pure function. */
export function decideState(o: StatusObservation): StatusDecision {
  if (!o.hostReachable) return { state: "unknown", signal: "host", evidence: "the host did not answer" };
  const s = o.session;
  if (s === null) return { state: "stopped", signal: "session", evidence: "no tmux session" };
  if (s.paneDead) {
    return { state: "done", signal: "pane", evidence: `the agent process exited${s.deadStatus === null ? "" : ` with status ${s.deadStatus}`}` };
  }
  if (!s.agentInForeground) {
    return { state: "replaced", signal: "pane", evidence: `'${s.currentCommand}' holds the terminal foreground, not the agent (pid ${s.panePid})` };
  }
  if (o.screen?.state === "blocked") return { state: "blocked", signal: "screen", evidence: `screen rule '${o.screen.rule}' matched` };
  if (o.hook) return { state: o.hook.state, signal: "hook", evidence: `${o.hook.source} at ${o.hook.since}` };
  if (o.screen) return { state: o.screen.state, signal: "screen", evidence: `screen rule '${o.screen.rule}' matched` };
  if (!o.ready) return { state: "starting", signal: "type", evidence: "the agent has not signalled readiness yet" };
  return { state: "running", signal: "pane", evidence: `'${s.currentCommand}' (pid ${s.panePid}) is alive and holds the terminal foreground` };
}
