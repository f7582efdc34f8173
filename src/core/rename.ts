import { ConflictError, UsageError } from "../domain/errors.js";
import { isValidName } from "../domain/names.js";
import type { Located } from "./agents.js";
import { agentSession, sessionName, type Context } from "./context.js";
import { renameInGateway } from "./gateway.js";
import { appendEvent } from "./observe.js";

/** Renames the agent and its tmux session; the work dir and branch keep their names. */
export async function renameAgent(ctx: Context, agent: Located, newNameText: string): Promise<{ from: string; to: string }> {
  if (!isValidName(newNameText))
    throw new UsageError(`invalid agent name '${newNameText}'`, { hint: "names use 1-63 lowercase letters, digits and hyphens" });
  const newName = newNameText;
  const { host, record } = agent;
  if (newName === record.name) return { from: record.name, to: newName };
  if (!host.store.claimName(newName, record.id)) {
    throw new ConflictError(`an agent named '${newName}' already exists on ${host.name}`, { hint: "pick another name" });
  }
  const release = await host.store.lock(record.id, "message", 30_000);
  try {
    const session = sessionName(ctx, newName);
    if (await host.tmux.hasSession(session)) {
      host.store.releaseName(newName, record.id);
      throw new ConflictError(`tmux session ${session} already exists`, { hint: "pick another name" });
    }
    if (await host.tmux.hasSession(agentSession(ctx, record))) await host.tmux.renameSession(agentSession(ctx, record), session);
    host.store.writeRecord({ ...record, name: newName, session });
    host.store.writeEnv(record.id, { ...host.store.readEnv(record.id), MUSTER_AGENT_NAME: newName });
    host.store.releaseName(record.name, record.id);
    await renameInGateway(host, record.id, newName);
    appendEvent(host, { ...record, name: newName }, "renamed", { from: record.name, to: newName });
  } finally {
    release();
  }
  return { from: record.name, to: newName };
}
