import { readFileSync } from "node:fs";
import { parseKeyValues, KeyValueError } from "../domain/agent.js";
import { UsageError } from "../domain/errors.js";

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function keyValues(pairs: readonly string[], flag: string): Record<string, string> {
  try {
    return parseKeyValues(pairs, flag);
  } catch (error) {
    if (error instanceof KeyValueError) throw new UsageError(error.message, { hint: `write ${flag} KEY=VALUE` });
    throw error;
  }
}

/** Reads KEY=VALUE lines (blank lines and # comments skipped, optional quotes stripped). */
export function readEnvFile(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new UsageError(`cannot read env file ${path}`, { hint: "check the path given to --env-file" });
  }
  const out: Record<string, string> = {};
  for (const [index, raw] of text.split("\n").entries()) {
    const line = raw.trim().replace(/^export\s+/, "");
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) throw new UsageError(`${path}:${index + 1} is not KEY=VALUE`);
    const value = line.slice(eq + 1).trim();
    out[line.slice(0, eq).trim()] = /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
  }
  return out;
}

/** The message text from -m, --message-file or stdin, exactly as given. */
export async function readMessage(
  opts: { message?: string; messageFile?: string },
  stdin: NodeJS.ReadStream = process.stdin,
): Promise<string | undefined> {
  if (opts.message !== undefined && opts.messageFile !== undefined) throw new UsageError("give either -m or --message-file, not both");
  if (opts.message !== undefined) return opts.message;
  if (opts.messageFile !== undefined) {
    try {
      return opts.messageFile === "-" ? await readAll(stdin) : readFileSync(opts.messageFile, "utf8");
    } catch {
      throw new UsageError(`cannot read message file ${opts.messageFile}`);
    }
  }
  return undefined;
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

export function parseSeconds(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`${flag} needs a number of seconds, got '${text}'`);
  return value;
}

export function parseCount(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new UsageError(`${flag} needs a whole number, got '${text}'`);
  return value;
}
