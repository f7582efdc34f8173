import { obj, objects, parseJson, str, type JsonObject } from "./json.js";

/** Stands in for an image the target dialect cannot carry (tool results are text only in Chat Completions). */
export const omittedImage = "[image omitted: the model API in use cannot take it here]";

/** The text of a content value that is either a string or a list of parts with `text`. */
export function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  return objects(content)
    .map((part) => str(part.text) ?? (isImagePart(part) ? omittedImage : ""))
    .filter((text) => text !== "")
    .join("\n");
}

function isImagePart(part: JsonObject): boolean {
  return part.type === "image" || part.type === "image_url" || part.type === "input_image";
}

/** Tool arguments as an object, whatever the model produced: invalid or non-object JSON gives {}. */
export function parseToolArguments(text: string): JsonObject {
  return obj(parseJson(text));
}

/** An Anthropic image source for an image URL: data URLs become base64 sources, others stay URLs. */
export function imageSourceOf(url: string): JsonObject {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (match) return { type: "base64", media_type: match[1], data: match[2] };
  return { type: "url", url };
}

/** The URL (a data URL for base64 data) of an Anthropic image source, if it has one. */
export function imageUrlOf(source: unknown): string | undefined {
  const s = obj(source);
  if (s.type === "base64") return `data:${str(s.media_type) ?? "image/png"};base64,${str(s.data) ?? ""}`;
  return s.type === "url" ? str(s.url) : undefined;
}
