import type { Command } from "commander";
import { findCall, followCalls, readCalls } from "../../core/gateway-calls.js";
import type { CallRecord } from "../../domain/calls.js";
import { CALL_HEADERS, callDetail, callRow } from "../call-view.js";
import { fillTemplate, table, type App } from "../output.js";

export function register(program: Command, app: App): void {
  program
    .command("calls")
    .summary("show the model calls an agent made through the gateway")
    .description(
      "List an agent's recorded model calls: time, id, model, tokens in/out, time to first token, duration, cost.\n--format json prints the full records (request, response, usage, price).",
    )
    .argument("<name>", "the agent (live or destroyed)")
    .option("-f, --follow", "keep printing calls as they are recorded, until interrupted")
    .option("--show <id>", "print one call's request and response readably (json: the whole record)")
    .action(async (name: string, opts: { follow?: boolean; show?: string }) => {
      const ctx = await app.ctx();
      const out = app.out();
      if (opts.show) {
        const call = findCall(ctx, name, opts.show);
        return out.result(call, () => callDetail(call));
      }
      if (!opts.follow) {
        const calls = readCalls(ctx, name);
        return out.result(calls, () => (calls.length === 0 ? `no calls recorded for ${name}` : table(CALL_HEADERS, calls.map(callRow))));
      }
      const format = out.format;
      let printedHeader = false;
      const show = (call: CallRecord) => {
        if (format === "human") {
          if (!printedHeader) out.line(CALL_HEADERS.join("  "));
          printedHeader = true;
          out.line(callRow(call).join("  "));
        } else out.line(typeof format === "object" ? fillTemplate(format.template, call) : JSON.stringify(call));
      };
      const abort = new AbortController();
      process.once("SIGINT", () => abort.abort());
      process.once("SIGTERM", () => abort.abort());
      await followCalls(ctx, name, show, abort.signal);
    });
}
