/**
 * TUIs rewrap, trim and re-render what was typed, so text is compared by a fingerprint: lowercase
 * letters and digits only, and of a long text only its end.
 */
export function fingerprint(text: string, max = 60): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "")
    .slice(-max);
}

/** true when `haystack` contains the fingerprint of `text` (an empty fingerprint never matches) */
export function containsText(haystack: string, text: string): boolean {
  const needle = fingerprint(text);
  return needle !== "" && fingerprint(haystack, Infinity).includes(needle);
}

/** The last `count` non-empty lines of a screen. */
export function lastLines(screen: string, count: number): string[] {
  return screen
    .split("\n")
    .filter((line) => line.trim() !== "")
    .slice(-count);
}
