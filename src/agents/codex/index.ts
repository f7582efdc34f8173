import { join } from "node:path";
import type { NativeRecord } from "../../domain/transcript.js";
import type { AgentContext, AgentType, DeliveryProbe, LaunchSpec } from "../../ports/agent-type.js";
import { HOOK_SCRIPT, hookScriptPath } from "../shared/hooks.js";
import { containsText, fingerprint } from "../shared/text.js";
import { codexHome, configToml } from "./config.js";
import { normaliseRollout, promptText, rolloutFiles, sessionOf } from "./rollout.js";
import { codexSignals, screenShowsComposer } from "./status.js";
import { parseJsonObject } from "../shared/json-lines.js";

/** OpenAI Codex's TUI in the agent window, with its own CODEX_HOME, notify hook and rollouts. */
export const codexType: AgentType = {
  name: "codex",
  description: "OpenAI Codex (the codex CLI): muster create fix-tests codex -m 'make the tests pass'",
  requires: { program: "codex", install: "npm install -g @openai/codex" },
  wantsScreen: true,

  launch(args, ctx): LaunchSpec {
    const endpoint = ctx.endpoints?.openai ?? null;
    const home = codexHome(ctx.agentDir);
    return {
      argv: [ctx.program ?? "codex", ...(ctx.record.model ? ["--model", ctx.record.model] : []), ...args],
      env: { CODEX_HOME: home },
      files: [
        { path: hookScriptPath(ctx.agentDir), text: HOOK_SCRIPT, mode: 0o755 },
        { path: join(home, "config.toml"), text: configToml(ctx.agentDir, ctx.record.workDir, endpoint, ctx.record.model) },
      ],
    };
  },

  relaunch(ctx) {
    const [program, ...rest] = ctx.record.command;
    const session = lastSession(ctx);
    if (program === undefined || session === null) return null;
    return { argv: [program, "resume", session, ...rest], env: {} };
  },

  signals: codexSignals,

  delivery: {
    ready: screenShowsComposer,
    baseline(ctx) {
      return Object.fromEntries(rolloutFiles(ctx.files, ctx.agentDir).map((path) => [path, ctx.files.size(path) ?? 0]));
    },
    accepted(ctx, baseline, text) {
      for (const path of rolloutFiles(ctx.files, ctx.agentDir)) {
        for (const line of ctx.files.readFrom(path, Number(baseline[path] ?? 0)).split("\n")) {
          const payload = parseJsonObject(line)?.payload as Record<string, unknown> | undefined;
          const prompt = payload ? promptText(payload) : null;
          if (prompt !== null && containsText(prompt, text)) return `the prompt is in the session rollout ${path}`;
        }
      }
      return null;
    },
    pending(screen, text) {
      const composer =
        screen
          .split("\n")
          .filter((l) => l.startsWith("›"))
          .at(-1) ?? "";
      return fingerprint(text, 20) !== "" && fingerprint(composer, Infinity).includes(fingerprint(text, 20));
    },
  } satisfies DeliveryProbe,

  transcriptFiles(ctx) {
    return rolloutFiles(ctx.files, ctx.agentDir);
  },

  transcript(ctx) {
    const records: NativeRecord[] = [];
    let turn = 0;
    for (const path of rolloutFiles(ctx.files, ctx.agentDir)) {
      const out = normaliseRollout((ctx.files.readText(path) ?? "").split("\n"), sessionOf(path), turn);
      records.push(...out.records);
      turn = out.turn;
    }
    return records;
  },
};

/** The session of the newest rollout that holds a prompt: the conversation to resume. */
function lastSession(ctx: AgentContext): string | null {
  const withPrompt = rolloutFiles(ctx.files, ctx.agentDir).filter((path) =>
    (ctx.files.readText(path) ?? "").split("\n").some((line) => {
      const payload = parseJsonObject(line)?.payload as Record<string, unknown> | undefined;
      return payload !== undefined && promptText(payload) !== null;
    }),
  );
  const last = withPrompt.at(-1);
  return last === undefined ? null : sessionOf(last);
}
