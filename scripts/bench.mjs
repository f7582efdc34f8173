// `npm run bench`: builds the CLI (skip with BENCH_NO_BUILD=1), then runs the benchmark in bench/run.mjs.
// BENCH_RUNS sets the runs per contender (default 10), BENCH_AGENT_RUNS those per agent type (default 5).
import { spawnSync } from "node:child_process";

if (process.env.BENCH_NO_BUILD !== "1") {
  const build = spawnSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit", cwd: new URL("..", import.meta.url).pathname });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
await import("../bench/run.mjs");
// The model gateway beside a direct call and two peer gateways (bench/gateway.mjs); BENCH_GATEWAY=0 skips it,
// BENCH_PEERS=0 skips the peers (they are installed into a temp dir for the run, never into the project).
if (process.env.BENCH_GATEWAY !== "0" && !process.exitCode) await import("../bench/gateway-report.mjs");
// Real agent CLIs: create -> waiting and message -> confirmed per type (bench/agents.mjs); BENCH_AGENTS=0 skips them.
if (process.env.BENCH_AGENTS !== "0" && !process.exitCode) await import("../bench/agents.mjs");
