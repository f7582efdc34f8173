/**
 * Five agents of five types at once, as a new user would run them: every CLI behind muster's
 * gateway with its own token, all created together, true states in one `list`, a second message to
 * each confirmed, and every transcript in the one normalised format.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentTranscript, eventually, requireAgentCli, startWorld, type World, fakeProviderConfig } from "../fixtures/offline-world.js";

const CONFIG = fakeProviderConfig(["anthropic", "openai-chat", "openai-responses"], "FAKE_UPSTREAM_KEY");

/** Each type with the words after `--` that a user would give it to let the scripted shell command run. */
const AGENTS: ReadonlyArray<{ type: string; extra: readonly string[] }> = [
  { type: "claude", extra: [] },
  { type: "codex", extra: [] },
  { type: "opencode", extra: [] },
  { type: "gemini", extra: ["--", "--approval-mode", "yolo"] },
  { type: "pi", extra: [] },
];

let world: World;

beforeAll(async () => {
  for (const { type } of AGENTS) requireAgentCli(type);
  world = await startWorld({ hostUnderTmp: false, config: CONFIG, env: { FAKE_UPSTREAM_KEY: "sk-upstream-e2e" } });
}, 120_000);

afterAll(async () => {
  await world?.close();
});

interface Listed {
  name: string;
  type: string;
  state: string;
}

async function listed(): Promise<Listed[]> {
  const r = await world.muster(["list", "--format", "json"]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Listed[];
}

describe("five agents of mixed types at once", () => {
  it("run together through the gateway, show true states, take confirmed messages and share one transcript format", async () => {
    const created = await Promise.all(
      AGENTS.map(({ type, extra }) =>
        world.muster(["create", `mix-${type}`, type, "--model", "fake/fake-model", "-m", `FAKE_TOOL:echo ${type} > mixed-${type}.txt`, ...extra], {
          timeoutMs: 120_000,
        }),
      ),
    );
    created.forEach((r, i) => expect(r.code, `${AGENTS[i]?.type}: ${r.stderr}`).toBe(0));

    const waited = await Promise.all(AGENTS.map(({ type }) => world.muster(["wait", `mix-${type}`, "--state", "waiting", "--timeout", "90"])));
    for (const [i, r] of waited.entries()) {
      const name = `mix-${AGENTS[i]?.type}`;
      expect(r.code, `${name}: ${(await world.muster(["capture", name])).stdout}`).toBe(0);
    }
    expect((await listed()).map((a) => [a.name, a.type, a.state]).sort()).toEqual(AGENTS.map(({ type }) => [`mix-${type}`, type, "waiting"]).sort());
    for (const { type } of AGENTS) {
      const file = join(world.hostDir, "worktrees", `mix-${type}`, `mixed-${type}.txt`);
      await eventually(`${type}'s file`, () => existsSync(file));
      expect(readFileSync(file, "utf8")).toBe(`${type}\n`);
    }

    const sent = await Promise.all(
      AGENTS.map(({ type }) => world.muster(["message", `mix-${type}`, "-m", `second round for ${type}`, "--format", "json"], { timeoutMs: 90_000 })),
    );
    sent.forEach((r, i) => {
      expect(r.code, `${AGENTS[i]?.type}: ${r.stderr}`).toBe(0);
      expect((JSON.parse(r.stdout) as { confirmed: boolean }).confirmed).toBe(true);
    });
    await Promise.all(AGENTS.map(({ type }) => world.muster(["wait", `mix-${type}`, "--state", "waiting", "--timeout", "60"])));
    expect((await listed()).every((a) => a.state === "waiting")).toBe(true);

    for (const { type } of AGENTS) {
      const name = `mix-${type}`;
      const records = await eventually(`${type}'s full transcript`, async () => {
        const all = await agentTranscript(world, name);
        return all.some((r) => r.role === "assistant" && r.text.includes(`FAKE_REPLY: second round for ${type}`)) ? all : null;
      });
      const kinds = new Set(records.map((r) => `${r.role}/${r.kind}`));
      for (const kind of ["user/message", "assistant/message", "assistant/tool_call", "tool/tool_result"])
        expect(kinds.has(kind), `${type} transcript has ${kind}: ${[...kinds].join(", ")}`).toBe(true);
      expect(records.find((r) => r.kind === "tool_call")?.tool?.name, type).toBeTruthy();
      expect(records.some((r) => r.role === "user" && r.text.includes(`FAKE_TOOL:echo ${type} > mixed-${type}.txt`))).toBe(true);
      const turns = records.map((r) => r.turn);
      expect(turns, `${type} turns never go back`).toEqual([...turns].sort((a, b) => a - b));
      expect(Math.max(...turns), `${type} counts two turns`).toBeGreaterThanOrEqual(2);
    }

    const calls = AGENTS.map(
      ({ type }) =>
        readFileSync(join(world.agentDir(`mix-${type}`), "calls.jsonl"), "utf8")
          .split("\n")
          .filter(Boolean).length,
    );
    calls.forEach((n, i) => expect(n, `${AGENTS[i]?.type}'s recorded model calls`).toBeGreaterThanOrEqual(3));

    const destroyed = await Promise.all(AGENTS.map(({ type }) => world.muster(["destroy", `mix-${type}`, "--force"])));
    destroyed.forEach((r) => expect(r.code, r.stderr).toBe(0));
    expect(await listed()).toEqual([]);
  }, 600_000);

  it("sent nothing beyond loopback but Codex's known announcement lookup", async ({ skip }) => {
    if (!world.offline) skip("needs root for a loopback-only network namespace");
    expect(world.dnsQueries().filter((name) => name !== "raw.githubusercontent.com")).toEqual([]);
  });
});
