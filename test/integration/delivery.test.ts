import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { poll, RAW_READER, readOrNull, sandbox, type Sandbox } from "../fixtures/sandbox.js";

/** Creates an agent running the raw-mode reader and waits until its terminal is raw. */
async function reader(s: Sandbox, name: string): Promise<string> {
  const out = s.path("out", `${name}.bin`);
  const ready = s.path("out", `${name}.ready`);
  await s.ok(["create", name, "--", process.execPath, RAW_READER, out, ready]);
  const pid = Number(await poll(() => readOrNull(ready)?.toString().trim(), 10_000, `${name}'s reader to be ready`));
  s.track(pid);
  return out;
}

/** Waits until the file holds as many bytes as expected, then returns them. */
async function received(file: string, expected: Buffer): Promise<Buffer> {
  await poll(() => (readOrNull(file)?.length ?? 0) >= expected.length, 20_000, `${expected.length} bytes in ${file}`);
  return readFileSync(file);
}

async function expectDelivery(s: Sandbox, text: string, send: (name: string) => Promise<void>): Promise<void> {
  const out = await reader(s, "rx");
  await send("rx");
  const expected = Buffer.from(`${text}\r`, "utf8");
  expect((await received(out, expected)).equals(expected)).toBe(true);
}

const PRINTABLE_ASCII = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join("");

describe("byte-exact message delivery into a raw-mode reader", () => {
  it.each([
    [
      "unicode: emoji, CJK, combining marks, RTL",
      "emoji 👩‍💻🚀🏳️‍🌈 · CJK 漢字かなカナ한국어 · combining e\u0301 n\u0303 a\u030a · RTL שלום مرحبا · ß ∑ ∞",
    ],
    ["every printable ASCII character", PRINTABLE_ASCII],
    [
      "quotes, $(), backticks, backslashes and newlines",
      `'single' "double" $(rm -rf /) \`id\` $HOME \\n \\\\ back\\slash\nsecond line\n\nfourth; ls & echo | cat > x <y\t tab`,
    ],
    ["text that looks like tmux syntax", "#{session_name} #[fg=red] ; \\; send-keys C-c Enter"],
  ])("%s", async (_, text) => {
    const s = await sandbox();
    await expectDelivery(s, text, async (name) => void (await s.ok(["message", name, "-m", text])));
  });

  it("100 KiB from --message-file", async () => {
    const s = await sandbox();
    const text = longText(100 * 1024);
    expect(Buffer.byteLength(text)).toBe(100 * 1024);
    const file = s.write(s.path("long.txt"), text);
    await expectDelivery(s, text, async (name) => void (await s.ok(["message", name, "--message-file", file])));
  });

  it("every control character, NUL included, from --message-file", async () => {
    const s = await sandbox();
    const text = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).join("") + "\x7f";
    const file = s.write(s.path("controls.bin"), text);
    await expectDelivery(s, text, async (name) => void (await s.ok(["message", name, "--message-file", file])));
  });

  it("text that looks like an option", async () => {
    const s = await sandbox();
    const out = await reader(s, "rx");
    await s.ok(["message", "rx", "-m", "--help"]);
    await s.ok(["message", "rx", "-m", "-x"]);
    const expected = Buffer.from("--help\r-x\r");
    expect((await received(out, expected)).equals(expected)).toBe(true);
  });

  it("from stdin, and from --message-file -", async () => {
    const s = await sandbox();
    const out = await reader(s, "rx");
    const first = "piped on stdin: ünïcödé 'q' $(x)\nline 2";
    const second = 'via --message-file -: \\ " ` 🚀';
    expect(await s.ok(["message", "rx"], { input: first })).toBe("delivered to rx\n");
    const afterFirst = Buffer.from(`${first}\r`);
    expect((await received(out, afterFirst)).equals(afterFirst)).toBe(true);
    await s.ok(["message", "rx", "--message-file", "-"], { input: second });
    const both = Buffer.from(`${first}\r${second}\r`);
    expect((await received(out, both)).equals(both)).toBe(true);
  });

  it("to several agents at once", async () => {
    const s = await sandbox();
    const outs = await Promise.all(["rx-1", "rx-2", "rx-3"].map((name) => reader(s, name)));
    const text = "same words for all of you: ✓ 'ok' $(no)";
    const result = JSON.parse(await s.ok(["message", "rx-1", "rx-2", "rx-3", "-m", text, "--format", "json"])) as Array<{
      name: string;
      delivered: boolean;
      bytes: number;
    }>;
    expect(result.map((d) => [d.name, d.delivered, d.bytes])).toEqual(["rx-1", "rx-2", "rx-3"].map((n) => [n, true, Buffer.byteLength(text)]));
    const expected = Buffer.from(`${text}\r`);
    for (const out of outs) expect((await received(out, expected)).equals(expected)).toBe(true);
  });

  it("concurrent messages to one agent arrive whole, one after another", async () => {
    const s = await sandbox();
    const out = await reader(s, "rx");
    const texts = Array.from({ length: 6 }, (_, i) => `<message ${i}>${longText(3000 + i)}</message ${i}>`);
    const results = await Promise.all(texts.map((text) => s.muster(["message", "rx", "-m", text])));
    expect(results.map((r) => r.code)).toEqual(texts.map(() => 0));
    const total = Buffer.from(texts.map((t) => `${t}\r`).join(""));
    const bytes = (await received(out, total)).toString("utf8");
    expect(bytes.length).toBe(total.toString("utf8").length);
    const pieces = bytes.split("\r").filter(Boolean);
    expect([...pieces].sort()).toEqual([...texts].sort());
  });

  it("refuses to send to a stopped agent and says so", async () => {
    const s = await sandbox();
    await reader(s, "rx");
    await s.ok(["stop", "rx"]);
    const result = await s.muster(["message", "rx", "-m", "anyone there?"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: .*stopped.*nothing was delivered/m);
    expect(result.stderr).toMatch(/^hint: .*muster start rx/m);
  });
});

/** Deterministic mixed text (ASCII, punctuation, newlines, tabs, multi-byte) of exactly `bytes` UTF-8 bytes. */
function longText(bytes: number): string {
  const alphabet = ["a", "b", "Z", "0", " ", "\n", "\t", "'", '"', "\\", "$", "(", ")", "é", "漢", "🚀", "~", "#", ";", "{"];
  let seed = 42;
  let text = "";
  let size = 0;
  while (size < bytes) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    let char = alphabet[seed % alphabet.length] as string;
    if (size + Buffer.byteLength(char) > bytes) char = "x";
    text += char;
    size += Buffer.byteLength(char);
  }
  return text;
}
