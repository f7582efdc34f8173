// Gateway benchmark: latency muster's gateway adds over calling a loopback upstream directly (p50,
// p99), time to first token through vs direct, requests/s, and peak RSS; the same for
// @musistudio/claude-code-router and @portkey-ai/gateway, installed into a temp dir for this run only.
//
//   node bench/gateway.mjs [--seconds 5] [--concurrency 32] [--no-peers]      (needs `npm run build`)
//   import { benchGateway } from "./bench/gateway.mjs"; const results = await benchGateway({ ... });
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import { performance } from "node:perf_hooks";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const PEERS = { ccr: "@musistudio/claude-code-router@2.0.0", portkey: "@portkey-ai/gateway@1.15.2" };
export const TARGETS = { addedP50Ms: 1, ttftAddedMs: 1, requestsPerSecond: 2000, rssMb: 80 };

const CHAT = JSON.stringify({ model: "m", messages: [{ role: "user", content: "Say hello." }] });
const CHAT_STREAM = JSON.stringify({ model: "m", stream: true, messages: [{ role: "user", content: "Say hello." }] });
const MESSAGES = JSON.stringify({ model: "m", max_tokens: 64, messages: [{ role: "user", content: "Say hello." }] });
const MESSAGES_STREAM = JSON.stringify({ model: "m", max_tokens: 64, stream: true, messages: [{ role: "user", content: "Say hello." }] });

export async function benchGateway({
  seconds = 5,
  concurrency = 32,
  latencySamples = 2000,
  ttftSamples = 300,
  peers = true,
  log = (m) => process.stderr.write(`${m}\n`),
} = {}) {
  const work = mkdtempSync(join(tmpdir(), "muster-bench-"));
  const children = [];
  const start = (argv, opts = {}) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ["ignore", "pipe", "pipe"], ...opts });
    children.push(child);
    return child;
  };
  try {
    const upstream = start([process.execPath, join(ROOT, "bench", "upstream.mjs")]);
    const upPort = Number(await firstLine(upstream));
    const measure = (name, spec) => measureTarget(name, spec, { seconds, concurrency, latencySamples, ttftSamples, log });
    const results = {};

    results.direct = await measure("direct", { port: upPort, path: "/v1/chat/completions", body: CHAT, stream: CHAT_STREAM, headers: {} });

    const muster = await startMuster(work, upPort, start);
    const auth = { authorization: `Bearer ${muster.token}` };
    results.muster = await measure("muster", {
      port: muster.port,
      path: "/v1/chat/completions",
      body: CHAT,
      stream: CHAT_STREAM,
      headers: auth,
      pid: muster.pid,
    });
    results.musterTranslating = await measure("muster (Anthropic in, Chat upstream)", {
      port: muster.port,
      path: "/v1/messages",
      body: MESSAGES,
      stream: MESSAGES_STREAM,
      headers: auth,
      pid: muster.pid,
    });

    if (peers) {
      const dir = join(work, "peers");
      const installed = installPeers(dir, log);
      if (installed !== true) {
        results.portkey = { error: installed };
        results.ccr = { error: installed };
      } else {
        results.portkey = await attempt(async () => {
          const port = await freePort();
          const child = start([process.execPath, join(dir, "node_modules/@portkey-ai/gateway/build/start-server.js"), `--port=${port}`]);
          await waitForPort(port);
          const headers = { authorization: "Bearer x", "x-portkey-provider": "openai", "x-portkey-custom-host": `http://127.0.0.1:${upPort}/v1` };
          return measure("portkey", { port, path: "/v1/chat/completions", body: CHAT, stream: CHAT_STREAM, headers, pid: child.pid });
        });
        results.ccr = await attempt(async () => {
          const port = await freePort();
          const home = join(work, "ccr-home");
          mkdirSync(join(home, ".claude-code-router"), { recursive: true });
          const config = {
            PORT: port,
            LOG: false,
            NON_INTERACTIVE_MODE: true,
            Providers: [{ name: "up", api_base_url: `http://127.0.0.1:${upPort}/v1/chat/completions`, api_key: "x", models: ["m"] }],
            Router: { default: "up,m" },
          };
          writeFileSync(join(home, ".claude-code-router", "config.json"), JSON.stringify(config));
          const child = start([process.execPath, join(dir, "node_modules/@musistudio/claude-code-router/dist/cli.js"), "start"], {
            env: { ...process.env, HOME: home },
          });
          await waitForPort(port);
          return measure("claude-code-router (Anthropic in, Chat upstream)", {
            port,
            path: "/v1/messages",
            body: MESSAGES,
            stream: MESSAGES_STREAM,
            headers: { "x-api-key": "x" },
            pid: child.pid,
          });
        });
      }
    }
    for (const key of Object.keys(results)) {
      const r = results[key];
      if (key === "direct" || r.error) continue;
      r.addedMs = { p50: round(r.latencyMs.p50 - results.direct.latencyMs.p50), p99: round(r.latencyMs.p99 - results.direct.latencyMs.p99) };
      r.ttftAddedMs = round(r.ttftMs.p50 - results.direct.ttftMs.p50);
    }
    const m = results.muster;
    results.targets = TARGETS;
    results.meets = {
      addedP50: m.addedMs.p50 <= TARGETS.addedP50Ms,
      ttft: m.ttftAddedMs <= TARGETS.ttftAddedMs,
      requestsPerSecond: m.requestsPerSecond >= TARGETS.requestsPerSecond,
      rss: m.rssMb <= TARGETS.rssMb,
    };
    return results;
  } finally {
    for (const child of children) child.kill("SIGKILL");
    rmSync(work, { recursive: true, force: true });
  }
}

