import { parseAddress } from "../domain/address.js";
import type { AgentRecord } from "../domain/agent.js";
import { NotFoundError } from "../domain/errors.js";
import type { Host } from "../ports/host.js";
import type { Context } from "./context.js";

export interface Located {
  host: Host;
  record: AgentRecord;
}

/** The hosts an address may refer to; without a host or provider, every known host. */
export function hostsFor(ctx: Context, address: { host?: string; provider?: string }): Host[] {
  if (address.provider !== undefined) {
    const provider = ctx.providers.get(address.provider);
    if (!provider)
      throw new NotFoundError(`unknown provider '${address.provider}'`, { hint: `known providers: ${[...ctx.providers.keys()].join(", ")}` });
    return address.host === undefined ? provider.hostNames().map((h) => provider.host(h)) : [provider.host(address.host)];
  }
  if (address.host !== undefined) {
    for (const provider of ctx.providers.values()) {
      if (provider.hostNames().includes(address.host)) return [provider.host(address.host)];
    }
    throw new NotFoundError(`unknown host '${address.host}'`, {
      hint: `known hosts: ${allHosts(ctx)
        .map((h) => h.name)
        .join(", ")}`,
    });
  }
  return allHosts(ctx);
}

export function allHosts(ctx: Context): Host[] {
  return [...ctx.providers.values()].flatMap((p) => p.hostNames().map((h) => p.host(h)));
}

/** Finds one agent by address (`name`, `name@host`, `name@host.provider`). */
export function findAgent(ctx: Context, addressText: string): Located {
  const address = parseAddress(addressText);
  if (address.name === undefined)
    throw new NotFoundError(`'${addressText}' names no agent`, { hint: "give the agent's name, e.g. `fix-tests` or `fix-tests@local`" });
  for (const host of hostsFor(ctx, address)) {
    // the name claim leads straight to the record; scanning every record is only the fallback
    const record = host.store.recordByName(address.name) ?? host.store.listRecords().records.find((r) => r.name === address.name);
    if (record) return { host, record };
  }
  throw new NotFoundError(`no agent named '${address.name}'`, { hint: "run `muster list` to see agents" });
}

export function listAgents(ctx: Context, hosts: readonly Host[] = allHosts(ctx)): Located[] {
  return hosts.flatMap((host) => {
    const { records, broken } = host.store.listRecords();
    for (const b of broken) ctx.warn(`skipping unreadable agent record in ${b.dir}: ${b.reason}`);
    return records.map((record) => ({ host, record }));
  });
}
