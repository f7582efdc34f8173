import { isObject, type JsonObject } from "./json.js";

const NESTED = ["items", "additionalProperties", "not"];
const LISTS = ["anyOf", "oneOf", "allOf", "prefixItems"];

/**
 * Gemini's OpenAPI-style Schema (`parameters`, `responseSchema`) as JSON Schema: type names in lower
 * case, `nullable: true` as a "null" type, the rest (properties, required, enum, descriptions,
 * bounds) as it is. `propertyOrdering` is Gemini's own and dropped.
 */
export function jsonSchemaOf(schema: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "nullable" || key === "propertyOrdering") continue;
    if (key === "type" && typeof value === "string") out.type = value.toLowerCase();
    else if (key === "properties" && isObject(value)) out.properties = mapValues(value);
    else if (NESTED.includes(key) && isObject(value)) out[key] = jsonSchemaOf(value);
    else if (LISTS.includes(key) && Array.isArray(value)) out[key] = value.map((item) => (isObject(item) ? jsonSchemaOf(item) : item));
    else out[key] = value;
  }
  if (schema.nullable === true && typeof out.type === "string") out.type = [out.type, "null"];
  return out;
}

function mapValues(properties: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(properties).map(([name, value]) => [name, isObject(value) ? jsonSchemaOf(value) : value]));
}
