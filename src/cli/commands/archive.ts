import type { Command } from "commander";
import { listArchives, restoreArchive } from "../../core/archive.js";
import { table, type App } from "../output.js";

export function register(program: Command, app: App): void {
  const archive = program.command("archive").summary("see and restore work saved by destroy");
  archive
    .command("list")
    .summary("list archived work")
    .option("--repo <path>", "the source repo (default: the repo of the current directory)")
    .action(async (opts) => {
      const ctx = await app.ctx();
      const entries = await listArchives(ctx, opts.repo);
      app.out().result(entries, () =>
        entries.length === 0
          ? "no archives"
          : table(
              ["AGENT", "DATE", "KIND", "REF"],
              entries.map((e) => [e.agent, e.date, e.kind, e.ref]),
            ),
      );
    });
  archive
    .command("restore")
    .summary("bring archived work back as a branch (and work tree)")
    .description(
      "REF is a full ref, NAME/TIMESTAMP, or an agent name (its newest archive). A git archive becomes a branch (default muster/NAME, or muster/NAME-restored-N when taken); with --worktree it is also checked out there.",
    )
    .argument("<ref>", "the archive")
    .argument("[branch]", "name of the branch to create")
    .option("--worktree <path>", "also check the branch out in a new work tree at PATH (for a copy archive: where to copy it)")
    .option("--repo <path>", "the source repo (default: the repo of the current directory)")
    .action(async (ref: string, branch: string | undefined, opts) => {
      const ctx = await app.ctx();
      const restored = await restoreArchive(ctx, ref, { branch, worktree: opts.worktree, repo: opts.repo });
      app
        .out()
        .result(restored, () =>
          [
            restored.branch ? `restored ${restored.ref} as branch ${restored.branch}` : `restored ${restored.ref}`,
            restored.path ? `files are in ${restored.path}` : "",
          ]
            .filter(Boolean)
            .join("\n"),
        );
    });
}
