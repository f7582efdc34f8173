// The bare-Node floor: the external calls muster makes for each operation, from a Node process that loads
// nothing else. Its time is what any Node CLI doing this work must pay; muster's ratio to it is its own cost.
//   node floor.mjs create REPO FLOOR_DIR NAME
//   node floor.mjs list HOST_DIR
//   node floor.mjs message SESSION TEXT
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const PANE_FORMAT = "#{session_name}\t#{window_name}\t#{pane_pid}\t#{pane_dead}\t#{pane_dead_status}\t#{pane_current_command}\t#{pane_title}";
const [operation, ...args] = process.argv.slice(2);

const run = (program, argv, input) =>
  execFileSync(program, argv, { encoding: "utf8", input, stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });

if (operation === "create") {
  const [repo, floorDir, name] = args;
  const top = run("git", ["-C", repo, "rev-parse", "--show-toplevel"]).trim();
  if (run("git", ["-C", top, "status", "--porcelain"]) !== "") throw new Error(`${top} is dirty`);
  const worktree = join(floorDir, "worktrees", name);
  mkdirSync(join(floorDir, "worktrees"), { recursive: true });
  run("git", ["-C", top, "worktree", "add", "--quiet", "-b", `floor/${name}`, worktree]);
  run("tmux", ["new-session", "-d", "-s", `floor-${name}`, "-n", "agent", "-c", worktree, "--", "sleep", "100000"]);
  const agentDir = join(floorDir, "agents", name);
  mkdirSync(agentDir, { recursive: true });
  writeFileSync(
    join(agentDir, "agent.json"),
    JSON.stringify({ name, workDir: worktree, branch: `floor/${name}`, createdAt: new Date().toISOString() }),
  );
  process.stdout.write(`${name}\n`);
} else if (operation === "list") {
  const [hostDir] = args;
  const panes = run("tmux", ["list-panes", "-a", "-F", PANE_FORMAT]).split("\n").filter(Boolean);
  const live = new Set(panes.map((line) => line.split("\t")[0]));
  const agentsDir = join(hostDir, "agents");
  const rows = readdirSync(agentsDir).map((id) => JSON.parse(readFileSync(join(agentsDir, id, "agent.json"), "utf8")));
  process.stdout.write(
    rows.map((r) => `${r.name}\t${r.type}\t${live.has(`muster-${r.name}`) ? "running" : "stopped"}\t${r.branch}`).join("\n") + "\n",
  );
} else if (operation === "message") {
  const [session, text] = args;
  const buffer = `floor-${process.pid}`;
  run("tmux", ["load-buffer", "-b", buffer, "-", ";", "paste-buffer", "-d", "-p", "-r", "-b", buffer, "-t", `=${session}:agent`], text);
  run("tmux", ["send-keys", "-t", `=${session}:agent`, "Enter"]);
} else {
  throw new Error(`unknown operation ${operation}`);
}
