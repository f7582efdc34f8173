import type { AgentState } from "../../domain/agent.js";
import type { SignalInput, TypeSignals } from "../../ports/agent-type.js";
import type { HostFiles } from "../../ports/host.js";
import { ageMs, describeEvent, recentHookEvents, type HookEvent } from "../shared/hooks.js";
import { lastLines } from "../shared/text.js";
import { launchMarker } from "./config.js";
import { screenSignal as readScreen } from "../shared/screen.js";

/** A hook says one thing and the screen another for this long: the screen wins (a missed event). */
const SILENT_END_MS = 3_000;

/** A horizontal rule, or the editor's border saying that its text scrolls ("─── ↑ 3 more ───"). */
const RULE = /^(─{10,}|─{3} [↑↓] \d+ more ─*)\s*$/;
/** pi's loader: a braille spinner and its message ("Working...", "Auto-compacting...", "Retrying..."). */
const SPINNER = /^\s*[\u2801-\u28ff]\s+\S/;

interface EditorAt {
  lines: string[];
  top: number;
  bottom: number;
}

/** Below the editor: the footer (two lines) and at most a few autocomplete suggestions. */
const MAX_BELOW_EDITOR = 9;
/** A selection cursor or a select/submit-cancel hint: a selector or an extension's dialog holds the editor's place. */
const DIALOG = /^\s*[→›] \S|\b(select|submit)\s+(esc|escape)\s+cancel\b/m;

/** pi's input editor: between the last two horizontal rules, with only the footer below them. */
function findEditor(screen: string): EditorAt | null {
  const lines = lastLines(screen, 40);
  const rules = lines.flatMap((line, i) => (RULE.test(line) ? [i] : []));
  const bottom = rules.at(-1);
  const top = rules.at(-2);
  if (bottom === undefined || top === undefined || lines.length - bottom - 1 > MAX_BELOW_EDITOR) return null;
  return { lines, top, bottom };
}

/** A selector (/model, an extension's select, confirm or input dialog) shown where the editor was. */
export function screenShowsDialog(screen: string): boolean {
  const text = editorText(screen);
  return text !== null && DIALOG.test(text);
}

/** The text in the editor (null when no editor is shown). */
export function editorText(screen: string): string | null {
  const at = findEditor(screen);
  return at === null ? null : at.lines.slice(at.top + 1, at.bottom).join("\n");
}

export function screenShowsEditor(screen: string): boolean {
  return findEditor(screen) !== null && !screenShowsDialog(screen);
}

/** The spinner pi shows just above its editor (below any queued messages) while it works. */
export function screenShowsBusy(screen: string): boolean {
  const at = findEditor(screen);
  return at !== null && at.lines.slice(Math.max(0, at.top - 6), at.top).some((line) => SPINNER.test(line));
}

function stateOf(e: HookEvent): AgentState | null {
  switch (e.event) {
    case "session_start":
    case "agent_end":
    case "session_compact":
      return "waiting";
    case "session_before_compact":
    case "agent_start":
    case "tool_execution_start":
    case "tool_execution_end":
      return "working";
    default:
      return null;
  }
}

/** The state the last lifecycle event of pi's status extension says. */
export function hookState(events: readonly HookEvent[]): { state: AgentState; event: HookEvent } | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i] as HookEvent;
    const state = stateOf(e);
    if (state) return { state, event: e };
  }
  return null;
}

/** The extension's events first; the screen (spinner, editor) catches a turn an event missed. */
export function piSignals(input: SignalInput): TypeSignals {
  const screen = input.screen ?? "";
  const now = input.now ?? Date.now();
  const dialog = screenShowsDialog(screen);
  const ready = dialog || screenShowsEditor(screen);
  const busy = ready && screenShowsBusy(screen);
  const screenSignal = readScreen(
    { dialog, busy, ready },
    { dialog: "a selector or an extension's dialog in place of the editor", busy: "spinner above the editor", ready: "editor shown, no spinner" },
  );
  const found = input.files ? hookState(currentEvents(input.files, input.agentDir)) : null;
  if (found === null) return { hook: null, screen: screenSignal, ready };
  const hook = hookOf(found);
  // pi redraws its whole screen when the conversation outgrows the pane, and a capture in that
  // moment shows no editor: once this pi process has reported, its events carry the state
  if (!ready) return { hook, screen: null, ready: true };
  const age = ageMs(found.event.ts, now);
  if (found.state === "working" && !busy && age > SILENT_END_MS) return { hook: null, screen: screenSignal, ready };
  // a compaction that overflowed mid-turn ends while the turn goes on: the spinner says so at once
  const turnGoesOn = found.event.event === "session_compact" || age > SILENT_END_MS;
  if (found.state === "waiting" && busy && turnGoesOn) return { hook: null, screen: screenSignal, ready };
  return { hook, screen: screenSignal, ready };
}

function hookOf(found: { state: AgentState; event: HookEvent }): NonNullable<TypeSignals["hook"]> {
  return { state: found.state, since: found.event.ts, source: describeEvent("extension", found.event, found.event.detail || found.event.source) };
}

/** The events of the pi process muster started last (none while it boots). */
function currentEvents(files: HostFiles, agentDir: string): HookEvent[] {
  const launchedAt = (files.readText(launchMarker(agentDir)) ?? "").trim();
  return recentHookEvents(files, agentDir).filter((e) => e.ts >= launchedAt);
}
