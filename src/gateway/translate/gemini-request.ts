import { omittedImage } from "./content.js";
import { compact, isObject, nonEmpty, num, obj, objects, str, type JsonObject } from "./json.js";
import { jsonSchemaOf } from "./gemini-schema.js";

/**
 * Gemini generateContent request -> Chat Completions request. The model and whether to stream come
 * from the URL, not the body: the caller passes the model and sets `stream` on the body it hands in.
 * Dropped, having no Chat Completions counterpart: thinkingConfig and thought parts, topK,
 * candidateCount, safetySettings, cachedContent, non-function tools (googleSearch, codeExecution, ...),
 * files by URI, and media other than images.
 * Gemini may leave function calls without ids; calls then get ids made from their position, and each
 * functionResponse is matched to the earliest unanswered call of its name.
 */
export function geminiRequestToChat(body: JsonObject, model: string): JsonObject {
  const config = obj(body.generationConfig);
  const declarations = objects(body.tools).flatMap((tool) => objects(tool.functionDeclarations));
  const isStream = body.stream === true;
  return compact({
    model,
    messages: [...systemToChat(body.systemInstruction), ...contentsToChat(objects(body.contents))],
    max_tokens: num(config.maxOutputTokens),
    temperature: num(config.temperature),
    top_p: num(config.topP),
    seed: num(config.seed),
    presence_penalty: num(config.presencePenalty),
    frequency_penalty: num(config.frequencyPenalty),
    stop: nonEmpty(Array.isArray(config.stopSequences) ? config.stopSequences.filter((s) => typeof s === "string") : []),
    response_format: responseFormat(config),
    tools: nonEmpty(declarations.map(declarationToChat)),
    tool_choice: declarations.length > 0 ? toolChoiceToChat(obj(obj(body.toolConfig).functionCallingConfig)) : undefined,
    stream: isStream ? true : undefined,
    stream_options: isStream ? { include_usage: true } : undefined,
  });
}

function systemToChat(system: unknown): JsonObject[] {
  const text = typeof system === "string" ? system : textParts(objects(obj(system).parts));
  return text === "" ? [] : [{ role: "system", content: text }];
}

function textParts(parts: JsonObject[]): string {
  return parts
    .filter((part) => part.thought !== true)
    .flatMap((part) => (typeof part.text === "string" ? [part.text] : []))
    .join("");
}

interface PendingCall {
  id: string;
  name: string;
  answered: boolean;
}

function contentsToChat(contents: JsonObject[]): JsonObject[] {
  let pending: PendingCall[] = [];
  return contents.flatMap((content, turn) => {
    const parts = objects(content.parts);
    if (content.role === "model") {
      const calls = parts.flatMap((part, index) => (isObject(part.functionCall) ? [callToChat(part.functionCall, turn, index)] : []));
      pending = calls.map((call) => ({ id: call.id, name: call.function.name, answered: false }));
      const text = textParts(parts);
      return [compact({ role: "assistant", content: text === "" ? null : text, tool_calls: nonEmpty(calls) })];
    }
    const results = parts.flatMap((part, index) =>
      isObject(part.functionResponse) ? [resultToChat(part.functionResponse, pending, `${turn}_${index}`)] : [],
    );
    const userParts = parts.flatMap(partToChat);
    if (userParts.length === 0) return results;
    const only = userParts.length === 1 ? userParts[0] : undefined;
    return [...results, { role: "user", content: only?.type === "text" ? only.text : userParts }];
  });
}

function callToChat(call: JsonObject, turn: number, index: number) {
  const name = str(call.name) ?? "";
  const id = str(call.id) || `call_${turn}_${index}`;
  return { id, type: "function", function: { name, arguments: JSON.stringify(obj(call.args)) } };
}

function resultToChat(response: JsonObject, pending: PendingCall[], position: string): JsonObject {
  const name = str(response.name) ?? "";
  const byId = str(response.id) ? pending.find((call) => call.id === response.id) : undefined;
  const call = byId ?? pending.find((c) => !c.answered && c.name === name);
  if (call) call.answered = true;
  return { role: "tool", tool_call_id: call?.id ?? str(response.id) ?? `call_${position}`, content: resultText(response) };
}

/** `{output: "..."}` (what Gemini CLI sends) becomes that text; any other result object its JSON */
function resultText(response: JsonObject): string {
  const result = obj(response.response);
  const keys = Object.keys(result);
  const text = keys.length === 1 && typeof result.output === "string" ? result.output : JSON.stringify(result);
  const media = objects(response.parts).some((part) => isObject(part.inlineData) || isObject(part.fileData));
  return media ? `${text}\n${omittedImage}` : text;
}

function partToChat(part: JsonObject): JsonObject[] {
  if (typeof part.text === "string" && part.thought !== true) return [{ type: "text", text: part.text }];
  const inline = obj(part.inlineData);
  const mime = str(inline.mimeType) ?? "";
  if (mime.startsWith("image/") && typeof inline.data === "string") {
    return [{ type: "image_url", image_url: { url: `data:${mime};base64,${inline.data}` } }];
  }
  return isObject(part.inlineData) || isObject(part.fileData) ? [{ type: "text", text: omittedImage }] : [];
}

function declarationToChat(declaration: JsonObject): JsonObject {
  const schema = declaration.parametersJsonSchema ?? (isObject(declaration.parameters) ? jsonSchemaOf(declaration.parameters) : undefined);
  return {
    type: "function",
    function: compact({
      name: str(declaration.name) ?? "",
      description: str(declaration.description),
      parameters: schema ?? { type: "object", properties: {} },
    }),
  };
}

function toolChoiceToChat(config: JsonObject): unknown {
  const allowed = Array.isArray(config.allowedFunctionNames) ? config.allowedFunctionNames : [];
  switch (config.mode) {
    case "ANY":
      return allowed.length === 1 && typeof allowed[0] === "string" ? { type: "function", function: { name: allowed[0] } } : "required";
    case "NONE":
      return "none";
    case "AUTO":
    case "VALIDATED":
      return "auto";
    default:
      return undefined;
  }
}

/** responseJsonSchema (JSON Schema) or responseSchema (Gemini's OpenAPI subset) ask for JSON of that shape */
function responseFormat(config: JsonObject): JsonObject | undefined {
  const schema = isObject(config.responseJsonSchema)
    ? config.responseJsonSchema
    : isObject(config.responseSchema)
      ? jsonSchemaOf(config.responseSchema)
      : undefined;
  if (schema !== undefined) return { type: "json_schema", json_schema: { name: "response", schema } };
  return config.responseMimeType === "application/json" ? { type: "json_object" } : undefined;
}
