import type { Context } from "../core/context.js";

export type Format = "human" | "json" | "jsonl" | { template: string };

export interface Output {
  readonly format: Format;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly color: boolean;
  /** prints a result: the human text, or the data as json / jsonl / template */
  result(data: unknown, human: () => string): void;
  line(text: string): void;
  progress(text: string): void;
  warn(text: string): void;
}

export function parseFormat(text: string): Format {
  if (text === "human" || text === "json" || text === "jsonl") return text;
  if (text.includes("{")) return { template: text };
  throw new FormatError(text);
}

export class FormatError extends Error {}

export function createOutput(format: Format, quiet: boolean, verbose: boolean): Output {
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const write = (text: string) => process.stdout.write(text.endsWith("\n") || text === "" ? text : `${text}\n`);
  return {
    format,
    quiet,
    verbose,
    color,
    result(data, human) {
      if (format === "json") write(JSON.stringify(data, null, 2));
      else if (format === "jsonl") write((Array.isArray(data) ? data : [data]).map((d) => JSON.stringify(d)).join("\n"));
      else if (typeof format === "object") write((Array.isArray(data) ? data : [data]).map((d) => fillTemplate(format.template, d)).join("\n"));
      else {
        const text = human();
        if (text !== "") write(text);
      }
    },
    line: write,
    progress(text) {
      if (!quiet) process.stderr.write(`${text}\n`);
    },
    warn(text) {
      process.stderr.write(`warning: ${text}\n`);
    },
  };
}

export function fillTemplate(template: string, data: unknown): string {
  return template
    .replace(/\\t/g, "\t")
    .replace(/\\n/g, "\n")
    .replace(/\{([A-Za-z0-9_.]+)\}/g, (_, path: string) => {
      const value = path
        .split(".")
        .reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), data);
      if (value === undefined || value === null) return "";
      return typeof value === "object" ? JSON.stringify(value) : String(value);
    });
}

/** Left-aligned columns separated by two spaces; the last column is not padded. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? ""))));
  const render = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + " ".repeat(Math.max(0, (widths[i] ?? 0) - visibleLength(c)))))
      .join("  ")
      .trimEnd();
  return [render(headers), ...rows.map(render)].join("\n");
}

function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "").length;
}

export function age(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

const STATE_COLORS: Record<string, string> = {
  running: "32",
  working: "33",
  waiting: "36",
  blocked: "35",
  done: "34",
  stopped: "90",
  replaced: "33",
  unknown: "31",
  starting: "37",
};

export function paintState(out: Output, state: string): string {
  return out.color ? `\x1b[${STATE_COLORS[state] ?? "0"}m${state}\x1b[0m` : state;
}

/** The pieces every command gets: its context (loaded lazily) and its output. */
export interface App {
  /** with lenientConfig, an invalid config falls back to defaults and is reported as ctx.configProblem */
  ctx(opts?: { lenientConfig?: boolean }): Promise<Context>;
  out(): Output;
  configFiles: import("../core/config.js").ConfigFiles;
  /** the words after `--` on the command line */
  passthrough: string[];
  setExit(code: number): void;
  /** opens a file in the user's editor; resolves to the editor's exit code */
  edit(editor: string, path: string): Promise<number>;
  /** loads the configuration again, throwing ConfigError when it is invalid */
  validateConfig(): Promise<void>;
}
