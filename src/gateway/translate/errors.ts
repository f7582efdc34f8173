import { isObject, obj, str, type JsonObject } from "./json.js";
import type { ClientDialect } from "./types.js";

export type ErrorKind =
  | "invalid_request"
  | "authentication"
  | "billing"
  | "permission"
  | "not_found"
  | "request_too_large"
  | "rate_limit"
  | "timeout"
  | "overloaded"
  | "server";

/** An error in no dialect: what went wrong, how it is classed, and the HTTP status that came with it. */
export interface ErrorInfo {
  status: number;
  kind: ErrorKind;
  message: string;
}

/** The upstream stream stopped before saying the reply was complete. */
export const cutShort: ErrorInfo = { status: 502, kind: "server", message: "the upstream stream ended before the reply was complete" };

const anthropicTypes: Record<ErrorKind, string> = {
  invalid_request: "invalid_request_error",
  authentication: "authentication_error",
  billing: "billing_error",
  permission: "permission_error",
  not_found: "not_found_error",
  request_too_large: "request_too_large",
  rate_limit: "rate_limit_error",
  timeout: "timeout_error",
  overloaded: "overloaded_error",
  server: "api_error",
};

const openaiTypes: Record<ErrorKind, string> = {
  invalid_request: "invalid_request_error",
  authentication: "authentication_error",
  billing: "insufficient_quota",
  permission: "permission_error",
  not_found: "not_found_error",
  request_too_large: "invalid_request_error",
  rate_limit: "rate_limit_error",
  timeout: "timeout_error",
  overloaded: "server_error",
  server: "server_error",
};

/** Google's canonical status names, which Gemini errors carry beside the HTTP code */
const googleStatuses: Record<ErrorKind, string> = {
  invalid_request: "INVALID_ARGUMENT",
  authentication: "UNAUTHENTICATED",
  billing: "FAILED_PRECONDITION",
  permission: "PERMISSION_DENIED",
  not_found: "NOT_FOUND",
  request_too_large: "INVALID_ARGUMENT",
  rate_limit: "RESOURCE_EXHAUSTED",
  timeout: "DEADLINE_EXCEEDED",
  overloaded: "UNAVAILABLE",
  server: "INTERNAL",
};

/** errors in each dialect's own shape, for errors the gateway itself produces (401, budget, bad route) */
export function dialectError(dialect: ClientDialect, status: number, message: string, type?: string): JsonObject {
  const kind = kindOfStatus(status);
  if (dialect === "gemini") return { error: { code: status, message, status: googleStatuses[kind] } };
  if (dialect === "anthropic") return { type: "error", error: { type: type ?? anthropicTypes[kind], message } };
  return { error: { message, type: type ?? openaiTypes[kind], param: null, code: null } };
}

export function writeError(dialect: ClientDialect, error: ErrorInfo): JsonObject {
  if (dialect === "gemini") return { error: { code: error.status, message: error.message, status: googleStatuses[error.kind] } };
  if (dialect === "anthropic") return { type: "error", error: { type: anthropicTypes[error.kind], message: error.message } };
  return { error: { message: error.message, type: openaiTypes[error.kind], param: null, code: null } };
}

/**
 * Reads an upstream error body of any shape: Anthropic's and OpenAI's, Ollama's `{error: "..."}`,
 * FastAPI's `{detail}`, a bare `{message}` or plain text. The type names the kind when known,
 * the status otherwise.
 */
export function readError(status: number, body: unknown): ErrorInfo {
  const error = obj(obj(body).error);
  const message = errorMessage(body) ?? `upstream answered with HTTP status ${status}`;
  const byType = kindOfType(str(error.type)) ?? kindOfType(str(error.code));
  const byStatus = kindOfStatus(status);
  // the catch-all types say less than a specific status (a 413 sent as invalid_request_error)
  const kind = byType === undefined || (isCatchAll(byType) && !isCatchAll(byStatus)) ? byStatus : byType;
  return { status, kind, message };
}

function isCatchAll(kind: ErrorKind): boolean {
  return kind === "invalid_request" || kind === "server";
}

function errorMessage(body: unknown): string | undefined {
  if (typeof body === "string") return body.trim() || undefined;
  if (!isObject(body)) return undefined;
  if (typeof body.error === "string") return body.error;
  const detail = body.detail === undefined || typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
  return str(obj(body.error).message) ?? str(body.message) ?? detail;
}

function kindOfType(type: string | undefined): ErrorKind | undefined {
  const byType: Record<string, ErrorKind> = {
    invalid_request_error: "invalid_request",
    authentication_error: "authentication",
    invalid_api_key: "authentication",
    billing_error: "billing",
    insufficient_quota: "billing",
    permission_error: "permission",
    not_found_error: "not_found",
    model_not_found: "not_found",
    request_too_large: "request_too_large",
    rate_limit_error: "rate_limit",
    rate_limit_exceeded: "rate_limit",
    timeout_error: "timeout",
    overloaded_error: "overloaded",
    api_error: "server",
    server_error: "server",
  };
  return type !== undefined && Object.hasOwn(byType, type) ? byType[type] : undefined;
}

export function kindOfStatus(status: number): ErrorKind {
  const byStatus: Record<number, ErrorKind> = {
    401: "authentication",
    402: "billing",
    403: "permission",
    404: "not_found",
    413: "request_too_large",
    429: "rate_limit",
    503: "overloaded",
    504: "timeout",
    529: "overloaded",
  };
  return byStatus[status] ?? (status >= 500 ? "server" : "invalid_request");
}
