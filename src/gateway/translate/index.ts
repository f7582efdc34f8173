import { AnthropicStreamReader } from "./anthropic-stream-reader.js";
import { AnthropicStreamWriter } from "./anthropic-stream-writer.js";
import { readAnthropicResponse, writeAnthropicResponse } from "./anthropic-response.js";
import { ChatStreamReader } from "./chat-stream-reader.js";
import { ChatStreamWriter } from "./chat-stream-writer.js";
import { readChatResponse, writeChatResponse } from "./chat-response.js";
import { readError, writeError } from "./errors.js";
import { geminiRequestToChat } from "./gemini-request.js";
import { writeGeminiResponse } from "./gemini-response.js";
import { GeminiStreamWriter } from "./gemini-stream-writer.js";
import type { JsonObject } from "./json.js";
import { anthropicRequestToChat } from "./request-anthropic-to-chat.js";
import { chatRequestToAnthropic } from "./request-chat-to-anthropic.js";
import { chatRequestToResponses } from "./request-chat-to-responses.js";
import { responsesRequestToChat } from "./request-responses-to-chat.js";
import { readResponsesResponse, writeResponsesResponse } from "./responses-response.js";
import { ResponsesStreamReader } from "./responses-stream-reader.js";
import { ResponsesStreamWriter } from "./responses-stream-writer.js";
import type { Turn, TurnWriter } from "./turn.js";
import type { ClientDialect, Dialect, StreamTranslator, Translation } from "./types.js";

export type { ClientDialect, Dialect, SseEvent, StreamTranslator, Translation, Usage } from "./types.js";
export { dialectError } from "./errors.js";
export { reassemble } from "./reassemble.js";
export { decodeSse, encodeSse, SseDecoder } from "./sse.js";
export { usageOf } from "./usage.js";

type RequestMap = (body: JsonObject, model: string) => JsonObject;

/** Requests go through Chat Completions: every request field has its Chat Completions counterpart. */
const requestToChat: Record<ClientDialect, RequestMap> = {
  anthropic: anthropicRequestToChat,
  gemini: geminiRequestToChat,
  "openai-chat": (body, model) => ({ ...body, model }),
  "openai-responses": responsesRequestToChat,
};

const requestFromChat: Record<Dialect, RequestMap> = {
  anthropic: chatRequestToAnthropic,
  "openai-chat": (body) => body,
  "openai-responses": chatRequestToResponses,
};

/** Replies go through a Turn, so each pair is translated directly and no detail is lost on the way. */
const readResponse: Record<Dialect, (body: JsonObject) => Turn> = {
  anthropic: readAnthropicResponse,
  "openai-chat": readChatResponse,
  "openai-responses": readResponsesResponse,
};

const writeResponse: Record<ClientDialect, (turn: Turn, model: string) => JsonObject> = {
  anthropic: writeAnthropicResponse,
  gemini: writeGeminiResponse,
  "openai-chat": writeChatResponse,
  "openai-responses": writeResponsesResponse,
};

const streamWriter: Record<ClientDialect, (model: string) => TurnWriter> = {
  anthropic: (model) => new AnthropicStreamWriter(model),
  gemini: (model) => new GeminiStreamWriter(model),
  "openai-chat": (model) => new ChatStreamWriter(model),
  "openai-responses": (model) => new ResponsesStreamWriter(model),
};

const streamReader: Record<Dialect, (writer: TurnWriter) => StreamTranslator> = {
  anthropic: (writer) => new AnthropicStreamReader(writer),
  "openai-chat": (writer) => new ChatStreamReader(writer),
  "openai-responses": (writer) => new ResponsesStreamReader(writer),
};

/**
 * Translation between the dialect a client speaks (`from`) and the one its upstream speaks (`to`);
 * null when they are the same and the call passes through, and when `to` is Gemini's dialect, which
 * nothing is translated into (a Gemini provider serves Gemini clients only).
 */
export function translation(from: ClientDialect, to: ClientDialect): Translation | null {
  if (from === to || to === "gemini") return null;
  return {
    request: (body, upstreamModel) => requestFromChat[to](requestToChat[from](body, upstreamModel), upstreamModel),
    response: (body, requestedModel) => writeResponse[from](readResponse[to](body), requestedModel),
    stream: (requestedModel) => streamReader[to](streamWriter[from](requestedModel)),
    error: (status, body) => writeError(from, readError(status, body)),
  };
}
