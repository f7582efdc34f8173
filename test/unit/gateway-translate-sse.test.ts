import { describe, expect, it } from "vitest";
import { decodeSse, encodeSse, SseDecoder } from "../../src/gateway/translate/index.js";
import { replyEvents } from "../fixtures/gateway/fixtures.js";

describe("SSE", () => {
  const events = replyEvents("openai-responses", "text");
  const text = encodeSse(events);

  it("decodes what it encodes", () => {
    expect(decodeSse(text)).toEqual(events);
  });

  it("gives the same events however the text is split into chunks", () => {
    for (let cut = 1; cut < text.length; cut += 7) {
      const decoder = new SseDecoder();
      const split = [...decoder.push(text.slice(0, cut)), ...decoder.push(text.slice(cut)), ...decoder.end()];
      expect(split).toEqual(events);
    }
  });

  it("follows the SSE rules: CRLF, comments, multi-line data, no space after the colon, ids ignored", () => {
    const wire = ": keep-alive\r\nevent: a\r\nid: 1\r\ndata: one\r\ndata:two\r\n\r\nretry: 10\n\ndata: [DONE]\n\n";
    expect(decodeSse(wire)).toEqual([{ event: "a", data: "one\ntwo" }, { data: "[DONE]" }]);
  });

  it("waits for the second half of a CRLF split across chunks", () => {
    const decoder = new SseDecoder();
    expect(decoder.push("data: x\r")).toEqual([]);
    expect(decoder.push("\n\r\n")).toEqual([{ data: "x" }]);
  });

  it("keeps a last event that lost its blank line when the stream ended", () => {
    expect(decodeSse("data: {}\n\ndata: last")).toEqual([{ data: "{}" }, { data: "last" }]);
  });

  it("writes multi-line data as several data lines", () => {
    expect(encodeSse([{ event: "x", data: "a\nb" }, { data: "c" }])).toBe("event: x\ndata: a\ndata: b\n\ndata: c\n\n");
  });
});
