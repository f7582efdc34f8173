/** One line of an agent's JSONL file as an object; null for a blank, cut-short or non-object line. */
export function parseJsonObject(line: string): Record<string, unknown> | null {
  if (line.trim() === "") return null;
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
