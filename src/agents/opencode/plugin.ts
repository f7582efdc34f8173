/**
 * The plugin muster puts in the agent's opencode config dir. opencode loads it in its own process
 * and hands it every bus event; it appends
 *   - status changes (session busy/idle, permission asked/replied, errors) to status/hooks.jsonl in
 *     the line format every hook-capable type shares (src/agents/shared/hooks.ts), and
 *   - the session's messages and parts as opencode publishes them (user prompts, answers, tool calls
 *     with their input and output, errors) to records.jsonl, the source of delivery evidence,
 *     transcripts and the session to resume.
 * A "plugin.loaded" line marks each start, so status never reads a previous run's events.
 * It never throws into opencode, never blocks and never touches the network. Sub-agent sessions
 * (those with a parent) are marked "child" so a sub-agent going idle is not read as the agent's turn
 * ending.
 */
export function pluginSource(hooksLog: string, recordsPath: string): string {
  return `// Written by muster for this agent.
import { appendFileSync } from "node:fs";

const HOOKS = ${JSON.stringify(hooksLog)};
const RECORDS = ${JSON.stringify(recordsPath)};
const MAX_TEXT = 8000;
const children = new Set();
const roles = new Map();
const lastState = new Map();
const written = new Map();

function append(path, value) {
  try {
    appendFileSync(path, JSON.stringify(value) + "\\n");
  } catch {
    // the agent dir is gone or full; opencode carries on
  }
}

function clip(value) {
  if (typeof value !== "string" || value.length <= MAX_TEXT) return value;
  return value.slice(0, MAX_TEXT) + "… [" + (value.length - MAX_TEXT) + " more characters]";
}

function hook(event, session, detail) {
  const line = {
    ts: new Date().toISOString(),
    event,
    session: session || "",
    source: children.has(session) ? "child" : "opencode",
    detail: detail || "",
    transcript: "",
  };
  append(HOOKS, line);
}

function status(session, state) {
  if (lastState.get(session) === state) return;
  lastState.set(session, state);
  hook("session.status", session, state);
}

function record(key, value) {
  const text = JSON.stringify(value);
  if (written.get(key) === text) return;
  written.set(key, text);
  append(RECORDS, { ts: new Date().toISOString(), ...value });
}

function session(info) {
  if (!info || !info.id) return;
  if (info.parentID) children.add(info.id);
  record(info.id, { kind: "session", id: info.id, parent: info.parentID || null, directory: info.directory || null });
}

function message(info) {
  if (!info || !info.id) return;
  roles.set(info.id, info.role);
  const error = info.error ? { name: info.error.name || "error", message: clip(String((info.error.data && info.error.data.message) || info.error.name || "")) } : null;
  record(info.id, { kind: "message", id: info.id, session: info.sessionID, role: info.role, error });
}

function part(p) {
  if (!p || !p.id) return;
  const base = { kind: "part", id: p.id, message: p.messageID, session: p.sessionID, role: roles.get(p.messageID) || null, type: p.type };
  if (p.type === "text" || p.type === "reasoning") {
    if (!p.text) return;
    record(p.id, { ...base, text: clip(p.text), synthetic: Boolean(p.synthetic || p.ignored) });
  } else if (p.type === "tool") {
    const s = p.state || {};
    if (s.status === "pending") return;
    const state = { status: s.status, input: s.input };
    if (s.status === "completed") state.output = clip(s.output);
    if (s.status === "error") state.error = clip(s.error);
    record(p.id, { ...base, tool: p.tool, callID: p.callID, state });
  }
}

export const MusterStatus = async () => {
  hook("plugin.loaded", "", String(process.pid));
  return {
    event: async ({ event }) => {
      const p = event.properties || {};
      switch (event.type) {
        case "session.created":
          session(p.info);
          hook("session.created", p.info && p.info.id, p.info && p.info.parentID ? "child" : "");
          break;
        case "session.updated":
          session(p.info);
          break;
        case "session.status":
          status(p.sessionID, p.status && p.status.type);
          break;
        case "session.idle":
          status(p.sessionID, "idle");
          break;
        case "session.error":
          hook("session.error", p.sessionID, p.error && p.error.name);
          break;
        case "permission.asked":
          hook("permission.asked", p.sessionID, p.permission);
          break;
        case "permission.replied":
          hook("permission.replied", p.sessionID, p.reply);
          break;
        case "message.updated":
          message(p.info);
          break;
        case "message.part.updated":
          part(p.part);
          break;
      }
    },
  };
};
`;
}
