// Verdicts against the targets, and the table people read.

/** PASS when the median meets every bound of the target: an absolute time and, where given, a ratio to the bare-Node floor. */
export function verdict(result) {
  const { target, muster, node } = result;
  const checks = [muster.median <= target.seconds * 1000];
  if (target.nodeRatio !== undefined) checks.push(muster.median / node.median <= target.nodeRatio);
  return checks.every(Boolean) ? "PASS" : "MISS";
}

export function targetText(target) {
  return [target.nodeRatio === undefined ? null : `≤${target.nodeRatio}× node`, `≤${Math.round(target.seconds * 1000)} ms`]
    .filter(Boolean)
    .join(", ");
}

export function resultsTable(results) {
  const header = ["operation", "median", "p90", "bare-node floor", "ratio", "shell floor", "ratio", "target", "result"];
  const rows = results.map((r) => [
    r.label,
    ms(r.muster.median),
    ms(r.muster.p90),
    ms(r.node.median),
    ratio(r.muster.median, r.node.median),
    ms(r.shell.median),
    ratio(r.muster.median, r.shell.median),
    targetText(r.target),
    r.verdict,
  ]);
  return table(header, rows, [false, true, true, true, true, true, true, false, false]);
}

export function startupTable(startup) {
  const rows = startup.map((s) => [s.label, ms(s.stats.median), ms(s.stats.p90)]);
  return table(["start-up", "median", "p90"], rows, [false, true, true]);
}

export function ms(value) {
  return `${value.toFixed(1)} ms`;
}

function ratio(a, b) {
  return `${(a / b).toFixed(2)}×`;
}

function table(header, rows, alignRight) {
  const all = [header, ...rows];
  const widths = header.map((_, col) => Math.max(...all.map((row) => [...row[col]].length)));
  const line = (row) =>
    row
      .map((cell, col) => (alignRight[col] ? cell.padStart(widths[col]) : cell.padEnd(widths[col])))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
