// An isolated world for one benchmark phase: its own temp dir, HOME, tmux server, host dir and git repo.
// Every sandbox is torn down at the end, on failure and on Ctrl-C (see teardownAll).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const live = new Set();

/** The environment every timed process gets: isolated, and without the variables that would skew Node's start. */
export function cleanEnv(overrides) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith("MUSTER_") || key.startsWith("TMUX") || key === "NODE_EXTRA_CA_CERTS" || key === "NODE_OPTIONS") delete env[key];
  }
  return { ...env, ...overrides };
}

export function createSandbox(label) {
  const root = mkdtempSync(join(tmpdir(), `mb-${label}-`));
  const home = join(root, "home");
  const sandbox = {
    root,
    repo: join(root, "repo"),
    hostDir: join(root, "host"),
    env: cleanEnv({
      HOME: home,
      XDG_CONFIG_HOME: join(home, ".config"),
      TMUX_TMPDIR: join(root, "tmux"),
      MUSTER_HOST_DIR: join(root, "host"),
      NO_COLOR: "1",
    }),
  };
  live.add(sandbox);
  mkdirSync(home, { recursive: true });
  mkdirSync(sandbox.env.TMUX_TMPDIR, { recursive: true });
  makeRepo(sandbox);
  return sandbox;
}

/** A small committed project (~50 files in a few directories) so `git worktree add` checks out real content. */
function makeRepo(sandbox) {
  const { repo, env } = sandbox;
  for (let i = 0; i < 48; i++) {
    const dir = join(repo, "src", `part${i % 6}`);
    mkdirSync(dir, { recursive: true });
    const body = Array.from({ length: 40 }, (_, line) => `export const value${line} = ${i * 100 + line}; // module ${i}, line ${line}`).join("\n");
    writeFileSync(join(dir, `module${i}.js`), body + "\n");
  }
  writeFileSync(join(repo, "README.md"), "# bench project\n");
  writeFileSync(join(repo, "package.json"), JSON.stringify({ name: "bench-project", version: "1.0.0" }, null, 2) + "\n");
  const identity = ["-c", "user.name=bench", "-c", "user.email=bench@localhost", "-c", "commit.gpgsign=false"];
  mustRun(["git", "init", "-q", "-b", "main", repo], env);
  mustRun(["git", "-C", repo, "add", "."], env);
  mustRun(["git", ...identity, "-C", repo, "commit", "-q", "-m", "initial"], env);
}

/**
 * Kills the sandbox's tmux server by its PID, then every process still carrying the sandbox's environment
 * (daemons muster started, such as the model gateway, and pane processes), and removes the temp dir.
 */
export function teardown(sandbox) {
  if (!live.delete(sandbox)) return;
  const serverPid = Number(run(["tmux", "display-message", "-p", "#{pid}"], sandbox.env).stdout.trim());
  run(["tmux", "kill-server"], sandbox.env);
  if (serverPid > 0) signal(serverPid, "SIGKILL");
  const pids = processesOf(sandbox);
  for (const pid of pids) signal(pid, "SIGTERM");
  const deadline = Date.now() + 2_000;
  while (pids.some(isRunning) && Date.now() < deadline) sleepSync(20);
  for (const pid of pids.filter(isRunning)) signal(pid, "SIGKILL");
  rmSync(sandbox.root, { recursive: true, force: true });
}

function processesOf(sandbox) {
  const marks = new Set([`MUSTER_HOST_DIR=${sandbox.hostDir}`, `TMUX_TMPDIR=${sandbox.env.TMUX_TMPDIR}`]);
  const pids = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let environ;
    try {
      environ = readFileSync(`/proc/${entry}/environ`, "utf8");
    } catch {
      continue; // gone already, or not ours to read
    }
    if (environ.split("\0").some((variable) => marks.has(variable))) pids.push(Number(entry));
  }
  return pids;
}

function isRunning(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

function signal(pid, name) {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function teardownAll() {
  for (const sandbox of [...live]) teardown(sandbox);
}

export function run(argv, env, opts = {}) {
  const [program, ...args] = argv;
  return spawnSync(program, args, { env, encoding: "utf8", ...opts });
}

/** A child ended by the terminal's Ctrl-C (or a kill of the whole run): stop measuring, clean up, exit 130. */
export class Interrupted extends Error {}

export const INTERRUPTS = ["SIGINT", "SIGTERM", "SIGHUP"];

export function mustRun(argv, env, opts = {}) {
  const result = run(argv, env, opts);
  if (INTERRUPTS.includes(result.signal)) throw new Interrupted(result.signal);
  if (result.status !== 0)
    throw new Error(`${argv.join(" ")} failed (${result.status ?? result.signal}): ${result.stderr || result.error?.message || ""}`);
  return result.stdout;
}
