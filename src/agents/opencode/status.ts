import type { AgentState } from "../../domain/agent.js";
import type { SignalInput, TypeSignals } from "../../ports/agent-type.js";
import { ageMs, describeEvent, recentHookEvents, type HookEvent } from "../shared/hooks.js";
import { lastLines } from "../shared/text.js";
import { screenSignal as readScreen } from "../shared/screen.js";

/** The plugin says "busy" but the screen has shown no activity this long: the turn is over. */
const SILENT_END_MS = 3_000;
/** A permission the plugin reported, with no dialog on screen this long, was answered. */
const ANSWERED_DIALOG_MS = 1_500;

const DIALOG = /Permission required/;
const DIALOG_CHOICES = /Allow once.*Reject/;
/** opencode's footer: "esc interrupt" while a turn runs, "ctrl+p commands" whenever the prompt is up */
const BUSY = /esc (again )?(to )?interrupt/i;
const FOOTER = /ctrl\+p commands/;

export function screenShowsDialog(screen: string): boolean {
  return DIALOG.test(screen) && DIALOG_CHOICES.test(screen);
}

export function screenShowsBusy(screen: string): boolean {
  return lastLines(screen, 3).some((line) => BUSY.test(line));
}

/** The prompt box and its footer are up (opencode takes input, and queues it during a turn). */
export function screenShowsPrompt(screen: string): boolean {
  return lastLines(screen, 3).some((line) => FOOTER.test(line)) && !screenShowsDialog(screen);
}

/** The text in the prompt box: the run of `┃` lines just above its bottom edge. */
export function promptBoxText(screen: string): string {
  const lines = screen.split("\n");
  const bottom = lines.map((l) => /^\s*╹▀/.test(l)).lastIndexOf(true);
  if (bottom === -1) return "";
  let top = bottom;
  while (top > 0 && /^\s*┃/.test(lines[top - 1] ?? "")) top -= 1;
  return lines
    .slice(top, bottom)
    .map((l) => l.replace(/^\s*┃\s?/, ""))
    .join("\n");
}

function stateOf(e: HookEvent): AgentState | null {
  if (e.event === "permission.asked") return "blocked";
  if (e.source === "child") return null; // a sub-agent's turn is part of the agent's own
  if (e.event === "permission.replied") return e.detail === "reject" ? null : "working";
  // opencode makes a session when its first prompt is submitted; busy follows a moment later
  if (e.event === "session.created") return "working";
  if (e.event !== "session.status") return null;
  return e.detail === "idle" ? "waiting" : e.detail === "busy" || e.detail === "retry" ? "working" : null;
}

/** The last event the plugin wrote since opencode started that says a state. */
export function pluginState(events: readonly HookEvent[]): { state: AgentState; event: HookEvent } | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i] as HookEvent;
    if (event.event === "plugin.loaded") return null;
    const state = stateOf(event);
    if (state) return { state, event };
  }
  return null;
}

/** The plugin's events first; the screen catches what they miss (an answered dialog, a lost event). */
export function opencodeSignals(input: SignalInput): TypeSignals {
  const screen = input.screen ?? "";
  const now = input.now ?? Date.now();
  const dialog = screenShowsDialog(screen);
  const busy = screenShowsBusy(screen);
  const ready = dialog || screenShowsPrompt(screen);
  const screenSignal = readScreen(
    { dialog, busy, ready },
    { dialog: "permission dialog", busy: "'esc interrupt' in the footer", ready: "prompt box, no turn running" },
  );
  const found = input.files ? pluginState(recentHookEvents(input.files, input.agentDir)) : null;
  if (found === null) return { hook: null, screen: screenSignal, ready };
  const age = ageMs(found.event.ts, now);
  const hook = {
    state: found.state,
    since: found.event.ts,
    source: describeEvent("plugin", found.event),
  };
  // the TUI redraws (say, from its home screen into the session) without its prompt: the plugin decides
  if (!ready) return { hook: found.state === "working" ? hook : null, screen: screenSignal, ready };
  if (found.state === "blocked" && !dialog && age > ANSWERED_DIALOG_MS) return { hook: null, screen: screenSignal, ready };
  if (found.state === "working" && !busy && age > SILENT_END_MS) {
    return { hook: null, screen: { state: "waiting", rule: "turn ended without an idle event (no 'esc interrupt', prompt box shown)" }, ready };
  }
  if (found.state === "waiting" && busy && age > SILENT_END_MS) return { hook: null, screen: screenSignal, ready };
  return { hook, screen: screenSignal, ready };
}
