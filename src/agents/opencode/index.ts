import { join } from "node:path";
import { UsageError } from "../../domain/errors.js";
import type { AgentContext, AgentType, DeliveryProbe, LaunchSpec } from "../../ports/agent-type.js";
import { hooksLog } from "../shared/hooks.js";
import { containsText, fingerprint } from "../shared/text.js";
import { configDir, offlineDependencyFiles, opencodeEnv, opencodeJson, opencodeModel, pluginPath, recordsPath } from "./config.js";
import { pluginSource } from "./plugin.js";
import { isPrompt, normaliseRecords, parseRecords, promptedSessions } from "./records.js";
import { opencodeSignals, promptBoxText, screenShowsPrompt } from "./status.js";

/** opencode's TUI in the agent window, with its own config and data dirs and muster's status plugin. */
export const opencodeType: AgentType = {
  name: "opencode",
  description: "opencode (the opencode CLI): muster create fix-tests opencode --model M -m 'make the tests pass'",
  requires: { program: "opencode", install: "npm install -g opencode-ai (or see https://opencode.ai/docs)" },
  wantsScreen: true,

  launch(args, ctx): LaunchSpec {
    const endpoint = ctx.endpoints?.openai ?? null;
    const model = ctx.record.model;
    if (endpoint?.baseUrl && !model) {
      // opencode has no model of its own for a custom provider: it would open its "connect a provider" dialog
      throw new UsageError("the opencode agent type needs --model when it talks to a model endpoint", {
        hint: "pass the model as the gateway routes it, e.g. --model anthropic/claude-sonnet-4-5 (see `muster models`)",
      });
    }
    return {
      argv: [ctx.program ?? "opencode", ...(model ? ["--model", opencodeModel(model, endpoint)] : []), ...args],
      env: opencodeEnv(ctx.agentDir),
      files: [
        { path: join(configDir(ctx.agentDir), "opencode.json"), text: opencodeJson(endpoint, model) },
        { path: pluginPath(ctx.agentDir), text: pluginSource(hooksLog(ctx.agentDir), recordsPath(ctx.agentDir)) },
        ...offlineDependencyFiles(ctx.agentDir),
      ],
    };
  },

  relaunch(ctx) {
    const [program, ...rest] = ctx.record.command;
    const session = promptedSessions(readRecords(ctx)).at(-1);
    if (program === undefined || session === undefined) return null;
    return { argv: [program, "--session", session, ...rest], env: {} };
  },

  signals: opencodeSignals,

  delivery: {
    ready: screenShowsPrompt,
    baseline(ctx) {
      return { size: ctx.files.size(recordsPath(ctx.agentDir)) ?? 0 };
    },
    accepted(ctx, baseline, text) {
      const path = recordsPath(ctx.agentDir);
      const fresh = parseRecords(ctx.files.readFrom(path, Number(baseline.size ?? 0)));
      return fresh.some((r) => isPrompt(r) && containsText(r.text ?? "", text))
        ? `the prompt is a user message in the session records ${path}`
        : null;
    },
    pending(screen, text) {
      const box = promptBoxText(screen);
      return box.includes("[Pasted ~") || (fingerprint(text, 20) !== "" && fingerprint(box, Infinity).includes(fingerprint(text, 20)));
    },
  } satisfies DeliveryProbe,

  transcriptFiles(ctx) {
    return [recordsPath(ctx.agentDir)];
  },

  transcript(ctx) {
    return normaliseRecords(readRecords(ctx));
  },
};

function readRecords(ctx: AgentContext) {
  return parseRecords(ctx.files.readText(recordsPath(ctx.agentDir)) ?? "");
}
