import type { Command } from "commander";
import { followTranscript, readTranscript } from "../../core/transcript.js";
import type { TranscriptRecord } from "../../domain/transcript.js";
import { fillTemplate, type App, type Output } from "../output.js";

export function register(program: Command, app: App): void {
  program
    .command("transcript")
    .summary("show an agent's conversation in one format for every agent type")
    .description(
      "Print the agent's normalised transcript: user messages, assistant text, tool calls with their input, tool results and errors, " +
        "each with a timestamp and turn number (docs/transcript.md). Records are also kept in the agent's transcript.jsonl. " +
        "Works for destroyed agents too.",
    )
    .argument("<name>", "the agent")
    .option("-f, --follow", "keep printing new records until interrupted")
    .action(async (name: string, opts) => {
      const ctx = await app.ctx();
      const out = app.out();
      if (!opts.follow) {
        const records = readTranscript(ctx, name);
        if (out.format === "json") out.result(records, () => "");
        else records.forEach((r) => out.line(render(out, r)));
        return;
      }
      const abort = new AbortController();
      process.once("SIGINT", () => abort.abort());
      process.once("SIGTERM", () => abort.abort());
      await followTranscript(ctx, name, (r) => out.line(render(out, r)), abort.signal);
    });
}

function render(out: Output, r: TranscriptRecord): string {
  if (typeof out.format === "object") return fillTemplate(out.format.template, r);
  if (out.format !== "human") return JSON.stringify(r);
  const who =
    r.kind === "tool_call"
      ? `${r.tool?.name ?? "tool"} call`
      : r.kind === "tool_result"
        ? `${r.tool?.name ?? "tool"} result`
        : r.kind === "message"
          ? r.role
          : `${r.role} ${r.kind}`;
  const time = r.ts.slice(11, 19);
  return `${time} #${r.turn} ${who}: ${r.text.replace(/\n/g, "\n    ")}`;
}
