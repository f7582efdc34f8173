import type { TypeSignals } from "../../ports/agent-type.js";

/** What a type's screen rules found on one capture. */
export interface ScreenReading {
  dialog: boolean;
  busy: boolean;
  /** the input area shows and takes text */
  ready: boolean;
}

/** The names `explain` gives each rule of a type. */
export interface ScreenRuleNames {
  dialog: string;
  busy: string;
  ready: string;
}

/** A dialog blocks; else a busy marker means working; else a ready input means waiting; else the screen says nothing. */
export function screenSignal(reading: ScreenReading, names: ScreenRuleNames): TypeSignals["screen"] {
  if (reading.dialog) return { state: "blocked", rule: names.dialog };
  if (reading.busy) return { state: "working", rule: names.busy };
  if (reading.ready) return { state: "waiting", rule: names.ready };
  return null;
}
