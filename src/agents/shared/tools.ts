import { clip } from "../../domain/transcript.js";

type Json = Record<string, unknown>;

/** A one-line view of a tool input: the command, path or pattern when there is one. */
export function summarise(input: unknown): string {
  if (!input || typeof input !== "object") return "";
  const i = input as Json;
  for (const key of ["command", "cmd", "file_path", "path", "pattern", "url", "description"]) {
    if (typeof i[key] === "string") return clip(i[key] as string, 400);
  }
  return clip(JSON.stringify(input), 400);
}
