import type { AgentState } from "../../domain/agent.js";
import type { SignalInput, TypeSignals } from "../../ports/agent-type.js";
import { ageMs, describeEvent, recentHookEvents, type HookEvent } from "../shared/hooks.js";
import { lastLines } from "../shared/text.js";
import { screenSignal as readScreen } from "../shared/screen.js";

/** A hook says "busy" but the screen has shown no activity this long: the turn ended without a hook. */
const SILENT_END_MS = 3_000;
/** A dialog hook without a dialog on screen this long was answered. */
const ANSWERED_DIALOG_MS = 1_500;

const DIALOG = /Do you want to (proceed|make this edit|create|allow)|Esc to cancel/;
const SELECTOR = /^\s*❯\s+\d+\.\s/m;
const PROMPT_BOX = /^❯(\s|$)/m;

export function screenShowsDialog(screen: string): boolean {
  return DIALOG.test(screen) && SELECTOR.test(screen);
}

/** "esc to interrupt" sits in the footer while a turn runs (model streaming or a tool running). */
export function screenShowsBusy(screen: string): boolean {
  return lastLines(screen, 6).some((line) => /esc to interrupt/i.test(line));
}

export function screenShowsPrompt(screen: string): boolean {
  return PROMPT_BOX.test(screen) && !screenShowsDialog(screen);
}

interface HookState {
  state: AgentState;
  event: HookEvent;
  /** a state the screen may not overrule (background work after Stop) */
  sticky: boolean;
}

/** The state the last hook event says, ignoring sessions of other claude processes (nested runs). */
export function hookState(events: readonly HookEvent[], launchSession: string): HookState | null {
  const foreign = new Set(
    events.filter((e) => e.event === "SessionStart" && e.source === "startup" && e.session !== launchSession).map((e) => e.session),
  );
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i] as HookEvent;
    if (foreign.has(e.session)) continue;
    const state = stateOf(e);
    if (state) return { state, event: e, sticky: e.event === "Stop" && e.detail === "background" };
  }
  return null;
}

function stateOf(e: HookEvent): AgentState | null {
  switch (e.event) {
    case "SessionStart":
      return "waiting";
    case "UserPromptSubmit":
    case "PreToolUse":
    case "PostToolUse":
    case "PostToolUseFailure":
      return "working";
    case "PermissionRequest":
      return "blocked";
    case "Notification":
      return e.detail === "permission_prompt" ? "blocked" : e.detail === "idle_prompt" ? "waiting" : null;
    case "Stop":
      return e.detail === "background" ? "working" : "waiting";
    default:
      return null;
  }
}

/** Hooks first; the screen catches what hooks miss (an interrupted turn, an answered dialog). */
export function claudeSignals(input: SignalInput, launchSession: string): TypeSignals {
  const screen = input.screen ?? "";
  const now = input.now ?? Date.now();
  const dialog = screenShowsDialog(screen);
  const busy = screenShowsBusy(screen);
  const ready = dialog || screenShowsPrompt(screen);
  const screenSignal = readScreen(
    { dialog, busy, ready },
    { dialog: "permission or question dialog", busy: "'esc to interrupt' in the footer", ready: "prompt box, no turn running" },
  );
  if (!ready) return { hook: null, screen: screenSignal, ready: false };
  const found = input.files ? hookState(recentHookEvents(input.files, input.agentDir), launchSession) : null;
  if (found === null) return { hook: null, screen: screenSignal, ready };
  const age = ageMs(found.event.ts, now);
  const hook = {
    state: found.state,
    since: found.event.ts,
    source: describeEvent("hook", found.event),
  };
  if (found.state === "blocked" && !dialog && age > ANSWERED_DIALOG_MS) return { hook: null, screen: screenSignal, ready };
  if (found.state === "working" && !found.sticky && !busy && age > SILENT_END_MS) {
    return { hook: null, screen: { state: "waiting", rule: "turn ended without a Stop hook (no 'esc to interrupt', prompt box shown)" }, ready };
  }
  if (found.state === "waiting" && busy && age > SILENT_END_MS) return { hook: null, screen: screenSignal, ready };
  return { hook, screen: screenSignal, ready };
}
