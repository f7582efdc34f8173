import type { Command } from "commander";
import { runDoctor } from "../../core/doctor.js";
import { table, type App } from "../output.js";

export function register(program: Command, app: App): void {
  program
    .command("doctor")
    .summary("check what muster needs and how to fix what is missing")
    .description("Check Node, tmux, git, the host dir and the config. Exit 1 when something required is missing.")
    .action(async () => {
      const ctx = await app.ctx({ lenientConfig: true });
      const out = app.out();
      const checks = await runDoctor(ctx);
      const mark = (c: { ok: boolean; required: boolean; detail: string }) =>
        c.ok ? "ok" : /not found/.test(c.detail) ? (c.required ? "missing" : "not installed") : "failed";
      out.result(checks, () =>
        [
          table(
            ["CHECK", "STATUS", "DETAIL"],
            checks.map((c) => [c.name, mark(c), c.detail]),
          ),
          ...checks.filter((c) => !c.ok && c.fix).map((c) => `fix ${c.name}: ${c.fix}`),
        ].join("\n"),
      );
      if (checks.some((c) => c.required && !c.ok)) app.setExit(1);
    });
}
