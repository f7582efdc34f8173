/** A server-sent event as it goes over the wire (the same shape the translators use). */
export interface SseEvent {
  event?: string;
  data: string;
}

/** Splits a byte stream into events; feed it chunks as they arrive, in order. */
export class SseParser {
  private buffer = "";
  private readonly decoder = new TextDecoder();
  private event: string | undefined;
  private data: string[] = [];

  push(chunk: Uint8Array): SseEvent[] {
    this.buffer += this.decoder.decode(chunk, { stream: true });
    const out: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const nl = this.buffer.indexOf("\n", start);
      if (nl === -1) break;
      const line = this.buffer.charCodeAt(nl - 1) === 13 ? this.buffer.slice(start, nl - 1) : this.buffer.slice(start, nl);
      start = nl + 1;
      const done = this.line(line);
      if (done) out.push(done);
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  /** the stream ended: an event not closed by a blank line still counts */
  end(): SseEvent[] {
    const rest = this.buffer;
    this.buffer = "";
    const last = rest === "" ? null : this.line(rest);
    const tail = this.line("");
    return [last, tail].filter((e): e is SseEvent => e !== null);
  }

  private line(line: string): SseEvent | null {
    if (line === "") {
      if (this.data.length === 0 && this.event === undefined) return null;
      const event: SseEvent = this.event === undefined ? { data: this.data.join("\n") } : { event: this.event, data: this.data.join("\n") };
      this.event = undefined;
      this.data = [];
      return event;
    }
    if (line.startsWith(":")) return null;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
    return null;
  }
}

export function formatSse(event: SseEvent): string {
  const data = event.data.includes("\n")
    ? event.data
        .split("\n")
        .map((d) => `data: ${d}`)
        .join("\n")
    : `data: ${event.data}`;
  return event.event === undefined ? `${data}\n\n` : `event: ${event.event}\n${data}\n\n`;
}
