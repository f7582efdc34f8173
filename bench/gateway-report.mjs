// The gateway part of `npm run bench`: muster's gateway against a direct call and two peer gateways.
import { writeFileSync } from "node:fs";
import { benchGateway, TARGETS } from "./gateway.mjs";

const results = await benchGateway({ peers: process.env.BENCH_PEERS !== "0" });
const rows = [
  ["direct (no gateway)", results.direct],
  ["muster (Chat passed through)", results.muster],
  ["muster (Anthropic in, Chat upstream)", results.musterTranslating],
  ["Portkey gateway", results.portkey],
  ["claude-code-router", results.ccr],
];
const cell = (v, unit = "") => (v === undefined || v === null ? "-" : `${v}${unit}`);
const lines = [
  ["gateway", "p50", "p99", "added p50", "added p99", "ttft", "ttft added", "req/s", "peak rss"],
  ...rows.map(([name, r]) =>
    r?.error
      ? [name, `not measured: ${String(r.error).slice(0, 60)}`]
      : [
          name,
          cell(r?.latencyMs?.p50, " ms"),
          cell(r?.latencyMs?.p99, " ms"),
          cell(r?.addedMs?.p50, " ms"),
          cell(r?.addedMs?.p99, " ms"),
          cell(r?.ttftMs?.p50, " ms"),
          cell(r?.ttftAddedMs, " ms"),
          cell(r?.requestsPerSecond === undefined ? undefined : Math.round(r.requestsPerSecond)),
          cell(r?.rssMb, " MB"),
        ],
  ),
];
const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => String(l[i] ?? "").length)));
process.stdout.write(
  `\n${lines
    .map((l) =>
      l
        .map((c, i) => String(c ?? "").padEnd(widths[i]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n")}\n`,
);
const meets = results.meets ?? {};
process.stdout.write(
  `targets: added p50 <= ${TARGETS.addedP50Ms} ms ${meets.addedP50 ? "PASS" : "MISS"}, ttft added <= ${TARGETS.ttftAddedMs} ms ${meets.ttft ? "PASS" : "MISS"}, ` +
    `>= ${TARGETS.requestsPerSecond} req/s ${meets.requestsPerSecond ? "PASS" : "MISS"}, rss <= ${TARGETS.rssMb} MB ${meets.rss ? "PASS" : "MISS"}\n`,
);
writeFileSync(new URL("./gateway-results.json", import.meta.url), JSON.stringify(results, null, 2) + "\n");
process.stdout.write("wrote bench/gateway-results.json\n");