async function startMuster(work, upPort, start) {
  const hostDir = join(work, "host");
  const agentId = "agent-" + "b".repeat(32);
  const token = "muster-bench-token";
  mkdirSync(join(hostDir, "agents", agentId), { recursive: true });
  mkdirSync(join(hostDir, "gateway"), { recursive: true });
  writeFileSync(join(hostDir, "agents", agentId, "agent.json"), JSON.stringify({ id: agentId, name: "bench" }));
  // the bench sends the bare model name "m": the agent's own model (up/m) answers it
  writeFileSync(
    join(hostDir, "gateway", "tokens.json"),
    JSON.stringify({ [token]: { agentId, agentName: "bench", budgetUsd: null, model: "up/m" } }),
  );
  const config = {
    gateway: { port: 0 },
    providers: {
      up: { dialect: ["openai-chat"], base_url: `http://127.0.0.1:${upPort}`, models: { m: { price: { input_mtok: 1, output_mtok: 2 } } } },
    },
    models: { aliases: {} },
  };
  writeFileSync(join(hostDir, "gateway", "config.json"), JSON.stringify(config));
  const script = join(ROOT, "dist", "gateway.js");
  if (!existsSync(script)) throw new Error("dist/gateway.js is missing: run `npm run build` first");
  // the same argv `muster gateway start` uses (src/main.ts, gatewayCommand)
  const child = start([process.execPath, "--max-semi-space-size=1", "--optimize-for-size", script], {
    env: { ...process.env, MUSTER_HOST_DIR: hostDir },
  });
  const state = join(hostDir, "gateway", "gateway.json");
  const deadline = Date.now() + 10_000;
  while (!existsSync(state)) {
    if (Date.now() > deadline) throw new Error("muster's gateway did not start");
    await sleep(10);
  }
  const { port } = JSON.parse(readFileSync(state, "utf8"));
  return { port, token, pid: child.pid, agentDir: join(hostDir, "agents", agentId) };
}

async function measureTarget(name, spec, { seconds, concurrency, latencySamples, ttftSamples, log }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const send = (body) => request(agent, spec, body);
  const check = await send(spec.body);
  if (check.status !== 200) throw new Error(`${name}: HTTP ${check.status}: ${check.text.slice(0, 300)}`);
  for (let i = 0; i < 1000; i++) await send(spec.body); // warm-up: let the JIT settle
  const latencies = [];
  for (let i = 0; i < latencySamples; i++) latencies.push((await send(spec.body)).totalMs);
  const ttfts = [];
  for (let i = 0; i < ttftSamples; i++) ttfts.push((await send(spec.stream)).ttftMs);
  let done = 0;
  let failed = 0;
  const until = performance.now() + seconds * 1000;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const r = await send(spec.body);
        if (r.status === 200) done++;
        else failed++;
      }
    }),
  );
  const elapsed = (performance.now() - began) / 1000;
  agent.destroy();
  const result = {
    latencyMs: { p50: pct(latencies, 50), p99: pct(latencies, 99) },
    ttftMs: { p50: pct(ttfts, 50), p99: pct(ttfts, 99) },
    requestsPerSecond: Math.round(done / elapsed),
    failed,
    rssMb: spec.pid ? peakRssMb(spec.pid) : null,
  };
  log(
    `${name}: p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, ttft p50 ${result.ttftMs.p50} ms, ${result.requestsPerSecond} req/s, peak rss ${result.rssMb ?? "-"} MB`,
  );
  return result;
}

function request(agent, spec, body) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let ttft = null;
    const req = http.request(
      {
        host: "127.0.0.1",
        port: spec.port,
        path: spec.path,
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...spec.headers },
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => {
          ttft ??= performance.now() - t0;
          chunks.push(c);
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode,
            totalMs: performance.now() - t0,
            ttftMs: ttft ?? performance.now() - t0,
            text: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.setNoDelay(true);
    req.on("error", reject);
    req.end(body);
  });
}

function installPeers(dir, log) {
  mkdirSync(dir, { recursive: true });
  log(`installing ${Object.values(PEERS).join(" and ")} into a temp dir (not into the project)`);
  const r = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--no-save", "--prefix", dir, ...Object.values(PEERS)], {
    encoding: "utf8",
    timeout: 300_000,
  });
  return r.status === 0 ? true : `npm install failed: ${(r.stderr || r.error?.message || "").trim().split("\n").slice(-2).join(" ")}`;
}

async function attempt(fn) {
  try {
    return await fn();
  } catch (error) {
    return { error: error.message };
  }
}

function peakRssMb(pid) {
  try {
    const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
}

function pct(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
}

function round(ms) {
  return Math.round(ms * 1000) / 1000;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function firstLine(child) {
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout.on("data", (c) => {
      text += c;
      if (text.includes("\n")) resolve(text.split("\n")[0]);
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}`)));
  });
}

function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => {
        s.destroy();
        resolve(true);
      });
      s.on("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listened on port ${port} within ${timeoutMs / 1000} s`);
    await sleep(50);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i === -1 ? fallback : Number(process.argv[i + 1]);
  };
  const results = await benchGateway({
    seconds: arg("seconds", 5),
    concurrency: arg("concurrency", 32),
    peers: !process.argv.includes("--no-peers"),
  });
  process.stdout.write(JSON.stringify(results, null, 2) + "\n");
}
