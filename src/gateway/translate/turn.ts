import { randomUUID } from "node:crypto";
import type { ErrorInfo } from "./errors.js";
import type { SseEvent, Usage } from "./types.js";

/**
 * One model reply, independent of dialect: responses of every dialect are read into a Turn and
 * written out from one, and streams are read into the calls of a TurnWriter.
 */
export interface Turn {
  id: string;
  /** unix seconds */
  created: number;
  blocks: Block[];
  stop: StopReason;
  /** the stop sequence that ended the reply, when the dialect says which */
  stopSequence: string | null;
  usage: Usage;
}

export type Block =
  | { type: "text"; text: string }
  | { type: "reasoning"; text: string }
  /** arguments stay JSON text, as the OpenAI dialects carry them */
  | { type: "tool_call"; id: string; name: string; arguments: string };

export type StopReason = "end" | "stop_sequence" | "length" | "tool_calls" | "content_filter";

export interface TurnStart {
  id: string;
  created: number;
}

export interface TurnEnd {
  stop: StopReason;
  stopSequence: string | null;
  usage: Usage;
}

/**
 * Writes one streamed reply in a client's dialect. Readers call `start` first, then content in
 * order, then exactly one of `finish` or `fail`; calls after that return nothing.
 * `key` names a tool call within the reply (the upstream's own index or item).
 */
export interface TurnWriter {
  start(meta: TurnStart): SseEvent[];
  text(delta: string): SseEvent[];
  reasoning(delta: string): SseEvent[];
  toolCall(key: string, id: string, name: string): SseEvent[];
  toolArguments(key: string, delta: string): SseEvent[];
  finish(end: TurnEnd): SseEvent[];
  fail(error: ErrorInfo): SseEvent[];
}

export const noUsage: Usage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 };

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** an id for replies whose upstream sent none */
export function newId(prefix: string): string {
  return `${prefix}${randomUUID().replaceAll("-", "")}`;
}
