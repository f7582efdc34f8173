import { z } from "zod";

/** Who produced a transcript record. */
export const TranscriptRole = z.enum(["user", "assistant", "tool", "system"]);
/** What it is: a message, a tool call with its input, a tool result, an error, or a lifecycle event. */
export const TranscriptKind = z.enum(["message", "tool_call", "tool_result", "error", "event"]);

/**
 * One normalised transcript record, the same for every agent type (docs/transcript.md).
 * `id` is stable across reads of the same native files, so records are never written twice.
 */
export const TranscriptRecord = z.object({
  id: z.string().min(1),
  ts: z.string(),
  agent: z.string(),
  source: z.string(),
  session: z.string().nullable(),
  turn: z.number().int().nonnegative(),
  role: TranscriptRole,
  kind: TranscriptKind,
  text: z.string(),
  tool: z
    .object({
      id: z.string().nullable(),
      name: z.string(),
      input: z.unknown().optional(),
      isError: z.boolean().optional(),
    })
    .optional(),
});
export type TranscriptRecord = z.infer<typeof TranscriptRecord>;

/** A record before the use case stamps the agent's name on it. */
export type NativeRecord = Omit<TranscriptRecord, "agent">;

export const MAX_TOOL_TEXT = 4000;

export function clip(text: string, max = MAX_TOOL_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max)}… [${text.length - max} more characters]`;
}
