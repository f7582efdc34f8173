// Wall-clock timing of whole processes, from spawn to exit, and the statistics over the runs.
import { spawn } from "node:child_process";
import { INTERRUPTS, Interrupted } from "./sandbox.mjs";

/** Runs argv once and resolves with its wall time in ms; a non-zero exit is a failure of the benchmark. */
export function timeProcess(argv, { env, cwd }) {
  const [program, ...args] = argv;
  return new Promise((resolve, reject) => {
    const stderr = [];
    const started = process.hrtime.bigint();
    const child = spawn(program, args, { env, cwd, stdio: ["ignore", "ignore", "pipe"] });
    child.stderr.on("data", (chunk) => stderr.push(chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code === 0) resolve(ms);
      else if (INTERRUPTS.includes(signal)) reject(new Interrupted(signal));
      else reject(new Error(`${argv.join(" ")} exited ${code ?? signal}: ${Buffer.concat(stderr).toString("utf8").trim()}`));
    });
  });
}

/**
 * Warms every contender up once, then measures them round-robin, rotating the order each round, so that
 * load from other work on the machine falls on all of them alike. A contender is { key, argv(run), cwd?, env? }.
 */
export async function measure(contenders, runs, env) {
  for (const c of contenders) await timeProcess(c.argv("w"), { env: c.env ?? env, cwd: c.cwd });
  const samples = Object.fromEntries(contenders.map((c) => [c.key, []]));
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(i + k) % contenders.length];
      samples[c.key].push(await timeProcess(c.argv(i), { env: c.env ?? env, cwd: c.cwd }));
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([key, values]) => [key, summarize(values)]));
}

export function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
  const p90 = sorted[Math.ceil(0.9 * sorted.length) - 1]; // nearest rank
  return { median, p90, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length, samples: values.map(round) };
}

function round(ms) {
  return Math.round(ms * 10) / 10;
}
