import type { SseEvent } from "./types.js";

/** An event whose data is the JSON of `payload`, named `event` when the dialect names its events. */
export function jsonEvent(payload: unknown, event?: string): SseEvent {
  const data = JSON.stringify(payload);
  return event === undefined ? { data } : { event, data };
}

/** Wire text for events: `event:` line when named, one `data:` line per payload line, blank line after each. */
export function encodeSse(events: SseEvent[]): string {
  return events.map(encodeOne).join("");
}

function encodeOne(event: SseEvent): string {
  const name = event.event === undefined ? "" : `event: ${event.event}\n`;
  const data = event.data
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join("");
  return `${name}${data}\n`;
}

/** All events in a complete SSE text. */
export function decodeSse(text: string): SseEvent[] {
  const decoder = new SseDecoder();
  return [...decoder.push(text), ...decoder.end()];
}

/**
 * Incremental SSE parser: feed text as it arrives (chunks may split lines anywhere), get whole events.
 * Follows the SSE rules that matter here: `:` comments and `id:`/`retry:` are ignored, several
 * `data:` lines join with "\n", a blank line ends an event, and events without data are dropped.
 */
export class SseDecoder {
  private buffer = "";
  private eventName: string | undefined;
  private dataLines: string[] = [];

  push(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const events: SseEvent[] = [];
    let newline = this.findLineEnd();
    while (newline !== -1) {
      const line = this.buffer.slice(0, newline);
      const width = this.buffer.startsWith("\r\n", newline) ? 2 : 1;
      this.buffer = this.buffer.slice(newline + width);
      const event = this.takeLine(line);
      if (event) events.push(event);
      newline = this.findLineEnd();
    }
    return events;
  }

  /** the stream closed: a last event without its blank line still counts */
  end(): SseEvent[] {
    const events = this.buffer.length > 0 ? this.push("\n") : [];
    const last = this.takeLine("");
    return last ? [...events, last] : events;
  }

  private findLineEnd(): number {
    const match = /\r\n|\r|\n/.exec(this.buffer);
    // a lone "\r" at the very end may be the first half of "\r\n": wait for more text
    if (!match || (match[0] === "\r" && match.index === this.buffer.length - 1)) return -1;
    return match.index;
  }

  private takeLine(line: string): SseEvent | undefined {
    if (line === "") return this.dispatch();
    if (line.startsWith(":")) return undefined;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") this.eventName = value;
    if (field === "data") this.dataLines.push(value);
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    const name = this.eventName;
    const lines = this.dataLines;
    this.eventName = undefined;
    this.dataLines = [];
    if (lines.length === 0) return undefined;
    const data = lines.join("\n");
    return name === undefined ? { data } : { event: name, data };
  }
}
