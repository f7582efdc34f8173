import { accessSync, constants, mkdirSync } from "node:fs";
import { localHost, type Context } from "./context.js";

export interface Check {
  name: string;
  ok: boolean;
  required: boolean;
  detail: string;
  fix?: string;
}

const MIN_TMUX = [3, 2];
const MIN_GIT = [2, 25];

/** What is installed, missing or misconfigured, and how to fix it. */
export async function runDoctor(ctx: Context): Promise<Check[]> {
  const host = localHost(ctx);
  const [tmux, git] = await Promise.all([host.tmux.version(), host.git.version()]);
  const checks: Check[] = [
    versionCheck("node", process.versions.node, [20, 0], "install Node.js 20 or newer"),
    tmux === null
      ? { name: "tmux", ok: false, required: true, detail: "not found", fix: "apt-get install tmux (Debian/Ubuntu), brew install tmux (macOS)" }
      : versionCheck("tmux", tmux, MIN_TMUX, "install tmux 3.2 or newer"),
    git === null
      ? { name: "git", ok: false, required: true, detail: "not found", fix: "apt-get install git (Debian/Ubuntu), brew install git (macOS)" }
      : versionCheck("git", git, MIN_GIT, "install git 2.25 or newer"),
    hostDirCheck(host.store.hostDir),
    ctx.configProblem
      ? { name: "config", ok: false, required: true, detail: ctx.configProblem, fix: "correct the key named above, or run `muster config edit`" }
      : {
          name: "config",
          ok: true,
          required: true,
          detail: ctx.configFiles.loaded.length ? `loaded ${ctx.configFiles.loaded.join(", ")}` : `defaults (no file at ${ctx.configFiles.user})`,
        },
    { name: "agent types", ok: true, required: false, detail: ctx.types.names().join(", ") },
    ...agentPrograms(ctx, host.runner.which.bind(host.runner)),
  ];
  return checks;
}

/** One check per agent type that needs a program: optional, with the install hint when missing. */
function agentPrograms(ctx: Context, which: (program: string) => string | null): Check[] {
  return ctx.types.names().flatMap((name) => {
    const requires = ctx.types.get(name).requires;
    if (!requires) return [];
    const path = which(requires.program);
    return [
      {
        name: `${name} agent`,
        ok: path !== null,
        required: false,
        detail: path ?? `${requires.program} not found on PATH`,
        fix: path ? undefined : requires.install,
      },
    ];
  });
}

function versionCheck(name: string, version: string, min: number[], fix: string): Check {
  const parts = (version.match(/\d+(\.\d+)*/)?.[0] ?? "0").split(".").map(Number);
  const ok = compare(parts, min) >= 0;
  return { name, ok, required: true, detail: ok ? version : `${version} is older than ${min.join(".")}`, fix: ok ? undefined : fix };
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function hostDirCheck(dir: string): Check {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return { name: "host dir", ok: true, required: true, detail: dir };
  } catch (error) {
    return {
      name: "host dir",
      ok: false,
      required: true,
      detail: `${dir}: ${(error as Error).message}`,
      fix: "set MUSTER_HOST_DIR (or host_dir in config) to a writable directory",
    };
  }
}
