// The loopback model server the gateway benchmark calls, directly and through each gateway:
// fixed answers in Chat Completions and Anthropic Messages, JSON or SSE. Prints its port.
import http from "node:http";

const usage = { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 };
const chatJson = JSON.stringify({
  id: "chatcmpl-b",
  object: "chat.completion",
  created: 1700000000,
  model: "m",
  choices: [{ index: 0, message: { role: "assistant", content: "Hello there, friend." }, finish_reason: "stop" }],
  usage,
});
const chunk = (delta, finish, extra = {}) =>
  `data: ${JSON.stringify({ id: "chatcmpl-b", object: "chat.completion.chunk", created: 1700000000, model: "m", choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
const chatTail = [
  chunk({ content: " there," }, null),
  chunk({ content: " friend." }, null),
  chunk({}, "stop"),
  `data: ${JSON.stringify({ id: "chatcmpl-b", object: "chat.completion.chunk", created: 1700000000, model: "m", choices: [], usage })}\n\n`,
  "data: [DONE]\n\n",
].join("");
const messagesJson = JSON.stringify({
  id: "msg_b",
  type: "message",
  role: "assistant",
  model: "m",
  content: [{ type: "text", text: "Hello there, friend." }],
  stop_reason: "end_turn",
  stop_sequence: null,
  usage: { input_tokens: 12, output_tokens: 5 },
});
/** ms between the first streamed event and the rest: TTFT is the time to the first one */
const GAP_MS = 5;

http
  .createServer({ keepAlive: true }, (req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {};
      const path = (req.url ?? "").split("?")[0];
      if (path.endsWith("/chat/completions") && body.stream) {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(chunk({ role: "assistant", content: "Hello" }, null));
        setTimeout(() => res.end(chatTail), GAP_MS);
      } else if (path.endsWith("/chat/completions")) {
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(chatJson) });
        res.end(chatJson);
      } else if (path.endsWith("/messages")) {
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(messagesJson) });
        res.end(messagesJson);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
  })
  .listen(0, "127.0.0.1", function () {
    process.stdout.write(`${this.address().port}\n`);
  });
