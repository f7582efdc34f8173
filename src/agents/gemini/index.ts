import { join } from "node:path";
import type { NativeRecord } from "../../domain/transcript.js";
import type { AgentContext, AgentType, DeliveryProbe, LaunchSpec } from "../../ports/agent-type.js";
import { HOOK_SCRIPT, hookScriptPath } from "../shared/hooks.js";
import { containsText, fingerprint } from "../shared/text.js";
import { geminiDir, geminiEnv, launchedAtPath, settingsJson } from "./config.js";
import { messagesOf, normaliseSession, promptOf, sessionFiles, sessionIdOf } from "./sessions.js";
import { geminiSignals, inputLine, screenShowsInput } from "./status.js";
import { parseJsonObject } from "../shared/json-lines.js";

/** Google's Gemini CLI in the agent window, with its own GEMINI_CLI_HOME, status hooks and session files. */
export const geminiType: AgentType = {
  name: "gemini",
  description: "Gemini CLI (the gemini CLI): muster create fix-tests gemini -m 'make the tests pass'",
  requires: { program: "gemini", install: "npm install -g @google/gemini-cli" },
  wantsScreen: true,

  launch(args, ctx): LaunchSpec {
    const endpoint = ctx.endpoints?.gemini ?? null;
    return {
      argv: [ctx.program ?? "gemini", ...(ctx.record.model ? ["--model", ctx.record.model] : []), ...args],
      env: geminiEnv(ctx.agentDir, endpoint),
      files: [
        { path: hookScriptPath(ctx.agentDir), text: HOOK_SCRIPT, mode: 0o755 },
        { path: join(geminiDir(ctx.agentDir), "settings.json"), text: settingsJson(ctx.agentDir) },
        launchMark(ctx.agentDir),
      ],
    };
  },

  relaunch(ctx) {
    const [program, ...rest] = ctx.record.command;
    const session = lastSession(ctx);
    if (program === undefined || session === null) return null;
    return { argv: [program, "--resume", session, ...rest], env: {}, files: [launchMark(ctx.agentDir)] };
  },

  signals: geminiSignals,

  delivery: {
    // an Enter within 40 ms of a paste is taken as a newline in the prompt, not as submit
    submitDelayMs: 150,
    ready: screenShowsInput,
    baseline(ctx) {
      return Object.fromEntries(sessionFiles(ctx.files, ctx.agentDir).map((path) => [path, ctx.files.size(path) ?? 0]));
    },
    accepted(ctx, baseline, text) {
      for (const path of sessionFiles(ctx.files, ctx.agentDir)) {
        for (const line of ctx.files.readFrom(path, Number(baseline[path] ?? 0)).split("\n")) {
          const row = parseJsonObject(line);
          const prompt = row ? promptOf(row) : null;
          if (prompt !== null && containsText(prompt, text)) return `the prompt is in the session file ${path}`;
        }
      }
      return null;
    },
    pending(screen, text) {
      const box = inputLine(screen) ?? "";
      return fingerprint(text, 20) !== "" && fingerprint(box, Infinity).includes(fingerprint(text, 20));
    },
  } satisfies DeliveryProbe,

  transcriptFiles(ctx) {
    return sessionFiles(ctx.files, ctx.agentDir);
  },

  transcript(ctx) {
    const records: NativeRecord[] = [];
    let turn = 0;
    for (const path of sessionFiles(ctx.files, ctx.agentDir)) {
      const session = sessionIdOf(ctx.files, path) ?? path;
      const out = normaliseSession(ctx.files.readText(path) ?? "", session, turn);
      records.push(...out.records);
      turn = out.turn;
    }
    return records;
  },
};

function launchMark(agentDir: string): { path: string; text: string } {
  return { path: launchedAtPath(agentDir), text: new Date().toISOString() };
}

/** The newest session that holds a prompt: the conversation to resume. */
function lastSession(ctx: AgentContext): string | null {
  const withPrompt = sessionFiles(ctx.files, ctx.agentDir).filter((path) =>
    messagesOf(ctx.files.readText(path) ?? "").some((message) => promptOf(message) !== null),
  );
  const last = withPrompt.at(-1);
  return last === undefined ? null : sessionIdOf(ctx.files, last);
}
