import type { RoutingTable } from "./providers.js";
import { modelList } from "./models.js";

export interface GeminiRoute {
  dialect: "gemini";
  kind: "generate" | "count";
  /** the model named in the URL, which may itself hold slashes (`provider/model`) */
  model: string;
  stream: boolean;
}

const METHOD_PATH = /^\/v1(?:beta|alpha)?\/models\/(.+):(generateContent|streamGenerateContent|countTokens)$/;

/** `/v1beta/models/{model}:{method}`, the Gemini API's calls; null for any other path */
export function geminiRoute(pathname: string): GeminiRoute | null {
  const match = METHOD_PATH.exec(pathname);
  if (!match) return null;
  const model = decodeURIComponent(match[1] ?? "").replace(/^models\//, "");
  const method = match[2];
  return { dialect: "gemini", kind: method === "countTokens" ? "count" : "generate", model, stream: method === "streamGenerateContent" };
}

/** The path of the same call at a Gemini provider: the provider's model name, the query without the client's key. */
export function geminiUpstreamPath(path: string, model: string): string {
  const [pathname = "", query = ""] = path.split("?", 2);
  const method = /:(generateContent|streamGenerateContent|countTokens)$/.exec(pathname)?.[1] ?? "generateContent";
  const params = new URLSearchParams(query);
  params.delete("key");
  const rest = params.toString();
  return `/v1beta/models/${model}:${method}${rest === "" ? "" : `?${rest}`}`;
}

/** paths a Gemini client sends; errors on them are written in Google's shape */
export function isGeminiPath(pathname: string): boolean {
  return /^\/v1(?:beta|alpha)?\/models(\/|$)/.test(pathname);
}

export function isGeminiModelList(pathname: string): boolean {
  return /^\/v1(?:beta|alpha)?\/models$/.test(pathname);
}

/** GET /v1beta/models: the same models as /v1/models, as Gemini's ListModelsResponse */
export function geminiModelList(table: RoutingTable, agentModel: string | null): Record<string, unknown> {
  const ids = (modelList(table, agentModel).data as Array<{ id: string }>).map((model) => model.id);
  return {
    models: ids.map((id) => ({
      name: `models/${id}`,
      displayName: id,
      supportedGenerationMethods: ["generateContent", "streamGenerateContent", "countTokens"],
    })),
  };
}

/**
 * countTokens is answered by the gateway itself with an estimate of about four characters a token:
 * Chat Completions, which every upstream is reached through, has no way to count.
 */
export function estimateTokens(body: Record<string, unknown>): { totalTokens: number } {
  const request = typeof body.generateContentRequest === "object" && body.generateContentRequest !== null ? body.generateContentRequest : body;
  const { contents, systemInstruction, tools } = request as Record<string, unknown>;
  const text = JSON.stringify([contents ?? [], systemInstruction ?? null, tools ?? []]);
  return { totalTokens: Math.ceil(text.length / 4) };
}
