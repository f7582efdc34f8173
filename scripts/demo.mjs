// `npm run demo`: muster's main job as a narrated session in a scratch sandbox.
// Sets itself up (tmux, git, npm packages, the build), creates agents in a scratch git repo, talks to
// them, destroys them, and removes everything it made again, also on failure or Ctrl-C. It has its own
// tmux server (TMUX_TMPDIR) and host dir (MUSTER_HOST_DIR), so your own agents are never touched.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "dist", "muster.js");
const bold = (text) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${text}\x1b[0m` : text);
const say = (text) => console.log(`\n${bold(`# ${text}`)}`);
const shown = (arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

let current = null; // the program running now; Ctrl-C ends it before cleaning up
let interrupted = false;

/** Runs a program to completion; `quiet` captures stdout instead of showing it and never fails. */
function run(argv, { quiet = false, ...options } = {}) {
  if (interrupted) return Promise.reject(new Error("interrupted"));
  const child = spawn(argv[0], argv.slice(1), { stdio: quiet ? ["ignore", "pipe", "ignore"] : "inherit", ...options });
  const done = new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk) => (out += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0 || quiet) resolve(out);
      else reject(new Error(`${argv.join(" ")} ${signal ? `was ended by ${signal}` : `failed with exit code ${code}`}`));
    });
  });
  current = { child, done };
  return done;
}

const which = (program) => spawnSync("sh", ["-c", 'command -v "$1"', "sh", program], { stdio: "ignore" }).status === 0;

async function setUp() {
  const missing = ["tmux", "git"].filter((program) => !which(program));
  if (missing.length > 0) {
    const list = missing.join(" ");
    if (process.getuid?.() !== 0 || !which("apt-get")) {
      throw new Error(`muster needs ${list}: install it (sudo apt-get install ${list}, or brew install ${list}), then run the demo again`);
    }
    say(`installing ${list} with apt-get`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    await run(["apt-get", "update", "-qq"], { env });
    await run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", ...missing], { env });
  }
  if (!existsSync(join(root, "node_modules"))) await run(["npm", "ci", "--no-audit", "--no-fund"], { cwd: root });
  if (!existsSync(cli)) await run(["npm", "run", "build"], { cwd: root });
}

// A scratch world: tmux server, host dir, config path and temp files all live under one directory.
const scratch = mkdtempSync(join(tmpdir(), "muster-demo-"));
const repo = join(scratch, "repo");
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("MUSTER_") && key !== "TMUX" && key !== "TMUX_PANE"));
Object.assign(env, {
  TMUX_TMPDIR: join(scratch, "tmux"),
  MUSTER_HOST_DIR: join(scratch, "host"),
  MUSTER_CONFIG: join(scratch, "config.toml"), // your own config stays out of the demo
  TMPDIR: join(scratch, "tmp"),
});

let cleanedUp = false;
function cleanUp() {
  if (cleanedUp) return;
  cleanedUp = true;
  // create started the demo's own model gateway; stop it like everything else the demo made
  if (existsSync(join(scratch, "host", "gateway"))) spawnSync(process.execPath, [cli, "gateway", "stop"], { env, stdio: "ignore" });
  if (which("tmux")) spawnSync("tmux", ["kill-server"], { env, stdio: "ignore" }); // ends every agent still running
  rmSync(scratch, { recursive: true, force: true });
}

for (const [signal, number] of Object.entries({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 })) {
  process.on(signal, async () => {
    interrupted = true;
    current?.child.kill("SIGTERM");
    await current?.done.catch(() => undefined);
    cleanUp();
    process.exit(128 + number);
  });
}

/** Runs the real CLI the way a user would, printing the command line first. */
function muster(...args) {
  console.log(bold(`$ muster ${args.map(shown).join(" ")}`));
  return run([process.execPath, cli, ...args], { cwd: repo, env });
}

/** Reads an agent's screen without printing it until `pattern` shows up (at most 10 s). */
async function waitForScreen(name, pattern) {
  for (const deadline = Date.now() + 10_000; ; await sleep(50)) {
    const screen = await run([process.execPath, cli, "capture", name], { cwd: repo, env, quiet: true });
    if (pattern.test(screen)) return;
    if (Date.now() > deadline) throw new Error(`${name} did not show ${pattern} within 10 s; its screen:\n${screen}`);
  }
}

async function demo() {
  say(`a scratch git repo in ${repo} (its tmux server and host dir live next to it)`);
  for (const dir of [repo, env.TMUX_TMPDIR, env.TMPDIR]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(repo, "README.md"), "# scratch project\n");
  const git = ["git", "-c", "user.name=muster demo", "-c", "user.email=demo@localhost", "-c", "commit.gpgsign=false"];
  await run([...git, "init", "--quiet"], { cwd: repo, env });
  await run([...git, "add", "README.md"], { cwd: repo, env });
  await run([...git, "commit", "--quiet", "-m", "first commit"], { cwd: repo, env });

  say("is everything muster needs here?");
  await muster("doctor");

  say("three agents, each in its own git worktree and tmux session (any command can be an agent)");
  await muster("create", "shell", "--no-connect", "--", "bash", "--norc");
  await muster("create", "echo", "--no-connect", "--label", "role=demo", "--", "cat");
  await muster("create", "repl", "--no-connect", "--", "node", "--interactive");
  await muster("list");

  say("send text (byte-exact) to agents, then read their screens");
  await muster("message", "shell", "-m", 'echo "hello from $MUSTER_AGENT_NAME" > note.txt && git status --short');
  await waitForScreen("shell", /\?\? note\.txt/);
  await muster("capture", "shell");
  await muster("message", "echo", "-m", 'héllo "quotes" $(not run) back\\slash');
  await waitForScreen("echo", /slash\n.*slash/);
  await muster("capture", "echo");
  await waitForScreen("repl", /^> /m);
  await muster("message", "repl", "-m", "[1, 2, 3].map((n) => n * n)");
  await waitForScreen("repl", /\[ 1, 4, 9 \]/);
  await muster("capture", "repl");

  say("why muster thinks an agent is in its state; stop keeps the agent's work dir and record");
  await muster("explain", "shell");
  await muster("stop", "echo");
  await muster("list", "--format", "{name}\\t{state}\\t{branch}");

  say("destroy never loses work: the untracked note.txt of 'shell' is archived in the repo first");
  await muster("destroy", "--force", "shell", "echo", "repl");
  await muster("archive", "list");
  await muster("archive", "restore", "shell", "--worktree", "../shell-restored");
  console.log(bold("$ cat ../shell-restored/note.txt"));
  process.stdout.write(readFileSync(join(scratch, "shell-restored", "note.txt"), "utf8"));
  await muster("list");
}

try {
  await setUp();
  await demo();
  say("done; the scratch repo, host dir and tmux server are removed again");
} catch (error) {
  if (!interrupted) {
    console.error(`\ndemo failed: ${error.message}`);
    process.exitCode = 1;
  }
} finally {
  if (!interrupted) cleanUp();
}
