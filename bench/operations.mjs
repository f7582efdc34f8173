// The measured operations. Each one sets up its sandbox (untimed), then names three contenders doing the
// same work: muster itself, the bare-Node floor (floor.mjs) and the plain-shell floor (`sh -c`).
import { join } from "node:path";
import { mustRun } from "./sandbox.mjs";

const FLOOR = new URL("./floor.mjs", import.meta.url).pathname;
const MESSAGE = "hello from the benchmark";

export const OPERATIONS = [
  {
    key: "create",
    label: "create --no-connect (command agent)",
    target: { seconds: 0.25, nodeRatio: 1.5 },
    setup: () => undefined,
    contenders: ({ node, muster, sandbox }) => [
      {
        key: "muster",
        cwd: sandbox.repo,
        argv: (i) => [node, muster, "create", `m${i}`, "--no-connect", "--type", "command", "--", "sleep", "100000"],
      },
      { key: "node", argv: (i) => [node, FLOOR, "create", sandbox.repo, join(sandbox.root, "floor-node"), `n${i}`] },
      {
        key: "shell",
        cwd: sandbox.repo,
        argv: (i) => [
          "sh",
          "-c",
          'git worktree add --quiet -b "shell/$1" "$2" && tmux new-session -d -s "shell-$1" -n agent -c "$2" sleep 100000',
          "sh",
          `s${i}`,
          join(sandbox.root, "floor-shell", "worktrees", `s${i}`),
        ],
      },
    ],
  },
  listOperation(10, { seconds: 0.12, nodeRatio: 2 }),
  listOperation(100, { seconds: 0.3 }),
  {
    key: "message",
    label: "message to a ready agent",
    target: { seconds: 0.3 },
    setup: async ({ node, muster, sandbox }) => {
      mustRun([node, muster, "create", "target", "--no-connect", "--type", "command", "--", "cat"], sandbox.env, { cwd: sandbox.repo });
      await waitFor(
        () => mustRun(["tmux", "list-panes", "-t", "=muster-target:agent", "-F", "#{pane_current_command}"], sandbox.env).trim() === "cat",
      );
    },
    contenders: ({ node, muster, sandbox }) => [
      { key: "muster", cwd: sandbox.repo, argv: () => [node, muster, "message", "target", "-m", MESSAGE] },
      { key: "node", argv: () => [node, FLOOR, "message", "muster-target", MESSAGE] },
      {
        key: "shell",
        argv: () => [
          "sh",
          "-c",
          'printf %s "$2" | tmux load-buffer -b bench - && tmux paste-buffer -d -b bench -t "=$1:agent" && tmux send-keys -t "=$1:agent" Enter',
          "sh",
          "muster-target",
          MESSAGE,
        ],
      },
    ],
  },
];

/** `list` over `count` agents; the list operations share one sandbox, the second one adding to the first's agents. */
function listOperation(count, target) {
  return {
    key: `list-${count}`,
    label: `list with ${count} agents`,
    sandbox: "list",
    target,
    setup: ({ node, muster, sandbox }) => {
      for (let i = sandbox.agents ?? 0; i < count; i++) {
        mustRun([node, muster, "create", `a${i}`, "--no-connect", "--type", "command", "--", "sleep", "100000"], sandbox.env, { cwd: sandbox.repo });
      }
      sandbox.agents = count;
    },
    contenders: ({ node, muster, sandbox }) => [
      { key: "muster", cwd: sandbox.repo, argv: () => [node, muster, "list"] },
      { key: "node", argv: () => [node, FLOOR, "list", sandbox.hostDir] },
      { key: "shell", argv: () => ["sh", "-c", 'tmux list-sessions && cat "$1"/agents/*/agent.json', "sh", sandbox.hostDir] },
    ],
  };
}

async function waitFor(condition, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("the message target did not become ready");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
