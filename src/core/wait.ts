import type { AgentState } from "../domain/agent.js";
import { TimeoutError } from "../domain/errors.js";
import { findAgent } from "./agents.js";
import type { Context } from "./context.js";
import { observe, type Observed } from "./observe.js";

/** Polls until the agent is in one of the states; throws TimeoutError (exit 124) otherwise. */
export async function waitForState(
  ctx: Context,
  name: string,
  states: readonly AgentState[],
  timeoutMs: number | null,
  intervalMs = 100,
): Promise<Observed> {
  const deadline = timeoutMs === null ? Infinity : Date.now() + timeoutMs;
  for (;;) {
    const agent = findAgent(ctx, name);
    const [observed] = await observe(ctx, [agent]);
    if (observed && states.includes(observed.decision.state)) return observed;
    if (Date.now() >= deadline) {
      throw new TimeoutError(`'${name}' did not reach ${states.join(" or ")} in time; it is ${observed?.decision.state}`, {
        hint: "run `muster explain " + name + "` to see why",
        data: { state: observed?.decision.state },
      });
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
  }
}
