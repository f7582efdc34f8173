import { join } from "node:path";
import type { HostFiles } from "../../ports/host.js";

/**
 * The hook script every hook-capable type installs in the agent's home/. Agent CLIs run it on
 * their lifecycle events; it appends one small JSON line to status/hooks.jsonl and exits. It reads
 * the event's JSON from stdin (or, for Codex's notify, from its last argument), never prints,
 * never blocks for long and never touches the network. Only flat string fields are picked out,
 * so the line stays small whatever the tool input was.
 */
export const HOOK_SCRIPT = `#!/bin/sh
# Written by muster. Usage: hook.sh STATUS_DIR EVENT [JSON]
status_dir=$1
event=$2
if [ $# -ge 3 ]; then payload=$3; else payload=$(tr "\\n" " "); fi
field() {
  printf '%s' "$payload" | grep -o "\\"$1\\" *: *\\"[^\\"]*\\"" | head -n 1 | sed 's/^[^:]*: *"//; s/"$//'
}
detail=""
case "$event" in
  Stop) printf '%s' "$payload" | grep -q '"background_tasks" *: *\\[ *[^] ]' && detail=background ;;
  Notification) detail=$(field notification_type) ;;
  PreToolUse|PostToolUse|PostToolUseFailure|PermissionRequest|BeforeTool|AfterTool) detail=$(field tool_name) ;;
  notify) detail=$(field type) ;;
esac
session=$(field session_id)
[ -n "$session" ] || session=$(field thread-id)
ts=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
printf '{"ts":"%s","event":"%s","session":"%s","source":"%s","detail":"%s","transcript":"%s"}\\n' \\
  "$ts" "$event" "$session" "$(field source)" "$detail" "$(field transcript_path)" >> "$status_dir/hooks.jsonl"
exit 0
`;

export interface HookEvent {
  ts: string;
  event: string;
  session: string;
  source: string;
  detail: string;
  transcript: string;
}

/** How `explain` names the event that decided: "hook Notification (permission_prompt)". */
export function describeEvent(kind: string, event: HookEvent, detail = event.detail): string {
  return `${kind} ${event.event}${detail ? ` (${detail})` : ""}`;
}

export function hookScriptPath(agentDir: string): string {
  return join(agentDir, "home", "hook.sh");
}

export function statusDir(agentDir: string): string {
  return join(agentDir, "status");
}

export function hooksLog(agentDir: string): string {
  return join(statusDir(agentDir), "hooks.jsonl");
}

/** The command line an agent CLI runs for one event. */
export function hookCommand(agentDir: string, event: string): string {
  return `sh ${shq(hookScriptPath(agentDir))} ${shq(statusDir(agentDir))} ${event}`;
}

const TAIL_BYTES = 16 * 1024;

/** The most recent hook events (a bounded tail of the log, enough for status), oldest first. */
export function recentHookEvents(files: HostFiles, agentDir: string): HookEvent[] {
  const path = hooksLog(agentDir);
  const size = files.size(path);
  if (size === null) return [];
  const start = Math.max(0, size - TAIL_BYTES);
  const lines = files.readFrom(path, start).split("\n");
  return parseHookLines(start > 0 ? lines.slice(1) : lines);
}

/** Every hook event since the agent was created, oldest first. */
export function allHookEvents(files: HostFiles, agentDir: string): HookEvent[] {
  return parseHookLines((files.readText(hooksLog(agentDir)) ?? "").split("\n"));
}

export function parseHookLines(lines: readonly string[]): HookEvent[] {
  const out: HookEvent[] = [];
  for (const line of lines) {
    if (line.trim() === "") continue;
    try {
      const raw = JSON.parse(line) as Partial<HookEvent>;
      if (typeof raw.event !== "string" || typeof raw.ts !== "string") continue;
      out.push({
        ts: raw.ts,
        event: raw.event,
        session: raw.session ?? "",
        source: raw.source ?? "",
        detail: raw.detail ?? "",
        transcript: raw.transcript ?? "",
      });
    } catch {
      // a line cut short is skipped; the next event supersedes it anyway
    }
  }
  return out;
}

export function ageMs(ts: string, now: number): number {
  const at = Date.parse(ts);
  return Number.isNaN(at) ? Infinity : now - at;
}

export function shq(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
