import type { AgentState } from "../../domain/agent.js";
import type { SignalInput, TypeSignals } from "../../ports/agent-type.js";
import type { HostFiles } from "../../ports/host.js";
import { ageMs, recentHookEvents } from "../shared/hooks.js";
import { lastLines } from "../shared/text.js";
import { rolloutFiles, sessionOf } from "./rollout.js";
import { screenSignal as readScreen } from "../shared/screen.js";
import { parseJsonObject } from "../shared/json-lines.js";

/** The agent's record says "busy" but the screen has shown no activity this long: the turn is over. */
const SILENT_END_MS = 3_000;
const TAIL_BYTES = 16 * 1024;

/** Codex spins a braille dot in the terminal title while a turn runs. */
const TITLE_SPINNER = /^[\u2801-\u28ff]/;
const SELECTOR = /^\s*›\s+\d+\.\s/m;
const COMPOSER = /^›\s/m;

/** A numbered selection (approval dialogs), or the title Codex sets while it waits on one. */
export function screenShowsDialog(screen: string, title = ""): boolean {
  return SELECTOR.test(screen) || /Action Required/i.test(title);
}

export function screenShowsBusy(screen: string, title: string): boolean {
  return TITLE_SPINNER.test(title) || lastLines(screen, 8).some((line) => /esc to interrupt/i.test(line));
}

export function screenShowsComposer(screen: string): boolean {
  return COMPOSER.test(screen) && !screenShowsDialog(screen);
}

interface TurnMark {
  state: AgentState;
  ts: string;
  source: string;
  session: string;
}

/** The latest turn marker Codex wrote in its rollouts: task_started, task_complete or turn_aborted. */
export function latestTurn(files: HostFiles, agentDir: string): TurnMark | null {
  let latest: TurnMark | null = null;
  for (const path of rolloutFiles(files, agentDir)) {
    const size = files.size(path) ?? 0;
    const lines = files.readFrom(path, Math.max(0, size - TAIL_BYTES)).split("\n");
    for (const line of lines) {
      const row = parseJsonObject(line);
      const type = (row?.payload as { type?: unknown } | undefined)?.type;
      if (row?.type !== "event_msg" || typeof row.timestamp !== "string") continue;
      const state: AgentState | null = type === "task_started" ? "working" : type === "task_complete" || type === "turn_aborted" ? "waiting" : null;
      if (state && (latest === null || row.timestamp >= latest.ts))
        latest = { state, ts: row.timestamp, source: `rollout ${String(type)}`, session: sessionOf(path) };
    }
  }
  return latest;
}

/** The agent's own records first (rollout turn markers, the notify hook); the screen catches the rest. */
export function codexSignals(input: SignalInput): TypeSignals {
  const screen = input.screen ?? "";
  const title = input.title ?? "";
  const now = input.now ?? Date.now();
  const dialog = screenShowsDialog(screen, title);
  const busy = screenShowsBusy(screen, title);
  const ready = dialog || screenShowsComposer(screen);
  const screenSignal = readScreen(
    { dialog, busy, ready },
    { dialog: "approval or selection dialog", busy: "spinner in the terminal title", ready: "composer shown, no turn running" },
  );
  if (!ready || !input.files) return { hook: null, screen: screenSignal, ready };
  const turn = withNotify(latestTurn(input.files, input.agentDir), input.files, input.agentDir);
  if (turn === null) return { hook: null, screen: screenSignal, ready };
  const age = ageMs(turn.ts, now);
  if (turn.state === "working" && !busy && age > SILENT_END_MS) return { hook: null, screen: screenSignal, ready };
  if (turn.state === "waiting" && busy && age > SILENT_END_MS) return { hook: null, screen: screenSignal, ready };
  return { hook: { state: turn.state, since: turn.ts, source: turn.source }, screen: screenSignal, ready };
}

/** A notify (agent-turn-complete) for the same session after the turn started ends it. */
function withNotify(turn: TurnMark | null, files: HostFiles, agentDir: string): TurnMark | null {
  if (turn === null || turn.state !== "working") return turn;
  const done = recentHookEvents(files, agentDir)
    .filter((e) => e.event === "notify" && e.session === turn.session && e.ts >= turn.ts)
    .at(-1);
  return done ? { ...turn, state: "waiting", ts: done.ts, source: "notify hook (agent-turn-complete)" } : turn;
}
