/**
 * Claude Code, Codex, opencode, Gemini CLI and pi behind muster's gateway: the agents get the gateway's URL and their own
 * token (no --env), the gateway routes `fake/...` to the scripted model server and records each
 * call in the agent's calls.jsonl.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, requireAgentCli, startWorld, type World, fakeProviderConfig } from "../fixtures/offline-world.js";

const CONFIG = fakeProviderConfig(["anthropic", "openai-responses", "openai-chat"], "FAKE_UPSTREAM_KEY");

let world: World;

beforeAll(async () => {
  requireAgentCli("claude");
  requireAgentCli("codex");
  requireAgentCli("gemini");
  requireAgentCli("opencode");
  requireAgentCli("pi");
  world = await startWorld({ hostUnderTmp: false, config: CONFIG, env: { FAKE_UPSTREAM_KEY: "sk-upstream-e2e" } });
}, 120_000);

afterAll(async () => {
  await world?.close();
});

interface Call {
  provider: string;
  requestedModel: string;
  status: number;
  credential: string;
  inbound: { dialect: string };
}

describe.each([
  { type: "claude", dialect: "anthropic", args: [] },
  { type: "codex", dialect: "openai-responses", args: [] },
  { type: "opencode", dialect: "openai-chat", args: [] },
  { type: "pi", dialect: "anthropic", args: [] },
  // Gemini CLI asks before running a shell command; its own yolo mode lets the scripted tool call run
  { type: "gemini", dialect: "gemini", args: ["--", "--approval-mode", "yolo"] },
])("$type behind the gateway", ({ type, dialect, args }) => {
  it("answers through the gateway with a tool call, and every call is recorded for the agent", async () => {
    const name = `gw-${type}`;
    const prompt = `FAKE_TOOL:echo via-gateway > gw-${type}.txt`;
    const created = await world.muster(["create", name, type, "--model", "fake/fake-model", "-m", prompt, ...args]);
    expect(created.code, created.stderr).toBe(0);
    const waited = await world.muster(["wait", name, "--state", "waiting", "--timeout", "30"]);
    expect(waited.code, (await world.muster(["capture", name])).stdout).toBe(0);
    const file = join(world.hostDir, "worktrees", name, `gw-${type}.txt`);
    await eventually("the tool's file", () => existsSync(file));
    expect(readFileSync(file, "utf8")).toBe("via-gateway\n");

    const env = JSON.parse(readFileSync(join(world.agentDir(name), "env.json"), "utf8")) as Record<string, string>;
    expect(env.MUSTER_GATEWAY_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const calls = readFileSync(join(world.agentDir(name), "calls.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Call);
    const turn = calls.filter((c) => c.inbound.dialect === dialect && c.provider === "fake");
    expect(turn.length).toBeGreaterThanOrEqual(2); // the tool call, then the answer after it
    expect(turn.every((c) => c.status === 200 && c.credential === "gateway")).toBe(true);
    const upstream = world.requests().filter((r) => r.lastUserText === prompt);
    expect(upstream.length).toBeGreaterThanOrEqual(2);
    expect(upstream.every((r) => r.model === "fake-model")).toBe(true);

    const transcript = await world.muster(["transcript", name, "--format", "jsonl"]);
    expect(transcript.stdout).toContain("FAKE_DONE: tool finished");
    expect((await world.muster(["destroy", name, "--force"])).code).toBe(0);
  });
});

describe("the gateway world", () => {
  it("sent nothing beyond loopback but Codex's known announcement lookup", async ({ skip }) => {
    if (!world.offline) skip("needs root for a loopback-only network namespace");
    expect(world.dnsQueries().filter((name) => name !== "raw.githubusercontent.com")).toEqual([]);
  });
});
