// The whole test suite: install what is missing, build the CLI, check types, lint, layers, then every test tier.
// Ends with the plain line `N passed, N failed, N skipped`.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";

const report = ".tmp/vitest-report.json";
mkdirSync(".tmp", { recursive: true });
const steps = [
  ["bash", ["scripts/setup.sh"]],
  ["npm", ["run", "build"]],
  ["npx", ["tsc", "--noEmit", "-p", "."]],
  ["npx", ["eslint", "."]],
  ["npx", ["prettier", "--check", "."]],
  ["npx", ["depcruise", "src", "--config", ".dependency-cruiser.cjs"]],
  ["npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)]],
];
let status = 0;
for (const [cmd, args] of steps) {
  process.stderr.write(`\n> ${cmd} ${args.join(" ")}\n`);
  status = spawnSync(cmd, args, { stdio: "inherit" }).status ?? 1;
  if (status !== 0) break;
}
try {
  const r = JSON.parse(readFileSync(report, "utf8"));
  process.stdout.write(`\n${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped\n`);
} catch {
  // the suite did not get as far as the tests; the failing step above says why
}
process.exit(status);
