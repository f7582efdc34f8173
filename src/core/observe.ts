import { join } from "node:path";
import { AgentEvent } from "../domain/agent.js";
import type { AgentRecord } from "../domain/agent.js";
import { decideState, type StatusDecision } from "../domain/status.js";
import type { AgentType } from "../ports/agent-type.js";
import type { Host } from "../ports/host.js";
import type { PaneInfo } from "../ports/tmux.js";
import type { Located } from "./agents.js";
import { AGENT_WINDOW, agentSession, type Context } from "./context.js";

export interface Observed extends Located {
  decision: StatusDecision;
  pane: PaneInfo | null;
  since: string;
  /** the screen text, when the agent's type reads it */
  screen: string | null;
}

/** Decides the state of every given agent with one `list-panes` per host, recording transitions. */
export async function observe(ctx: Context, agents: readonly Located[]): Promise<Observed[]> {
  const byHost = new Map<Host, Located[]>();
  for (const agent of agents) byHost.set(agent.host, [...(byHost.get(agent.host) ?? []), agent]);
  const results = await Promise.all([...byHost].map(([host, list]) => observeHost(ctx, host, list)));
  const observed = results.flat();
  return agents.map((a) => observed.find((o) => o.record.id === a.record.id) as Observed);
}

async function observeHost(ctx: Context, host: Host, agents: readonly Located[]): Promise<Observed[]> {
  const panes = await host.tmux.listPanes();
  const paneBySession = new Map<string, PaneInfo>();
  for (const pane of panes) {
    if (pane.window === AGENT_WINDOW || !paneBySession.has(pane.session)) paneBySession.set(pane.session, pane);
  }
  return Promise.all(
    agents.map(async ({ record }) => {
      const pane = paneBySession.get(agentSession(ctx, record)) ?? null;
      const { decision, screen } = await decide(ctx, host, record, pane);
      const since = recordTransition(host, record, decision);
      return { host, record, decision, pane, since, screen };
    }),
  );
}

async function decide(
  ctx: Context,
  host: Host,
  record: AgentRecord,
  pane: PaneInfo | null,
): Promise<{ decision: StatusDecision; screen: string | null }> {
  const type = typeOf(ctx, record);
  const alive = pane !== null && !pane.paneDead;
  const screen = alive && type.wantsScreen ? await host.tmux.capturePane(pane.session, pane.window).catch(() => null) : null;
  const signals = alive
    ? type.signals({ agentDir: host.store.agentDir(record.id), agentId: record.id, files: host.files, screen, title: pane.title, now: Date.now() })
    : { hook: null, screen: null, ready: true };
  const decision = decideState({
    hostReachable: true,
    session:
      pane === null
        ? null
        : {
            paneDead: pane.paneDead,
            deadStatus: pane.deadStatus,
            panePid: pane.panePid,
            currentCommand: pane.currentCommand,
            agentInForeground: pane.paneDead || host.processes.holdsForeground(pane.panePid),
          },
    ...signals,
  });
  return { decision, screen };
}

export function typeOf(ctx: Context, record: AgentRecord): AgentType {
  try {
    return ctx.types.get(record.type);
  } catch {
    return ctx.types.get("command"); // a type since removed from config: judge by the pane alone
  }
}

/** Appends a state event when the state changed since the last observation; returns since when. */
export function recordTransition(host: Host, record: AgentRecord, decision: StatusDecision): string {
  const last = host.store.readLastState(record.id);
  if (last?.state === decision.state) return last.since;
  // Several muster processes may observe the same change; only the one holding the lock records it.
  const release = host.store.tryLock(record.id, "state");
  if (release === null) return new Date().toISOString();
  try {
    return writeTransition(host, record, decision);
  } finally {
    release();
  }
}

function writeTransition(host: Host, record: AgentRecord, decision: StatusDecision): string {
  const last = host.store.readLastState(record.id);
  if (last?.state === decision.state) return last.since;
  const now = new Date().toISOString();
  // destroy retires the record under the same lock; a record gone by now has nothing left to record into
  if (!host.files.exists(join(host.store.agentDir(record.id), "agent.json"))) return now;
  host.store.writeLastState(record.id, { state: decision.state, since: now, signal: decision.signal, evidence: decision.evidence });
  host.store.appendEvent(
    AgentEvent.parse({
      ts: now,
      agent: record.name,
      id: record.id,
      type: "state",
      data: { from: last?.state ?? null, to: decision.state, signal: decision.signal, evidence: decision.evidence },
    }),
  );
  return now;
}

export function appendEvent(host: Host, record: AgentRecord, type: string, data: Record<string, unknown> = {}): void {
  host.store.appendEvent({ ts: new Date().toISOString(), agent: record.name, id: record.id, type, data });
}
