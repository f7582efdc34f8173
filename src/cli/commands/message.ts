import type { Command } from "commander";
import { findAgent } from "../../core/agents.js";
import { deliverMessage, type Delivery } from "../../core/message.js";
import { AppError, UsageError } from "../../domain/errors.js";
import { readAll, readMessage } from "../options.js";
import type { App } from "../output.js";

export function register(program: Command, app: App): void {
  program
    .command("message")
    .alias("msg")
    .summary("send text to one or more agents")
    .description(
      "Deliver text byte-exactly (unicode, quotes, newlines, control characters; up to 1 MiB) and submit it. The text comes from -m, --message-file, or stdin. Messages to one agent are serialised. Exit 0 when delivered, 7 when delivered but the agent is blocked on a dialog, 1 when not delivered, 3 when an agent does not exist.",
    )
    .argument("<names...>", "agents to send to")
    .option("-m, --message <text>", "the text")
    .option("--message-file <path>", "read the text from this file ('-' for stdin)")
    .action(async (names: string[], opts) => {
      const ctx = await app.ctx();
      const out = app.out();
      const text = (await readMessage(opts)) ?? (process.stdin.isTTY ? undefined : await readAll(process.stdin));
      if (text === undefined) throw new UsageError("no message given", { hint: "use -m TEXT, --message-file PATH, or pipe the text on stdin" });
      const agents = names.map((name) => findAgent(ctx, name));
      const results = await Promise.allSettled(agents.map((agent) => deliverMessage(ctx, agent, text)));
      const deliveries: Array<Delivery & { error?: string }> = results.map((r, i) =>
        r.status === "fulfilled"
          ? r.value
          : { name: agents[i]?.record.name ?? "", delivered: false, confirmed: false, bytes: 0, error: (r.reason as Error).message },
      );
      const failures = results.flatMap((r) => (r.status === "rejected" ? [r.reason as Error] : []));
      if (failures.length === 1 && agents.length === 1) throw failures[0];
      out.result(agents.length === 1 ? deliveries[0] : deliveries, () =>
        deliveries.map((d) => (d.delivered ? `delivered to ${d.name}` : `not delivered to ${d.name}: ${d.error}`)).join("\n"),
      );
      if (failures.length > 0) {
        app.setExit(Math.max(...failures.map((f) => (f instanceof AppError ? f.exitCode : 1))));
      }
    });
}
