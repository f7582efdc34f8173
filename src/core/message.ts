import { createHash } from "node:crypto";
import { AppError, BlockedError, UsageError } from "../domain/errors.js";
import type { DeliveryProbe } from "../ports/agent-type.js";
import type { Located } from "./agents.js";
import { AGENT_WINDOW, type Context } from "./context.js";
import { agentContext } from "./launch.js";
import { appendEvent, observe, typeOf, type Observed } from "./observe.js";

export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** How long a TUI may take to show its input (create -m waits for a fresh agent). */
const READY_TIMEOUT_MS = 60_000;
/** How long the agent has to show evidence that it took the text. */
const CONFIRM_WINDOW_MS = 30_000;
/** Enter is sent again at these times after the first, while the text still sits unsubmitted. */
const ENTER_RETRY_AT_MS = [3_000, 10_000];
/** After confirmation, how long a dialog the message opened is looked for (exit 7). */
const SETTLE_MS = 3_000;
const POLL_MS = 100;

export interface Delivery {
  name: string;
  delivered: boolean;
  confirmed: boolean;
  bytes: number;
  /** what proved that the agent took the text */
  evidence?: string;
  /** from the start of delivery to the evidence */
  confirmMs?: number;
  enterRetries?: number;
}

/** Pastes text byte-exactly into the agent's window and submits it; one message at a time per agent. */
export async function deliverMessage(ctx: Context, agent: Located, text: string): Promise<Delivery> {
  const bytes = Buffer.byteLength(text);
  if (bytes === 0) throw new UsageError("the message is empty", { hint: "give the text with -m, --message-file or on stdin" });
  if (bytes > MAX_MESSAGE_BYTES)
    throw new UsageError(`the message is ${bytes} bytes; the limit is ${MAX_MESSAGE_BYTES}`, {
      hint: "send a path to a file instead of its contents",
    });
  const { host, record } = agent;
  const release = await host.store.lock(record.id, "message", 60_000);
  try {
    const probe = typeOf(ctx, record).delivery;
    if (probe) return await deliverConfirmed(ctx, agent, probe, text);
    const [observed] = await observe(ctx, [agent]);
    const pane = requireRunning(observed, record.name);
    await host.tmux.paste(pane.session, AGENT_WINDOW, text);
    await host.tmux.sendKeys(pane.session, AGENT_WINDOW, ["Enter"]);
    appendEvent(host, record, "message", { bytes, sha256: sha256(text), confirmed: false });
    return { name: record.name, delivered: true, confirmed: false, bytes };
  } finally {
    release();
  }
}

async function deliverConfirmed(ctx: Context, agent: Located, probe: DeliveryProbe, text: string): Promise<Delivery> {
  const { host, record } = agent;
  const bytes = Buffer.byteLength(text);
  const ready = await waitUntilReady(ctx, agent, probe);
  const session = ready.pane?.session ?? "";
  const actx = agentContext(host, record);
  const started = Date.now();
  const baseline = probe.baseline(actx);
  await host.tmux.paste(session, AGENT_WINDOW, text);
  if (probe.submitDelayMs) await sleep(probe.submitDelayMs);
  await host.tmux.sendKeys(session, AGENT_WINDOW, ["Enter"]);
  let evidence: string | null = null;
  let enterRetries = 0;
  let nextRetry = 0;
  while (Date.now() - started < CONFIRM_WINDOW_MS) {
    evidence = probe.accepted(actx, baseline, text);
    if (evidence !== null) break;
    const retryAt = ENTER_RETRY_AT_MS[nextRetry];
    if (retryAt !== undefined && Date.now() - started >= retryAt) {
      nextRetry += 1;
      const screen = await host.tmux.capturePane(session, AGENT_WINDOW).catch(() => "");
      if (probe.pending(screen, text)) {
        await host.tmux.sendKeys(session, AGENT_WINDOW, ["Enter"]);
        enterRetries += 1;
      }
    }
    await sleep(POLL_MS);
  }
  const confirmMs = Date.now() - started;
  if (evidence === null) {
    const screen = await host.tmux.capturePane(session, AGENT_WINDOW).catch(() => "");
    appendEvent(host, record, "message", { bytes, sha256: sha256(text), confirmed: false, enterRetries });
    throw new AppError(`'${record.name}' showed no sign of taking the message within ${CONFIRM_WINDOW_MS / 1000} s`, {
      hint: `look at its screen with \`muster capture ${record.name}\`; the text may still sit in its input`,
      data: { baseline, enterRetries, screen: screen.split("\n").slice(-15).join("\n") },
    });
  }
  const blocked = await blockedSoon(ctx, agent);
  appendEvent(host, record, "message", { bytes, sha256: sha256(text), confirmed: true, evidence, confirmMs, enterRetries, blocked });
  const delivery = { name: record.name, delivered: true, confirmed: true, bytes, evidence, confirmMs, enterRetries };
  if (blocked) {
    throw new BlockedError(`delivered to '${record.name}', which is now blocked on a dialog`, {
      hint: `answer it: \`muster connect ${record.name}\` (or \`muster capture ${record.name}\` to see it)`,
      data: delivery,
    });
  }
  return delivery;
}

/** Polls until the agent's input takes text. A dialog in the way means nothing is sent at all. */
async function waitUntilReady(ctx: Context, agent: Located, probe: DeliveryProbe): Promise<Observed> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const [observed] = await observe(ctx, [agent]);
    requireRunning(observed, agent.record.name);
    const state = observed?.decision.state;
    if (state === "blocked") {
      throw new AppError(`'${agent.record.name}' is blocked on a dialog; nothing was delivered`, {
        hint: `answer it first: \`muster connect ${agent.record.name}\` (\`muster capture ${agent.record.name}\` shows it)`,
      });
    }
    // "starting": the type has not said the agent is up, even if an input box already shows
    if (observed && state !== "starting" && observed.screen !== null && probe.ready(observed.screen)) return observed;
    if (Date.now() > deadline) {
      throw new AppError(`'${agent.record.name}' did not show its input within ${READY_TIMEOUT_MS / 1000} s; nothing was delivered`, {
        hint: `see what it shows: \`muster capture ${agent.record.name}\``,
        data: { state, screen: (observed?.screen ?? "").split("\n").slice(-15).join("\n") },
      });
    }
    await sleep(POLL_MS);
  }
}

/** Watches briefly for a dialog the message opened; stops early once the turn is over. */
async function blockedSoon(ctx: Context, agent: Located): Promise<boolean> {
  const deadline = Date.now() + SETTLE_MS;
  let turnSeen = false; // until the turn shows, "waiting" is the state from before the message
  while (Date.now() < deadline) {
    const [observed] = await observe(ctx, [agent]);
    const state = observed?.decision.state;
    if (state === "blocked") return true;
    if (state === "done" || state === "stopped" || (state === "waiting" && turnSeen)) return false;
    turnSeen ||= state === "working";
    await sleep(POLL_MS);
  }
  return false;
}

function requireRunning(observed: Observed | undefined, name: string): NonNullable<Observed["pane"]> {
  const state = observed?.decision.state;
  if (state === "stopped" || state === "done" || observed?.pane == null) {
    throw new AppError(`agent '${name}' is ${state}; nothing was delivered`, { hint: `start it with \`muster start ${name}\`` });
  }
  return observed.pane;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
