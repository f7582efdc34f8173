import { modelName, promptTokens, type CallRecord } from "../domain/calls.js";

/** one row of `muster calls`: time, id, model, tokens in/out, ttft, duration, cost, status */
export function callRow(call: CallRecord): string[] {
  return [
    call.startedAt.slice(11, 19),
    call.id,
    modelName(call),
    call.usage ? String(promptTokens(call.usage)) : "-",
    call.usage ? String(call.usage.output) : "-",
    call.ttftMs === null ? "-" : `${Math.round(call.ttftMs)}ms`,
    `${Math.round(call.durationMs)}ms`,
    usd(call.costUsd),
    call.status === 200 ? "ok" : String(call.status),
  ];
}

export const CALL_HEADERS = ["TIME", "ID", "MODEL", "IN", "OUT", "TTFT", "DURATION", "COST", "STATUS"];

export function usd(value: number | null): string {
  if (value === null) return "unknown";
  if (value === 0) return "$0";
  return value < 0.01 ? `$${value.toFixed(6)}` : `$${value.toFixed(4)}`;
}

/** One call as a person reads it: who said what, which tools, what came back, what it cost. */
export function callDetail(call: CallRecord): string {
  const usage = call.usage
    ? `in ${promptTokens(call.usage)} (cache read ${call.usage.cacheRead}, cache write ${call.usage.cacheWrite}), out ${call.usage.output} (reasoning ${call.usage.reasoning})`
    : "not reported";
  const lines = [
    `call      ${call.id}`,
    `agent     ${call.agentName}`,
    `time      ${call.startedAt} (${Math.round(call.durationMs)} ms${call.ttftMs === null ? "" : `, first token after ${Math.round(call.ttftMs)} ms`})`,
    `route     ${call.inbound.dialect} ${call.inbound.path} -> ${call.provider ?? "-"} (${call.upstreamDialect ?? "-"})${call.stream ? ", streamed" : ""}`,
    `model     ${call.requestedModel ?? "-"} -> ${call.upstreamModel ?? "-"}${call.servedModel && call.servedModel !== call.upstreamModel ? ` (served as ${call.servedModel})` : ""}`,
    `status    ${call.status}${call.error ? `: ${call.error}` : ""}`,
    `tokens    ${usage}`,
    `cost      ${usd(call.costUsd)}${call.price ? ` (${call.price.source} ${call.price.version})` : ""}`,
    "",
    "── request ──",
    ...requestText(call.request),
    "",
    "── response ──",
    ...responseText(call.response),
  ];
  return lines.join("\n");
}

function requestText(request: unknown): string[] {
  const body = obj(request);
  const out: string[] = [];
  if (body.system !== undefined) out.push(`[system] ${text(body.system)}`);
  if (typeof body.instructions === "string") out.push(`[instructions] ${body.instructions}`);
  const tools = Array.isArray(body.tools) ? body.tools.map((t) => str(obj(t).name) ?? str(obj(obj(t).function).name) ?? "?") : [];
  if (tools.length > 0) out.push(`[tools] ${tools.join(", ")}`);
  const turns = Array.isArray(body.messages)
    ? body.messages
    : Array.isArray(body.input)
      ? body.input
      : typeof body.input === "string"
        ? [{ role: "user", content: body.input }]
        : [];
  for (const turn of turns) {
    const t = obj(turn);
    out.push(`[${str(t.role) ?? str(t.type) ?? "?"}] ${text(t.content ?? t.output ?? t.arguments ?? "")}`);
  }
  return out;
}

function responseText(response: unknown): string[] {
  const body = obj(response);
  if (body.error !== undefined) return [`[error] ${text(obj(body.error).message ?? body.error)}`];
  const blocks = Array.isArray(body.content)
    ? body.content
    : Array.isArray(body.output)
      ? body.output
      : Array.isArray(body.choices)
        ? body.choices.map((c) => obj(c).message)
        : [];
  return blocks.map((block) => {
    const b = obj(block);
    if (b.type === "tool_use") return `[tool call] ${str(b.name)} ${JSON.stringify(b.input)}`;
    if (b.type === "function_call") return `[tool call] ${str(b.name)} ${str(b.arguments)}`;
    if (Array.isArray(b.tool_calls))
      return b.tool_calls.map((c) => `[tool call] ${str(obj(obj(c).function).name)} ${str(obj(obj(c).function).arguments)}`).join("\n");
    return `[${str(b.role) ?? str(b.type) ?? "assistant"}] ${text(b.text ?? b.content ?? "")}`;
  });
}

/** the text of a content value in any dialect: a string, or blocks with text / tool parts */
function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (!Array.isArray(value)) return value === undefined || value === null ? "" : JSON.stringify(value);
  return value
    .map((part) => {
      const p = obj(part);
      if (typeof p.text === "string") return p.text;
      if (p.type === "tool_use") return `(tool call ${str(p.name)} ${JSON.stringify(p.input)})`;
      if (p.type === "tool_result") return `(tool result ${text(p.content)})`;
      return `(${str(p.type) ?? "part"})`;
    })
    .join(" ");
}

function obj(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
