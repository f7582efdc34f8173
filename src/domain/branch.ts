import { UsageError } from "./errors.js";

/**
 * `--branch [BASE][:NEW]`: BASE is what the work dir starts from (default: the source's current
 * HEAD); NEW is the branch muster creates (default `muster/<name>`; `*` stands for the name).
 * Without a colon, BASE is checked out directly and no branch is created.
 */
export interface BranchSpec {
  base?: string;
  newBranch?: string;
}

export function parseBranchSpec(spec: string | undefined, agentName: string): BranchSpec {
  if (spec === undefined) return { newBranch: `muster/${agentName}` };
  const colon = spec.indexOf(":");
  if (colon === -1) {
    if (spec === "") throw new UsageError("--branch needs a value", { hint: "use --branch BASE, --branch BASE:NEW or --branch :NEW" });
    return { base: spec };
  }
  const base = spec.slice(0, colon) || undefined;
  const rawNew = spec.slice(colon + 1) || "muster/*";
  if ((rawNew.match(/\*/g) ?? []).length > 1) throw new UsageError(`--branch '${spec}' has more than one '*'`);
  return { base, newBranch: rawNew.replace("*", agentName) };
}
