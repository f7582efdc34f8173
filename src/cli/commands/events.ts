import type { Command } from "commander";
import { followEvents, readEvents } from "../../core/events.js";
import type { AgentEvent } from "../../domain/agent.js";
import { fillTemplate, type App } from "../output.js";

export function register(program: Command, app: App): void {
  program
    .command("events")
    .summary("show agents' lifecycle and state events")
    .description(
      "Print events {ts, agent, type, data} as JSON lines: created, started, state, message, stopped, renamed, archived, destroyed. Without NAME: every agent's events, destroyed agents included.",
    )
    .argument("[name]", "one agent (live or destroyed)")
    .option("-f, --follow", "keep printing new events until interrupted")
    .action(async (name: string | undefined, opts) => {
      const ctx = await app.ctx();
      const out = app.out();
      const format = out.format;
      const show = (e: AgentEvent) => out.line(typeof format === "object" ? fillTemplate(format.template, e) : JSON.stringify(e));
      if (!opts.follow) {
        const events = readEvents(ctx, name);
        if (out.format === "json") out.result(events, () => "");
        else events.forEach(show);
        return;
      }
      const abort = new AbortController();
      process.once("SIGINT", () => abort.abort());
      process.once("SIGTERM", () => abort.abort());
      await followEvents(ctx, name, show, abort.signal);
    });
}
