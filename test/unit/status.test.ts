import { describe, expect, it } from "vitest";
import { decideState, type StatusObservation } from "../../src/domain/status.js";

const alive = { paneDead: false, deadStatus: null, panePid: 42, currentCommand: "node", agentInForeground: true };
const base: StatusObservation = { hostReachable: true, session: alive, hook: null, screen: null, ready: true };

describe("decideState", () => {
  it.each<[string, Partial<StatusObservation>, string, string]>([
    ["unreachable host", { hostReachable: false }, "unknown", "host"],
    ["no session", { session: null }, "stopped", "session"],
    ["dead pane", { session: { ...alive, paneDead: true, deadStatus: 3 } }, "done", "pane"],
    ["another program in front", { session: { ...alive, agentInForeground: false, currentCommand: "vim" } }, "replaced", "pane"],
    ["alive, no finer signal", {}, "running", "pane"],
    ["not ready yet", { ready: false }, "starting", "type"],
    ["hook says working", { hook: { state: "working", since: "t", source: "hook" } }, "working", "hook"],
    ["screen says waiting", { screen: { state: "waiting", rule: "prompt" } }, "waiting", "screen"],
    [
      "dialog beats hook",
      { hook: { state: "working", since: "t", source: "hook" }, screen: { state: "blocked", rule: "permission" } },
      "blocked",
      "screen",
    ],
    [
      "hook beats other screen rules",
      { hook: { state: "waiting", since: "t", source: "hook" }, screen: { state: "working", rule: "spinner" } },
      "waiting",
      "hook",
    ],
    [
      "exit beats hooks",
      { session: { ...alive, paneDead: true, deadStatus: 0 }, hook: { state: "working", since: "t", source: "hook" } },
      "done",
      "pane",
    ],
  ])("%s", (_, patch, state, signal) => {
    const decision = decideState({ ...base, ...patch });
    expect(decision.state).toBe(state);
    expect(decision.signal).toBe(signal);
    expect(decision.evidence.length).toBeGreaterThan(0);
  });

  it("reports the exit status of a finished agent", () => {
    expect(decideState({ ...base, session: { ...alive, paneDead: true, deadStatus: 3 } }).evidence).toContain("status 3");
  });
});
