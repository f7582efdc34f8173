import { join } from "node:path";
import type { NativeRecord } from "../../domain/transcript.js";
import type { AgentContext, AgentType, DeliveryProbe, LaunchSpec } from "../../ports/agent-type.js";
import { allHookEvents, hooksLog } from "../shared/hooks.js";
import { containsText, fingerprint } from "../shared/text.js";
import { DEFAULT_MODEL, extensionPath, launchMarkerFile, modelsJson, piEndpoint, piEnv, piHome, settingsJson, statusExtension } from "./config.js";
import { normaliseSession, sessionOf, userText } from "./session.js";
import { editorText, piSignals, screenShowsEditor } from "./status.js";
import { parseJsonObject } from "../shared/json-lines.js";

/** pi (the pi coding agent) in the agent window, with its own config dir, status extension and sessions. */
export const piType: AgentType = {
  name: "pi",
  description: "pi, the coding agent (the pi CLI): muster create fix-tests pi -m 'make the tests pass'",
  requires: { program: "pi", install: "npm install -g @mariozechner/pi-coding-agent" },
  wantsScreen: true,

  launch(args, ctx): LaunchSpec {
    const endpoint = piEndpoint(ctx.endpoints);
    const home = piHome(ctx.agentDir);
    const model = endpoint ? (ctx.record.model ?? DEFAULT_MODEL) : null;
    // without an endpoint pi picks its own provider; --model then goes to pi as it is
    const modelArgs = endpoint === null && ctx.record.model ? ["--model", ctx.record.model] : [];
    return {
      argv: [ctx.program ?? "pi", "--extension", extensionPath(ctx.agentDir), ...modelArgs, ...args],
      env: piEnv(ctx.agentDir, endpoint?.apiKey ?? null),
      files: [
        { path: extensionPath(ctx.agentDir), text: statusExtension(ctx.agentDir) },
        launchMarkerFile(ctx.agentDir),
        { path: join(home, "settings.json"), text: settingsJson(model) },
        ...(endpoint && model ? [{ path: join(home, "models.json"), text: modelsJson(endpoint, model) }] : []),
      ],
    };
  },

  relaunch(ctx) {
    const [program, ...rest] = ctx.record.command;
    const session = mainSessions(ctx)
      .filter((path) => (ctx.files.readText(path) ?? "").split("\n").some((line) => userOf(line) !== null))
      .at(-1);
    if (program === undefined || session === undefined) return null;
    return { argv: [program, "--session", session, ...rest], env: {}, files: [launchMarkerFile(ctx.agentDir)] };
  },

  signals: piSignals,

  delivery: {
    ready: screenShowsEditor,
    baseline(ctx) {
      const path = mainSessions(ctx).at(-1) ?? null;
      return { hooks: ctx.files.size(hooksLog(ctx.agentDir)) ?? 0, path, size: path === null ? 0 : (ctx.files.size(path) ?? 0) };
    },
    accepted(ctx, baseline, text) {
      const current = mainSessions(ctx).at(-1);
      const reads = [{ path: baseline.path === null ? null : String(baseline.path), from: Number(baseline.size ?? 0) }];
      if (current !== undefined && current !== baseline.path) reads.push({ path: current, from: 0 });
      for (const { path, from } of reads) {
        if (path === null) continue;
        for (const line of ctx.files.readFrom(path, from).split("\n")) {
          const prompt = userOf(line);
          if (prompt !== null && containsText(prompt, text)) return `the prompt is in the session file ${path}`;
        }
      }
      const command = text.trimStart().startsWith("/");
      for (const line of ctx.files.readFrom(hooksLog(ctx.agentDir), Number(baseline.hooks ?? 0)).split("\n")) {
        const event = parseJsonObject(line);
        if (event?.event === "input" && typeof event.prompt === "string" && containsText(event.prompt, text))
          return "pi took the prompt (its input event; queued when a turn was running)";
        // pi's own commands never become a prompt; /new, /resume, /fork, /reload and /compact show in its events
        if (command && (event?.event === "session_start" || event?.event === "session_before_compact"))
          return `pi ran the command (its ${String(event.event)} event${event.source ? `, ${String(event.source)}` : ""})`;
      }
      return null;
    },
    pending(screen, text) {
      const box = editorText(screen) ?? "";
      return /\[paste #\d+/.test(box) || (fingerprint(text, 20) !== "" && fingerprint(box, Infinity).includes(fingerprint(text, 20)));
    },
  } satisfies DeliveryProbe,

  transcriptFiles(ctx) {
    return mainSessions(ctx);
  },

  transcript(ctx) {
    const records: NativeRecord[] = [];
    let turn = 0;
    for (const path of mainSessions(ctx)) {
      const text = ctx.files.readText(path);
      if (text === null) continue;
      const out = normaliseSession(text.split("\n"), sessionOf(path), turn);
      records.push(...out.records);
      turn = out.turn;
    }
    return records;
  },
};

/**
 * The session files of the pi process muster started, in the order it used them (the first one,
 * then each /new, /resume or /fork). pi writes a file only once the first answer arrives. A pi
 * run inside the agent's shell shares the sessions dir but reports no events, so it is left out.
 */
function mainSessions(ctx: AgentContext): string[] {
  const paths = allHookEvents(ctx.files, ctx.agentDir).flatMap((e) => (e.transcript === "" ? [] : [e.transcript]));
  return [...new Set(paths)].filter((path) => ctx.files.exists(path));
}

function userOf(line: string): string | null {
  const entry = parseJsonObject(line);
  return entry === null ? null : userText(entry);
}
