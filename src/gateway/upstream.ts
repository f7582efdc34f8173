import http from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";
import type { DialectName as Dialect } from "../domain/config.js";

export interface UpstreamRequest {
  dialect: Dialect;
  /** /v1/messages, /v1/messages/count_tokens, /v1/chat/completions or /v1/responses, plus the query */
  path: string;
  body: Buffer;
  headers: Record<string, string>;
  /** the parsed body, for upstreams that are not HTTP */
  json: Record<string, unknown>;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
}

/** Something that answers model calls: a server over HTTP, or an engine in this process. */
export interface Upstream {
  send(request: UpstreamRequest, signal: AbortSignal): Promise<UpstreamResponse>;
  close?(): Promise<void>;
}

const agents = {
  http: new http.Agent({ keepAlive: true, keepAliveMsecs: 10_000, maxSockets: 256, maxFreeSockets: 64, scheduling: "lifo" }),
  https: new https.Agent({ keepAlive: true, keepAliveMsecs: 10_000, maxSockets: 256, maxFreeSockets: 64, scheduling: "lifo" }),
};

/** A provider reached over HTTP(S), with one pool of kept-alive connections per scheme. */
export class HttpUpstream implements Upstream {
  private readonly base: URL;

  constructor(baseUrl: string) {
    this.base = new URL(baseUrl);
  }

  send(request: UpstreamRequest, signal: AbortSignal): Promise<UpstreamResponse> {
    const secure = this.base.protocol === "https:";
    const prefix = this.base.pathname.replace(/\/+$/, "");
    return new Promise((resolve, reject) => {
      const req = (secure ? https : http).request(
        {
          host: this.base.hostname,
          port: this.base.port || (secure ? 443 : 80),
          path: prefix + request.path,
          method: "POST",
          agent: secure ? agents.https : agents.http,
          headers: { ...request.headers, "content-length": String(request.body.length) },
          signal,
        },
        (res) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: res }),
      );
      req.setNoDelay(true);
      req.on("error", reject);
      req.end(request.body);
    });
  }
}
