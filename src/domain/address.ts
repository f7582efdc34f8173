import { UsageError } from "./errors.js";
import { NAME_PATTERN } from "./names.js";

/** `[NAME][@[HOST][.PROVIDER]]` — every part optional. */
export interface AgentAddress {
  name?: string;
  host?: string;
  provider?: string;
}

const PROVIDER_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

export function parseAddress(input: string): AgentAddress {
  const at = input.indexOf("@");
  const namePart = at === -1 ? input : input.slice(0, at);
  const hostPart = at === -1 ? undefined : input.slice(at + 1);
  const address: AgentAddress = {};

  if (namePart !== "") address.name = checkPart(input, namePart, "agent name", NAME_PATTERN);
  if (hostPart === undefined) {
    if (address.name === undefined) throw new UsageError("empty address", { hint: "an address looks like NAME, NAME@HOST or NAME@HOST.PROVIDER" });
    return address;
  }
  if (hostPart === "")
    throw new UsageError(`address '${input}' has '@' but no host or provider`, { hint: "write NAME@HOST, NAME@HOST.PROVIDER or NAME@.PROVIDER" });

  const dot = hostPart.indexOf(".");
  const host = dot === -1 ? hostPart : hostPart.slice(0, dot);
  const provider = dot === -1 ? undefined : hostPart.slice(dot + 1);
  if (host !== "") address.host = checkPart(input, host, "host name", NAME_PATTERN);
  if (provider !== undefined) address.provider = checkPart(input, provider, "provider", PROVIDER_PATTERN);
  return address;
}

function checkPart(input: string, part: string, what: string, pattern: RegExp): string {
  if (pattern.test(part)) return part;
  throw new UsageError(`invalid ${what} '${part}' in address '${input}'`, {
    hint: "names use 1-63 lowercase letters, digits and hyphens; an address looks like NAME[@[HOST][.PROVIDER]]",
  });
}

export function formatAddress(address: AgentAddress): string {
  const where = address.host || address.provider ? `@${address.host ?? ""}${address.provider ? `.${address.provider}` : ""}` : "";
  return `${address.name ?? ""}${where}`;
}
