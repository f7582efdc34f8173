import { obj, str, type JsonObject } from "./json.js";
import type { StopReason } from "./turn.js";

export function readAnthropicStop(reason: unknown): StopReason {
  switch (reason) {
    case "stop_sequence":
      return "stop_sequence";
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return "tool_calls";
    case "refusal":
      return "content_filter";
    default:
      return "end"; // end_turn, pause_turn
  }
}

export function writeAnthropicStop(stop: StopReason): string {
  const reasons: Record<StopReason, string> = {
    end: "end_turn",
    stop_sequence: "stop_sequence",
    length: "max_tokens",
    tool_calls: "tool_use",
    content_filter: "refusal",
  };
  return reasons[stop];
}

export function readChatFinish(reason: unknown): StopReason {
  switch (reason) {
    case "length":
      return "length";
    case "tool_calls":
    case "function_call":
      return "tool_calls";
    case "content_filter":
      return "content_filter";
    default:
      return "end";
  }
}

export function writeChatFinish(stop: StopReason): string {
  const reasons: Record<StopReason, string> = {
    end: "stop",
    stop_sequence: "stop",
    length: "length",
    tool_calls: "tool_calls",
    content_filter: "content_filter",
  };
  return reasons[stop];
}

/** Responses has no stop reason: a finished reply that called tools is the tool_calls case. */
export function readResponsesStop(response: JsonObject, hasToolCalls: boolean): StopReason {
  const reason = str(obj(response.incomplete_details).reason);
  if (response.status === "incomplete") return reason === "content_filter" ? "content_filter" : "length";
  return hasToolCalls ? "tool_calls" : "end";
}

export function writeResponsesStatus(stop: StopReason): { status: string; incomplete_details: JsonObject | null } {
  if (stop === "length") return { status: "incomplete", incomplete_details: { reason: "max_output_tokens" } };
  if (stop === "content_filter") return { status: "incomplete", incomplete_details: { reason: "content_filter" } };
  return { status: "completed", incomplete_details: null };
}
