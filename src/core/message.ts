import { createHash } from "node:crypto";
import { AppError, UsageError } from "../domain/errors.js";
import type { Located } from "./agents.js";
import { AGENT_WINDOW, type Context } from "./context.js";
import { appendEvent, observe } from "./observe.js";

export const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface Delivery {
  name: string;
  delivered: boolean;
  confirmed: boolean;
  bytes: number;
}

/** Pastes text byte-exactly into the agent's window and submits it; one message at a time per agent. */
export async function deliverMessage(ctx: Context, agent: Located, text: string): Promise<Delivery> {
  const bytes = Buffer.byteLength(text);
  if (bytes === 0) throw new UsageError("the message is empty", { hint: "give the text with -m, --message-file or on stdin" });
  if (bytes > MAX_MESSAGE_BYTES) throw new UsageError(`the message is ${bytes} bytes; the limit is ${MAX_MESSAGE_BYTES}`, { hint: "send a path to a file instead of its contents" });
  const { host, record } = agent;
  const release = await host.store.lock(record.id, "message", 60_000);
  try {
    const [observed] = await observe(ctx, [agent]);
    const state = observed?.decision.state;
    if (state === "stopped" || state === "done" || observed?.pane == null) {
      throw new AppError(`agent '${record.name}' is ${state}; nothing was delivered`, { hint: `start it with \`muster start ${record.name}\`` });
    }
    await host.tmux.paste(observed.pane.session, AGENT_WINDOW, text);
    await host.tmux.sendKeys(observed.pane.session, AGENT_WINDOW, ["Enter"]);
    appendEvent(host, record, "message", { bytes, sha256: createHash("sha256").update(text).digest("hex"), confirmed: false });
    return { name: record.name, delivered: true, confirmed: false, bytes };
  } finally {
    release();
  }
}
