// The benchmark: times muster's create, list and message against the bare-Node and plain-shell floors,
// prints the table and writes bench/results.json. Started by `npm run bench` (scripts/bench.mjs).
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { OPERATIONS } from "./operations.mjs";
import { resultsTable, startupTable, targetText, verdict } from "./report.mjs";
import { cleanEnv, createSandbox, Interrupted, run, teardown, teardownAll } from "./sandbox.mjs";
import { measure } from "./timing.mjs";

const DIST = new URL("../dist/", import.meta.url).pathname;
const PACKAGE_JSON = new URL("../package.json", import.meta.url).pathname;
const RESULTS = new URL("./results.json", import.meta.url).pathname;
const node = process.execPath;
const log = (text) => process.stderr.write(`${text}\n`);
const runs = parseRuns(process.env.BENCH_RUNS ?? "10");
const caCerts = process.env.NODE_EXTRA_CA_CERTS;

// A private copy of the package (its package.json, which makes Node load the bundle as ESM straight away, and
// dist/), so a rebuild of dist/ during the run cannot change what is measured.
const distCopy = mkdtempSync(join(tmpdir(), "mb-dist-"));
cpSync(PACKAGE_JSON, join(distCopy, "package.json"));
cpSync(DIST, join(distCopy, "dist"), { recursive: true });
const muster = join(distCopy, "dist", "muster.js");

const cleanUp = () => {
  teardownAll();
  rmSync(distCopy, { recursive: true, force: true });
};
const onSignal = (signal) => {
  process.stderr.write(`\n${signal}: cleaning up\n`);
  process.exit({ SIGINT: 130, SIGTERM: 143, SIGHUP: 129 }[signal]); // the exit handler tears every sandbox down
};
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];
process.on("exit", cleanUp);
for (const signal of SIGNALS) process.on(signal, onSignal);

try {
  const env = cleanEnv({});
  const machine = {
    node: process.version,
    tmux: run(["tmux", "-V"], env).stdout.trim(),
    git: run(["git", "--version"], env).stdout.trim(),
    cpus: cpus().length,
    loadavgAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
  const source = describeSource(env);
  log(`muster ${source}`);
  log(`muster benchmark: ${runs} runs per contender after one warm-up, medians; ${machine.cpus} cores, load ${machine.loadavgAtStart.join(" ")}`);
  const startup = await measureStartup(env);
  const results = [];
  const sandboxes = new Map();
  for (const [index, op] of OPERATIONS.entries()) {
    const sandboxKey = op.sandbox ?? op.key;
    if (!sandboxes.has(sandboxKey)) sandboxes.set(sandboxKey, createSandbox(sandboxKey));
    const sandbox = sandboxes.get(sandboxKey);
    const world = { node, muster, sandbox };
    log(`${op.label}: setting up`);
    await op.setup(world);
    log(`${op.label}: measuring`);
    const stats = await measure(op.contenders(world), runs, sandbox.env);
    const result = { key: op.key, label: op.label, target: op.target, ...stats };
    results.push({ ...result, verdict: verdict(result) });
    if (!OPERATIONS.slice(index + 1).some((later) => (later.sandbox ?? later.key) === sandboxKey)) teardown(sandbox);
  }
  machine.loadavgAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);

  const startupMedian = (key) => startup.find((s) => s.key === key).stats.median.toFixed(1);
  const envNote = caCerts
    ? `Every timed Node process (muster and the bare-Node floor) runs with NODE_EXTRA_CA_CERTS unset; it is set on this machine ` +
      `and makes \`node -e 0\` take ${startupMedian("node-ca")} ms instead of ${startupMedian("node")} ms.`
    : "Every timed Node process runs with NODE_EXTRA_CA_CERTS unset (it is not set here either).";
  process.stdout.write(
    [
      "",
      resultsTable(results),
      "",
      startupTable(startup),
      "",
      `muster ${source}. Medians and p90 over ${runs} runs each, after one warm-up; ratios are muster's median over the floor's median.`,
      "node floor: bench/floor.mjs doing the same external calls in a bare Node process; shell floor: the same work in `sh -c`.",
      envNote,
      `Load average ${machine.loadavgAtStart.join(" ")} at the start, ${machine.loadavgAtEnd.join(" ")} at the end (${machine.cpus} cores).`,
      ...(Math.max(machine.loadavgAtStart[0], machine.loadavgAtEnd[0]) > machine.cpus / 2
        ? ["The machine was busy with other work (load above half the cores): times are inflated, and times and ratios vary from run to run."]
        : []),
      "",
    ].join("\n"),
  );
  writeFileSync(
    RESULTS,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        runs,
        source,
        machine,
        nodeExtraCaCerts: caCerts ? "set on this machine, unset for every timed Node process" : "not set",
        operations: results.map((r) => ({
          ...r,
          targetText: targetText(r.target),
          ratioToNode: r.muster.median / r.node.median,
          ratioToShell: r.muster.median / r.shell.median,
        })),
        startup: startup.map((s) => ({ key: s.key, label: s.label, ...s.stats })),
      },
      null,
      2,
    ) + "\n",
  );
  log(`wrote ${RESULTS}`);
} catch (error) {
  if (error instanceof Interrupted) {
    log(`\ninterrupted (${error.message}); cleaning up`);
    process.exitCode = 130;
  } else {
    log(`benchmark failed: ${error.message}`);
    process.exitCode = 1;
  }
} finally {
  // Whatever runs after this module (other benchmarks) handles its own signals and clean-up.
  cleanUp();
  process.off("exit", cleanUp);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/** How long Node itself takes to start, and what loading muster's bundle adds to that. */
async function measureStartup(env) {
  const contenders = [
    { key: "node", label: "node -e 0", argv: () => [node, "-e", "0"] },
    ...(caCerts
      ? [
          {
            key: "node-ca",
            label: "node -e 0 with NODE_EXTRA_CA_CERTS",
            argv: () => [node, "-e", "0"],
            env: { ...env, NODE_EXTRA_CA_CERTS: caCerts },
          },
        ]
      : []),
    { key: "version", label: "node dist/muster.js --version", argv: () => [node, muster, "--version"] },
  ];
  log("start-up: measuring");
  const stats = await measure(contenders, runs, env);
  return contenders.map((c) => ({ key: c.key, label: c.label, stats: stats[c.key] }));
}

/** Which code was measured: the commit, and whether src/ had uncommitted changes when dist/ was built. */
function describeSource(env) {
  const root = new URL("..", import.meta.url).pathname;
  const commit = run(["git", "-C", root, "rev-parse", "--short", "HEAD"], env).stdout.trim() || "unknown commit";
  const dirty = run(["git", "-C", root, "status", "--porcelain", "--", "src"], env).stdout.trim() !== "";
  return `${commit}${dirty ? " with uncommitted changes in src/" : ""}`;
}

function parseRuns(text) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    log(`BENCH_RUNS must be a whole number of at least 1, got '${text}'`);
    process.exit(2);
  }
  if (value < 10) log(`note: BENCH_RUNS=${value} is below the 10 runs the published figures use`);
  return value;
}
