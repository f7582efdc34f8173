/** The three wire dialects the gateway speaks, inbound and upstream. */
export type Dialect = "anthropic" | "openai-chat" | "openai-responses";

/** What clients may speak: the three above, and Gemini's generateContent, which is always translated. */
export type ClientDialect = Dialect | "gemini";

/** A server-sent event as it goes over the wire: optional `event:` name and the `data:` payload text. */
export interface SseEvent {
  event?: string;
  data: string;
}

/**
 * Token usage in one shape for every dialect. The four counts never overlap:
 * the prompt is `input + cacheRead + cacheWrite` and `input` is the part that was neither read from
 * nor written to a cache. `output` includes reasoning tokens; `reasoning` is that part of `output`.
 */
export interface Usage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  reasoning: number;
}

export interface StreamTranslator {
  /** one upstream event in, zero or more client events out (state kept inside) */
  push(event: SseEvent): SseEvent[];
  /** upstream ended: flush whatever the client still needs (closing events, [DONE]) */
  end(): SseEvent[];
}

export interface Translation {
  /** inbound request body (already JSON-parsed) -> upstream request body; `model` is set by the router */
  request(body: Record<string, unknown>, upstreamModel: string): Record<string, unknown>;
  /** upstream non-streaming response body -> inbound-dialect response body */
  response(body: Record<string, unknown>, requestedModel: string): Record<string, unknown>;
  /** a fresh translator for one streamed response */
  stream(requestedModel: string): StreamTranslator;
  /** upstream error body + status -> inbound-dialect error body */
  error(status: number, body: unknown): Record<string, unknown>;
}
