// Real agent CLIs through muster against the scripted model server on 127.0.0.1: per type, the time from
// `create` to `waiting` and from `message` to confirmed (the agent's own session file shows the prompt),
// medians over BENCH_AGENT_RUNS runs (default 5). Writes bench/agents-results.json.
// Needs the pinned CLIs in .agents/ (scripts/setup.sh); a type whose CLI is missing is skipped.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { performance } from "node:perf_hooks";
import { join } from "node:path";
import { build } from "esbuild";

const ROOT = new URL("..", import.meta.url).pathname;
const AGENTS_BIN = join(ROOT, ".agents", "node_modules", ".bin");
const MUSTER = join(ROOT, "dist", "muster.js");
const RESULTS = join(ROOT, "bench", "agents-results.json");
const runs = Number(process.env.BENCH_AGENT_RUNS ?? "5");
const log = (text) => process.stderr.write(`${text}\n`);

const TYPES = [
  { type: "claude", flags: (url) => ["--env", `ANTHROPIC_BASE_URL=${url}`, "--env", "ANTHROPIC_API_KEY=sk-ant-bench-00000000000000000000"] },
  { type: "codex", flags: (url) => ["--model", "fake-model", "--env", `OPENAI_BASE_URL=${url}/v1`, "--env", "OPENAI_API_KEY=sk-bench"] },
  { type: "opencode", flags: (url) => ["--model", "fake-model", "--env", `OPENAI_BASE_URL=${url}/v1`, "--env", "OPENAI_API_KEY=sk-bench"] },
  // Gemini CLI speaks only Google's API, which muster's gateway translates for the scripted server
  { type: "gemini", gateway: true, flags: () => ["--model", "fake/fake-model", "--", "--approval-mode", "yolo"] },
  {
    type: "pi",
    flags: (url) => ["--model", "fake-model", "--env", `ANTHROPIC_BASE_URL=${url}`, "--env", "ANTHROPIC_API_KEY=sk-ant-bench-00000000000000000000"],
  },
];

const root = mkdtempSync(join("/var/tmp", "muster-bench-agents-")); // Codex's sandbox refuses homes under the temp dir
const server = await startModelServer(root);
const results = [];
try {
  log(
    `agent benchmark: ${runs} runs per type, medians; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  for (const { type, flags, gateway } of TYPES) {
    if (!existsSync(join(AGENTS_BIN, type))) {
      log(`${type}: not installed in .agents/ (run scripts/setup.sh); skipped`);
      continue;
    }
    const world = makeWorld(join(root, type), server.url);
    try {
      const createToWaiting = [];
      const messageToConfirmed = [];
      for (let i = 0; i < runs; i++) {
        const name = `b${i}`;
        const started = performance.now();
        muster(world, ["create", name, type, "--no-connect", ...(gateway ? [] : ["--no-gateway"]), ...flags(server.url)]);
        muster(world, ["wait", name, "--state", "waiting", "--timeout", "60"]);
        createToWaiting.push(performance.now() - started);
        const delivery = JSON.parse(muster(world, ["message", name, "-m", `benchmark message ${i}`, "--format", "json"]));
        messageToConfirmed.push(delivery.confirmMs);
        muster(world, ["destroy", name, "--force"]);
      }
      results.push({ type, createToWaiting: stats(createToWaiting), messageToConfirmed: stats(messageToConfirmed) });
      log(`${type}: done`);
    } finally {
      teardown(world);
    }
  }
  const row = (r) => `${r.type.padEnd(8)}${fmt(r.createToWaiting.median).padStart(18)}${fmt(r.messageToConfirmed.median).padStart(22)}`;
  process.stdout.write(
    ["", `${"type".padEnd(8)}${"create->waiting".padStart(18)}${"message->confirmed".padStart(22)}`, ...results.map(row), ""].join("\n") + "\n",
  );
  writeFileSync(RESULTS, JSON.stringify({ date: new Date().toISOString(), runs, loadavg: loadavg(), results }, null, 2) + "\n");
  log(`wrote ${RESULTS}`);
} finally {
  server.child.kill("SIGTERM");
  rmSync(root, { recursive: true, force: true });
}

/** A repo, HOME and host dir; the gateway's `fake` provider is the scripted server. */
function makeWorld(dir, modelUrl) {
  const world = { repo: join(dir, "repo"), env: {} };
  mkdirSync(world.repo, { recursive: true });
  mkdirSync(join(dir, "home", ".config", "muster"), { recursive: true });
  writeFileSync(
    join(dir, "home", ".config", "muster", "config.toml"),
    `[providers.fake]\ndialect = ["anthropic", "openai-chat", "openai-responses"]\nbase_url = "${modelUrl}"\napi_key_env = "FAKE_UPSTREAM_KEY"\nlocal = true\n`,
  );
  const tmuxDir = mkdtempSync(join(tmpdir(), "mba-"));
  world.tmuxDir = tmuxDir;
  world.env = {
    ...process.env,
    PATH: `${AGENTS_BIN}:${process.env.PATH}`,
    HOME: join(dir, "home"),
    XDG_CONFIG_HOME: join(dir, "home", ".config"),
    TMUX_TMPDIR: tmuxDir,
    MUSTER_HOST_DIR: join(dir, "host"),
    FAKE_UPSTREAM_KEY: "sk-upstream-bench",
    NO_COLOR: "1",
  };
  delete world.env.TMUX;
  const identity = ["-c", "user.name=bench", "-c", "user.email=bench@localhost"];
  execFileSync("git", ["init", "-q", "-b", "main"], { cwd: world.repo, env: world.env });
  writeFileSync(join(world.repo, "README.md"), "bench\n");
  execFileSync("git", [...identity, "add", "."], { cwd: world.repo, env: world.env });
  execFileSync("git", [...identity, "commit", "-q", "-m", "init"], { cwd: world.repo, env: world.env });
  return world;
}

function muster(world, args) {
  const result = spawnSync(process.execPath, [MUSTER, ...args], { cwd: world.repo, env: world.env, encoding: "utf8", timeout: 120_000 });
  if (result.status !== 0) throw new Error(`muster ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

/** Kills the world's tmux server by its pid, and with it every agent process, its state watcher and its gateway. */
function teardown(world) {
  const host = world.env.MUSTER_HOST_DIR;
  const watcher = Number(readOrEmpty(join(host, "locks", "host.watcher.lock")).trim());
  const gateway = Number(/"pid":\s*(\d+)/.exec(readOrEmpty(join(host, "gateway", "gateway.json")))?.[1] ?? 0);
  for (const pid of [watcher, gateway].filter((p) => p > 0)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // it had exited
    }
  }
  const pid = Number(spawnSync("tmux", ["display-message", "-p", "#{pid}"], { env: world.env, encoding: "utf8" }).stdout.trim());
  spawnSync("tmux", ["kill-server"], { env: world.env });
  if (pid > 0) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // kill-server ended it
    }
  }
  rmSync(world.tmuxDir, { recursive: true, force: true });
}

function readOrEmpty(path) {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

async function startModelServer(dir) {
  const outfile = join(dir, "agent-model-server.mjs");
  await build({
    entryPoints: [join(ROOT, "test/fixtures/agent-model-server-main.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile,
    logLevel: "warning",
  });
  const child = spawn(process.execPath, [outfile], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise((resolve, reject) => {
    child.stdout.once("data", (chunk) => resolve(JSON.parse(chunk.toString()).port));
    child.once("exit", (code) => reject(new Error(`model server exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted.at(-1), runs: sorted.length };
}

function fmt(ms) {
  return `${Math.round(ms)} ms`;
}
