import type { AgentState } from "../../domain/agent.js";
import type { SignalInput, TypeSignals } from "../../ports/agent-type.js";
import type { HostFiles } from "../../ports/host.js";
import { ageMs, describeEvent, recentHookEvents, type HookEvent } from "../shared/hooks.js";
import { lastLines } from "../shared/text.js";
import { launchedAtPath } from "./config.js";
import { screenSignal as readScreen } from "../shared/screen.js";

/** A hook says "busy" but the screen has shown no activity this long: the turn ended without AfterAgent. */
const SILENT_END_MS = 3_000;
/** A ToolPermission hook without a dialog on screen this long was answered. */
const ANSWERED_DIALOG_MS = 1_500;

const DIALOG = /Allow execution of|Apply this change\?|Do you want to proceed\?|^\s*│?\s*● 1\. Allow once/m;
/** The input line: right below a rule, behind ">" (or "*" in YOLO mode, "!" in shell mode, "(r:)" in reverse search). */
const INPUT_LINE = /^\s?(>|\*|!|\(r:\))\s/;
const RULE = /^─{10,}/;
/** The status footer under the input box when no rule closes it (wide terminals). */
const FOOTER = /^\s*workspace \(/;
const MODE_LINE = /^\s*(YOLO|auto-accept edits|plan mode|shell mode)\b/i;

/** The CLI's title: "✋  Action Required (dir)" on a dialog, "✦  Working… (dir)" in a turn, "◇  Ready (dir)" when idle. */
export function screenShowsDialog(screen: string, title = ""): boolean {
  return DIALOG.test(screen) || /Action Required/.test(title);
}

/** The title says a turn runs, or "esc to cancel" sits beside the spinner. */
export function screenShowsBusy(screen: string, title = ""): boolean {
  return /^(\u2726|\u23F2)/.test(title.trim()) || lastLines(screen, 12).some((line) => /esc to cancel/i.test(line));
}

/** The text in the input box (the placeholder when empty), or null when no input box shows. */
export function inputLine(screen: string): string | null {
  const lines = screen.split("\n");
  for (let i = lines.length - 1; i > 0; i--) {
    const line = lines[i] as string;
    if (!INPUT_LINE.test(line) || !ruleAbove(lines, i)) continue;
    const end = lines.findIndex((l, k) => k > i && (RULE.test(l) || (l.trim() === "" && FOOTER.test(lines[k + 1] ?? ""))));
    return [line.replace(INPUT_LINE, ""), ...lines.slice(i + 1, end === -1 ? undefined : end)].join("\n");
  }
  return null;
}

/**
 * A rule right above the input line, or above a mode line ("YOLO Ctrl+Y", "auto-accept edits") and
 * a blank one, as the CLI draws it in wide terminals.
 */
function ruleAbove(lines: readonly string[], index: number): boolean {
  for (let k = index - 1; k >= Math.max(0, index - 3); k--) {
    const line = lines[k] as string;
    if (RULE.test(line)) return true;
    if (line.trim() !== "" && !MODE_LINE.test(line)) return false;
  }
  return false;
}

export function screenShowsInput(screen: string): boolean {
  return inputLine(screen) !== null && !screenShowsDialog(screen);
}

function stateOf(e: HookEvent): AgentState | null {
  switch (e.event) {
    case "SessionStart":
    case "AfterAgent":
      return "waiting";
    case "BeforeAgent":
    case "BeforeTool":
    case "AfterTool":
      return "working";
    case "Notification":
      return e.detail === "ToolPermission" ? "blocked" : null;
    default:
      return null;
  }
}

function lastHook(events: readonly HookEvent[]): { state: AgentState; event: HookEvent } | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i] as HookEvent;
    const state = stateOf(event);
    if (state) return { state, event };
  }
  return null;
}

/** Whether the CLI started its session since muster last launched it (see launchedAtPath). */
export function sessionStarted(files: HostFiles, agentDir: string, events: readonly HookEvent[]): boolean {
  const launchedAt = (files.readText(launchedAtPath(agentDir)) ?? "").trim();
  return events.some((e) => e.event === "SessionStart" && e.ts >= launchedAt);
}

/** Hooks first; the screen and title catch what hooks miss (a cancelled turn, an answered dialog). */
export function geminiSignals(input: SignalInput): TypeSignals {
  const screen = input.screen ?? "";
  const title = input.title ?? "";
  const now = input.now ?? Date.now();
  const events = input.files ? recentHookEvents(input.files, input.agentDir) : [];
  const dialog = screenShowsDialog(screen, title);
  const busy = screenShowsBusy(screen, title);
  // up once the session started; the input box may hide later (a running shell command takes its place)
  const ready = input.files ? sessionStarted(input.files, input.agentDir, events) : screenShowsInput(screen);
  const screenSignal = readScreen(
    { dialog, busy, ready: ready && screenShowsInput(screen) },
    { dialog: "tool approval dialog", busy: "'Working' in the title or 'esc to cancel' beside the spinner", ready: "input box, no turn running" },
  );
  // before the session starts only a dialog counts (a spinner then is the CLI starting up)
  if (!ready) return { hook: null, screen: dialog ? screenSignal : null, ready: false };
  const found = lastHook(events);
  if (found === null) return { hook: null, screen: screenSignal, ready };
  const age = ageMs(found.event.ts, now);
  const hook = {
    state: found.state,
    since: found.event.ts,
    source: describeEvent("hook", found.event),
  };
  if (found.state === "blocked" && !dialog && age > ANSWERED_DIALOG_MS) return { hook: null, screen: screenSignal, ready };
  if (found.state === "working" && screenSignal?.state === "waiting" && age > SILENT_END_MS) {
    return { hook: null, screen: { state: "waiting", rule: "turn ended without an AfterAgent hook (title 'Ready', input box shown)" }, ready };
  }
  if (found.state === "waiting" && busy && age > SILENT_END_MS) return { hook: null, screen: screenSignal, ready };
  return { hook, screen: screenSignal, ready };
}
