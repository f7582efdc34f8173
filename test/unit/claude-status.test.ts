import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalFiles } from "../../src/adapters/host-files.js";
import { claudeSignals, hookState, screenShowsBusy, screenShowsDialog } from "../../src/agents/claude/status.js";
import type { HookEvent } from "../../src/agents/shared/hooks.js";

const LAUNCH = "11111111-2222-4333-8444-555555555555";
const RULE = "─".repeat(40);
const idle = ["● FAKE_REPLY: hi", "", RULE, "❯ ", RULE, "  ⏵⏵ auto mode on (shift+tab to cycle)"].join("\n");
const busy = ["✶ Bloviating… (1s · ↓ 19 tokens)", RULE, "❯ ", RULE, "  ⏵⏵ auto mode on (shift+tab to cycle) · esc to interrupt · ← for agents"].join(
  "\n",
);
const dialog = [
  " Bash command",
  " echo perm > perm.txt",
  " Do you want to proceed?",
  " ❯ 1. Yes",
  "   2. Yes, and always allow",
  "   4. No",
  " Esc to cancel · Tab to amend",
].join("\n");
const booting = ["Claude Code v2.1.332", "", "Loading…"].join("\n");

const event = (e: Partial<HookEvent>): HookEvent => ({
  ts: new Date().toISOString(),
  event: "Stop",
  session: LAUNCH,
  source: "",
  detail: "",
  transcript: "",
  ...e,
});

describe("Claude Code screen rules", () => {
  it("tells a permission dialog, a running turn and an idle prompt apart", () => {
    expect(screenShowsDialog(dialog)).toBe(true);
    expect(screenShowsDialog(idle)).toBe(false);
    expect(screenShowsBusy(busy)).toBe(true);
    expect(screenShowsBusy(idle)).toBe(false);
  });
});

describe("hookState", () => {
  it("maps the last lifecycle event to a state", () => {
    expect(hookState([event({ event: "SessionStart", source: "startup" })], LAUNCH)?.state).toBe("waiting");
    expect(hookState([event({ event: "Stop" }), event({ event: "UserPromptSubmit" })], LAUNCH)?.state).toBe("working");
    expect(hookState([event({ event: "PreToolUse" }), event({ event: "PermissionRequest" })], LAUNCH)?.state).toBe("blocked");
    expect(hookState([event({ event: "UserPromptSubmit" }), event({ event: "Stop" })], LAUNCH)?.state).toBe("waiting");
  });

  it("skips events that carry no state", () => {
    expect(
      hookState([event({ event: "Stop" }), event({ event: "SessionEnd" }), event({ event: "Notification", detail: "auth_success" })], LAUNCH)?.state,
    ).toBe("waiting");
  });

  it("keeps background work after Stop as working", () => {
    const found = hookState([event({ event: "Stop", detail: "background" })], LAUNCH);
    expect(found?.state).toBe("working");
    expect(found?.sticky).toBe(true);
  });

  it("ignores a nested claude started inside the agent", () => {
    const nested = "99999999-2222-4333-8444-555555555555";
    const events = [
      event({ event: "Stop" }),
      event({ event: "SessionStart", source: "startup", session: nested }),
      event({ event: "UserPromptSubmit", session: nested }),
    ];
    expect(hookState(events, LAUNCH)?.state).toBe("waiting");
  });

  it("follows the agent into a new session after /clear", () => {
    const cleared = "22222222-2222-4333-8444-555555555555";
    const events = [
      event({ event: "Stop" }),
      event({ event: "SessionStart", source: "clear", session: cleared }),
      event({ event: "UserPromptSubmit", session: cleared }),
    ];
    expect(hookState(events, LAUNCH)?.state).toBe("working");
  });
});

describe("claudeSignals", () => {
  let dir: string;
  const files = new LocalFiles();
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "muster-claude-"));
    mkdirSync(join(dir, "status"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (...events: HookEvent[]) => writeFileSync(join(dir, "status", "hooks.jsonl"), events.map((e) => JSON.stringify(e)).join("\n") + "\n");
  const signals = (screen: string, now = Date.now()) => claudeSignals({ agentDir: dir, files, screen, now }, LAUNCH);

  it("is not ready while the TUI has no prompt box", () => {
    write(event({ event: "SessionStart", source: "startup" }));
    expect(signals(booting)).toMatchObject({ ready: false, hook: null });
  });

  it("trusts a fresh hook over the screen", () => {
    write(event({ event: "UserPromptSubmit" }));
    expect(signals(idle).hook?.state).toBe("working");
  });

  it("ends a turn that stopped without a Stop hook once the screen has been idle for a while", () => {
    const ts = new Date(Date.now() - 10_000).toISOString();
    write(event({ event: "UserPromptSubmit", ts }));
    const s = signals(idle);
    expect(s.hook).toBeNull();
    expect(s.screen?.state).toBe("waiting");
    expect(signals(busy).hook?.state).toBe("working");
  });

  it("drops a permission hook once its dialog is gone", () => {
    const ts = new Date(Date.now() - 5_000).toISOString();
    write(event({ event: "PermissionRequest", ts }));
    expect(signals(dialog).screen?.state).toBe("blocked");
    expect(signals(busy)).toMatchObject({ hook: null, screen: { state: "working" } });
  });

  it("reads only the tail of a long hook log", () => {
    const many = Array.from({ length: 2000 }, (_, i) => event({ event: i % 2 ? "Stop" : "UserPromptSubmit" }));
    write(...many, event({ event: "PermissionRequest" }));
    expect(signals(dialog).hook?.state).toBe("blocked");
  });
});
