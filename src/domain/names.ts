import { randomBytes, randomInt } from "node:crypto";
import { z } from "zod";

export const NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Agent and host names: DNS-safe labels, 1-63 chars, lowercase letters, digits and inner hyphens. */
export const AgentName = z.string().regex(NAME_PATTERN, "use 1-63 lowercase letters, digits and hyphens, not starting or ending with a hyphen");
export type AgentName = z.infer<typeof AgentName>;

export const AgentId = z.string().regex(/^agent-[0-9a-f]{32}$/, "expected agent- followed by 32 hex characters");
export type AgentId = z.infer<typeof AgentId>;

export function newAgentId(): AgentId {
  return `agent-${randomBytes(16).toString("hex")}`;
}

export function isValidName(name: string): boolean {
  return NAME_PATTERN.test(name);
}

const ADJECTIVES = [
  "amber",
  "brave",
  "brisk",
  "calm",
  "clever",
  "cosmic",
  "crisp",
  "eager",
  "fuzzy",
  "gentle",
  "glad",
  "golden",
  "happy",
  "jolly",
  "keen",
  "lively",
  "lucky",
  "merry",
  "mighty",
  "nimble",
  "noble",
  "plucky",
  "proud",
  "quick",
  "quiet",
  "rapid",
  "rosy",
  "shiny",
  "snappy",
  "steady",
  "sunny",
  "swift",
  "tidy",
  "witty",
  "zesty",
  "bold",
  "bright",
  "deft",
  "jade",
  "sage",
];
const NOUNS = [
  "otter",
  "falcon",
  "badger",
  "heron",
  "lynx",
  "marten",
  "osprey",
  "panda",
  "quokka",
  "raven",
  "robin",
  "salmon",
  "tapir",
  "walrus",
  "wombat",
  "yak",
  "zebra",
  "beaver",
  "bison",
  "crane",
  "dingo",
  "egret",
  "ferret",
  "gecko",
  "ibis",
  "koala",
  "lemur",
  "moose",
  "newt",
  "owl",
  "puffin",
  "seal",
  "stoat",
  "swan",
  "tern",
  "toad",
  "vole",
  "wren",
  "finch",
  "hare",
];

/** A short readable name such as `brisk-otter`; the caller retries on collision. */
export function generateName(taken: ReadonlySet<string>): AgentName {
  for (let attempt = 0; attempt < 50; attempt++) {
    const name = `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${NOUNS[randomInt(NOUNS.length)]}`;
    if (!taken.has(name)) return name;
  }
  for (let suffix = 2; ; suffix++) {
    const name = `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${NOUNS[randomInt(NOUNS.length)]}-${suffix}`;
    if (!taken.has(name)) return name;
  }
}
