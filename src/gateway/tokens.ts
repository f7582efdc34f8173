import { readFileSync, statSync } from "node:fs";
import { z } from "zod";

export const TokenEntry = z.object({
  agentId: z.string(),
  agentName: z.string(),
  budgetUsd: z.number().nullable().default(null),
  /** the agent's own model (`--model`), which bare model names are routed to */
  model: z.string().nullable().default(null),
});
export type TokenEntry = z.infer<typeof TokenEntry>;
export const TokenFile = z.record(TokenEntry);

const RECHECK_MS = 500;

/**
 * The agents' gateway tokens, from tokens.json. Re-read when the file changes: at once for a token
 * it does not know (an agent created a moment ago), at most every RECHECK_MS for known ones
 * (an agent destroyed a moment ago).
 */
export class TokenRegistry {
  private tokens = new Map<string, TokenEntry>();
  private stamp = "";
  private checkedAt = 0;

  constructor(private readonly path: string) {
    this.reload();
  }

  lookup(token: string): TokenEntry | null {
    const now = Date.now();
    const known = this.tokens.get(token);
    if (known && now - this.checkedAt < RECHECK_MS) return known;
    this.checkedAt = now;
    this.reload();
    return this.tokens.get(token) ?? null;
  }

  private reload(): void {
    let stamp: string;
    try {
      const st = statSync(this.path);
      stamp = `${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch {
      this.tokens = new Map();
      this.stamp = "";
      return;
    }
    if (stamp === this.stamp) return;
    try {
      const parsed = TokenFile.parse(JSON.parse(readFileSync(this.path, "utf8")));
      this.tokens = new Map(Object.entries(parsed));
      this.stamp = stamp;
    } catch {
      // a half-written file cannot happen (writers rename into place); a broken one keeps the last good set
    }
  }
}
