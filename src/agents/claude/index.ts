import { basename, join } from "node:path";
import type { AgentContext, AgentType, DeliveryProbe, LaunchSpec } from "../../ports/agent-type.js";
import type { NativeRecord } from "../../domain/transcript.js";
import { allHookEvents, HOOK_SCRIPT, hookScriptPath, type HookEvent } from "../shared/hooks.js";
import { containsText, fingerprint } from "../shared/text.js";
import { claudeEnv, claudeJson, configDir, launchSessionId, sessionFile, settingsJson } from "./config.js";
import { claudeSignals, screenShowsPrompt } from "./status.js";
import { normaliseClaude } from "./transcript.js";
import { parseJsonObject } from "../shared/json-lines.js";

/** Claude Code's TUI in the agent window, with its own config dir, status hooks and transcript. */
export const claudeType: AgentType = {
  name: "claude",
  description: "Claude Code (the claude CLI): muster create fix-tests claude -m 'make the tests pass'",
  requires: { program: "claude", install: "npm install -g @anthropic-ai/claude-code (or see https://docs.claude.com/en/docs/claude-code)" },
  wantsScreen: true,

  launch(args, ctx): LaunchSpec {
    const endpoint = ctx.endpoints?.anthropic ?? null;
    const model = ctx.record.model ? ["--model", ctx.record.model] : [];
    const dir = configDir(ctx.agentDir);
    return {
      argv: [ctx.program ?? "claude", "--session-id", launchSessionId(ctx.record.id), ...model, ...args],
      env: claudeEnv(ctx.agentDir),
      files: [
        { path: hookScriptPath(ctx.agentDir), text: HOOK_SCRIPT, mode: 0o755 },
        { path: join(dir, "settings.json"), text: settingsJson(ctx.agentDir) },
        { path: join(dir, ".claude.json"), text: claudeJson(ctx.record.workDir, endpoint), mode: 0o600 },
      ],
    };
  },

  relaunch(ctx) {
    const [program, flag, , ...rest] = ctx.record.command;
    if (program === undefined || flag !== "--session-id") return null;
    const session = currentSession(ctx);
    if (!ctx.files.exists(sessionFile(ctx.agentDir, ctx.record.workDir, session))) return null; // nothing said yet
    return { argv: [program, "--resume", session, ...rest], env: {} };
  },

  signals(input) {
    return claudeSignals(input, launchSessionId(input.agentId ?? basename(input.agentDir)));
  },

  delivery: {
    ready: screenShowsPrompt,
    baseline(ctx) {
      const path = sessionFile(ctx.agentDir, ctx.record.workDir, currentSession(ctx));
      return { path, size: ctx.files.size(path) ?? 0 };
    },
    accepted(ctx, baseline, text) {
      // /clear and /compact record the command as the first line of the session they start
      const start = String(baseline.path);
      const reads = [{ path: start, from: Number(baseline.size ?? 0) }];
      const current = text.trimStart().startsWith("/") ? sessionFile(ctx.agentDir, ctx.record.workDir, currentSession(ctx)) : start;
      if (current !== start) reads.push({ path: current, from: 0 });
      for (const { path, from } of reads) {
        for (const line of ctx.files.readFrom(path, from).split("\n")) {
          const row = parseJsonObject(line);
          if (row?.type === "user" && containsText(userText(row), text)) return `the prompt is in the session transcript ${path}`;
          if (row?.type === "queue-operation" && row.operation === "enqueue" && containsText(String(row.content ?? ""), text))
            return `the prompt was queued in ${path}`;
        }
      }
      return null;
    },
    pending(screen, text) {
      const box = inputBox(screen);
      return box.includes("[Pasted text") || (fingerprint(text, 20) !== "" && fingerprint(box, Infinity).includes(fingerprint(text, 20)));
    },
  } satisfies DeliveryProbe,

  transcriptFiles(ctx) {
    return mainSessions(ctx).map((session) => sessionFile(ctx.agentDir, ctx.record.workDir, session));
  },

  transcript(ctx) {
    const records: NativeRecord[] = [];
    let turn = 0;
    for (const session of mainSessions(ctx)) {
      const text = ctx.files.readText(sessionFile(ctx.agentDir, ctx.record.workDir, session));
      if (text === null) continue;
      const out = normaliseClaude(text.split("\n"), session, turn);
      records.push(...out.records);
      turn = out.turn;
    }
    return records;
  },
};

/** The agent's own sessions in order: the first one, then each /clear, /compact or /resume. */
function mainSessions(ctx: AgentContext): string[] {
  const launch = launchSessionId(ctx.record.id);
  const starts = allHookEvents(ctx.files, ctx.agentDir).filter(
    (e: HookEvent) => e.event === "SessionStart" && e.session !== "" && (e.source !== "startup" || e.session === launch),
  );
  return [...new Set([launch, ...starts.map((e) => e.session)])];
}

function currentSession(ctx: AgentContext): string {
  return mainSessions(ctx).at(-1) ?? launchSessionId(ctx.record.id);
}

type Json = Record<string, unknown>;

function userText(row: Json): string {
  const content = (row.message as Json | undefined)?.content;
  if (typeof content === "string") return content;
  return Array.isArray(content) ? content.map((b: Json) => (typeof b?.text === "string" ? b.text : "")).join("\n") : "";
}

/** The text of the prompt box: from the last line starting with ❯ to the rule below it. */
function inputBox(screen: string): string {
  const lines = screen.split("\n");
  const start = lines.map((l) => l.startsWith("❯")).lastIndexOf(true);
  if (start === -1) return "";
  const end = lines.findIndex((l, i) => i > start && /^─{10,}/.test(l));
  return lines
    .slice(start, end === -1 ? undefined : end)
    .join("\n")
    .replace(/^❯\s?/, "");
}
