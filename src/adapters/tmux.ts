import { ConflictError, NotFoundError } from "../domain/errors.js";
import type { Runner } from "../ports/runner.js";
import type { NewSessionSpec, PaneInfo, Tmux } from "../ports/tmux.js";

const PANE_FORMAT = [
  "#{session_name}",
  "#{window_name}",
  "#{pane_pid}",
  "#{pane_dead}",
  "#{pane_dead_status}",
  "#{pane_current_command}",
  "#{pane_title}",
].join("\t");
// "no current target": a server that is still starting or already shutting down has no sessions yet or left
const NO_SERVER = /no server running|error connecting to|server exited unexpectedly|no sessions|no current target/;

/** Every tmux argument is built here; session targets are always exact (`=name`). */
export class TmuxClient implements Tmux {
  constructor(
    private readonly runner: Runner,
    private readonly env: Record<string, string | undefined> = {},
  ) {}

  async version(): Promise<string | null> {
    const result = await this.runner.run(["tmux", "-V"], { nothrow: true, env: this.env }).catch(() => null);
    return result?.code === 0 ? result.stdout.trim().replace(/^tmux\s+/, "") : null;
  }

  async listPanes(): Promise<PaneInfo[]> {
    const result = await this.tmux(["list-panes", "-a", "-F", PANE_FORMAT], true);
    if (result.code !== 0) {
      if (NO_SERVER.test(result.stderr)) return [];
      throw new Error(`tmux list-panes failed: ${result.stderr.trim()}`);
    }
    return result.stdout.split("\n").filter(Boolean).map(parsePane);
  }

  async hasSession(session: string): Promise<boolean> {
    const result = await this.tmux(["has-session", "-t", target(session)], true);
    return result.code === 0;
  }

  async newSession(spec: NewSessionSpec): Promise<void> {
    const envArgs = Object.entries(spec.env).flatMap(([key, value]) => ["-e", `${key}=${value}`]);
    const args = [
      "new-session",
      "-d",
      "-s",
      spec.session,
      "-n",
      spec.window,
      "-x",
      String(spec.width ?? 200),
      "-y",
      String(spec.height ?? 50),
      "-c",
      spec.cwd,
      ...envArgs,
      "--",
      ...spec.argv.map(escapeSemicolon),
      // In the same server round trip, so a command that exits at once still leaves a dead pane to read.
      ";",
      "set-option",
      "-w",
      "-t",
      `${target(spec.session)}:${spec.window}`,
      "remain-on-exit",
      "on",
    ];
    let result = await this.tmux(args, true);
    // We reached a server just as its last session ended and it shut down; a new attempt starts a fresh one.
    for (let retry = 0; retry < 5 && /server exited unexpectedly/.test(result.stderr); retry++) result = await this.tmux(args, true);
    if (result.code === 0) return;
    if (/duplicate session/.test(result.stderr)) {
      throw new ConflictError(`tmux session ${spec.session} already exists`, {
        hint: `it belongs to no agent: kill it with \`tmux kill-session -t '=${spec.session}'\`, or pick another name`,
      });
    }
    throw new Error(`tmux new-session failed: ${result.stderr.trim()}`);
  }

  async killSession(session: string): Promise<void> {
    const result = await this.tmux(["kill-session", "-t", target(session)], true);
    if (result.code !== 0 && !NO_SERVER.test(result.stderr) && !/can't find session/.test(result.stderr)) {
      throw new Error(`tmux kill-session failed: ${result.stderr.trim()}`);
    }
  }

  async renameSession(from: string, to: string): Promise<void> {
    await this.tmux(["rename-session", "-t", target(from), to]);
  }

  async capturePane(session: string, window: string, opts: { lines?: number } = {}): Promise<string> {
    const history = opts.lines === undefined ? [] : ["-S", String(-opts.lines)];
    const result = await this.tmux(["capture-pane", "-p", "-J", ...history, "-t", `${target(session)}:${window}`], true);
    if (result.code !== 0) throw missingSession(session, result.stderr);
    return result.stdout;
  }

  async paste(session: string, window: string, text: string): Promise<void> {
    const buffer = `muster-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    // -p: bracketed paste only if the program enabled it; -r: keep LF as LF so bytes arrive exactly.
    const result = await this.tmux(
      ["load-buffer", "-b", buffer, "-", ";", "paste-buffer", "-d", "-p", "-r", "-b", buffer, "-t", `${target(session)}:${window}`],
      true,
      text,
    );
    if (result.code !== 0) throw missingSession(session, result.stderr);
  }

  async sendKeys(session: string, window: string, keys: readonly string[]): Promise<void> {
    const result = await this.tmux(["send-keys", "-t", `${target(session)}:${window}`, ...keys], true);
    if (result.code !== 0) throw missingSession(session, result.stderr);
  }

  attach(session: string): Promise<number> {
    const inside = Boolean(process.env.TMUX);
    return this.runner.runInteractive(["tmux", inside ? "switch-client" : "attach-session", "-t", target(session)], { env: this.env });
  }

  private tmux(args: string[], nothrow = false, input?: string) {
    return this.runner.run(["tmux", ...args], { nothrow, input, env: this.env, timeoutMs: 15_000 });
  }
}

export function target(session: string): string {
  return `=${session}`;
}

/** tmux treats an argument ending in ';' as a command separator; `\;` keeps a literal one. */
function escapeSemicolon(arg: string): string {
  return arg.endsWith(";") ? `${arg.slice(0, -1)}\\;` : arg;
}

function parsePane(line: string): PaneInfo {
  const [session = "", window = "", pid = "0", dead = "0", status = "", command = "", ...title] = line.split("\t");
  return {
    session,
    window,
    panePid: Number(pid),
    paneDead: dead === "1",
    deadStatus: status === "" ? null : Number(status),
    currentCommand: command,
    title: title.join("\t"),
  };
}

function missingSession(session: string, stderr: string): Error {
  if (/can't find|no server running|error connecting/.test(stderr)) {
    return new NotFoundError(`tmux session ${session} is not running`, { hint: "start the agent with `muster start NAME`" });
  }
  return new Error(`tmux failed: ${stderr.trim()}`);
}
