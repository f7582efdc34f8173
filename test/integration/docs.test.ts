/** Every command's docs page shows the same synopsis as `muster <command> --help`. */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const DOCS = join(import.meta.dirname, "..", "..", "docs", "commands");
const BIN = join(import.meta.dirname, "..", "..", "dist", "muster.js");

describe("command docs", () => {
  it.each(readdirSync(DOCS).map((file) => file.replace(/\.md$/, "")))("docs/commands/%s.md matches --help", (command) => {
    const page = readFileSync(join(DOCS, `${command}.md`), "utf8");
    const synopsis = /## Synopsis\n\n```text\n([\s\S]*?)```/.exec(page)?.[1];
    expect(synopsis, "a Synopsis block").toBeDefined();
    const help = execFileSync(process.execPath, [BIN, command, "--help"], { encoding: "utf8", env: { ...process.env, COLUMNS: "80" } });
    expect(synopsis?.trim()).toBe(help.trim());
  });
});
