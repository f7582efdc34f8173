/**
 * Gemini CLI 0.61.0 (from .agents/) driven through muster. Gemini CLI speaks only the Gemini API, so
 * it reaches the scripted model server through muster's gateway, which translates its calls into
 * the Responses dialect of a `fake` provider. The steps share one world and run in order.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  agentState,
  agentTranscript,
  eventually,
  requireAgentCli,
  startWorld,
  type TranscriptRecord,
  type World,
  destroyLeavingNothing,
  fakeProviderConfig,
} from "../fixtures/offline-world.js";

const CONFIG = fakeProviderConfig(["openai-responses"]);

let world: World;
const figures: Record<string, number> = {};

beforeAll(async () => {
  requireAgentCli("gemini");
  world = await startWorld({ hostUnderTmp: false, config: CONFIG });
}, 120_000);

afterAll(async () => {
  process.stdout.write(`gemini figures: ${JSON.stringify(figures)}\n`);
  await world?.close();
});

const state = (name: string) => agentState(world, name);
const transcript = (name: string) => agentTranscript(world, name);

interface Call {
  inbound: { dialect: string; path: string };
  upstreamDialect: string;
  requestedModel: string;
  upstreamModel: string;
  status: number;
  headers: Record<string, string>;
  request: { contents?: Array<{ role: string; parts: Array<{ text?: string }> }> };
}

function calls(name: string): Call[] {
  return readFileSync(join(world.agentDir(name), "calls.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Call);
}

const texts = (call: Call | undefined): string[] => (call?.request.contents ?? []).flatMap((c) => c.parts.map((p) => p.text ?? ""));

describe("gemini", () => {
  it("create -m with --model delivers the first message through the gateway, and the agent goes working -> waiting", async () => {
    const started = Date.now();
    const created = await world.muster(["create", "gm", "gemini", "--model", "fake/fake-model", "-m", "first FAKE_LONG:4000"]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout.trim()).toBe("gm");
    await eventually("working", async () => (await state("gm")) === "working");
    expect((await world.muster(["wait", "gm", "--state", "waiting", "--timeout", "30"])).code).toBe(0);
    figures.createToWaitingMs = Date.now() - started;
    const first = calls("gm").filter((c) => texts(c).includes("first FAKE_LONG:4000"));
    expect(first.length).toBeGreaterThan(0);
    for (const call of first) {
      expect(call).toMatchObject({
        inbound: { dialect: "gemini" },
        upstreamDialect: "openai-responses",
        requestedModel: "fake/fake-model",
        upstreamModel: "fake-model",
        status: 200,
      });
      expect(call.inbound.path).toBe("/v1beta/models/fake/fake-model:streamGenerateContent?alt=sse");
      expect(call.headers["user-agent"]).toMatch(/^GeminiCLI-tui\/0\.61\.0\//);
    }
    expect(
      world
        .requests()
        .filter((r) => r.lastUserText === "first FAKE_LONG:4000")
        .every((r) => r.model === "fake-model"),
    ).toBe(true);
  });

  it("confirms a second message from the session file", async () => {
    const sent = await world.muster(["message", "gm", "-m", "second plain message", "--format", "json"]);
    expect(sent.code, sent.stderr).toBe(0);
    const delivery = JSON.parse(sent.stdout) as { confirmed: boolean; evidence: string; confirmMs: number; enterRetries: number };
    expect(delivery).toMatchObject({ confirmed: true, enterRetries: 0 });
    expect(delivery.evidence).toMatch(/session file .*\/home\/gemini\/\.gemini\/tmp\/.*\/chats\/session-.*\.jsonl$/);
    figures.messageToConfirmedMs = delivery.confirmMs;
    expect((await world.muster(["wait", "gm", "--state", "waiting", "--timeout", "30"])).code).toBe(0);
  });

  it("reports the tool approval dialog as blocked (exit 7), refuses a message meanwhile, and the tool's file lands once approved", async () => {
    const sent = await world.muster(["message", "gm", "-m", "FAKE_TOOL:echo made-by-gemini > tool-file.txt"]);
    expect(sent.code, sent.stderr).toBe(7);
    expect(await state("gm")).toBe("blocked");
    await eventually("the dialog", async () => (await world.muster(["capture", "gm"])).stdout.includes("Allow execution of"));
    const refused = await world.muster(["message", "gm", "-m", "are you there"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("nothing was delivered");
    world.tmux(["send-keys", "-t", "=muster-gm:agent", "Enter"]); // "Allow once", as a user would
    expect((await world.muster(["wait", "gm", "--state", "waiting", "--timeout", "30"])).code).toBe(0);
    const file = join(world.hostDir, "worktrees", "gm", "tool-file.txt");
    await eventually("the tool's file", () => existsSync(file));
    expect(readFileSync(file, "utf8")).toBe("made-by-gemini\n");
    expect((await transcript("gm")).some((r) => r.text.includes("are you there"))).toBe(false);
  });

  it("prints the normalised transcript and keeps it in transcript.jsonl", async () => {
    const records = await transcript("gm");
    expect(records.filter((r) => r.role === "user").map((r) => [r.turn, r.text])).toEqual([
      [1, "first FAKE_LONG:4000"],
      [2, "second plain message"],
      [3, "FAKE_TOOL:echo made-by-gemini > tool-file.txt"],
    ]);
    expect(records.find((r) => r.role === "assistant" && r.turn === 2)).toMatchObject({ kind: "message", text: "FAKE_REPLY: second plain message" });
    const call = records.find((r) => r.kind === "tool_call");
    expect(call).toMatchObject({ turn: 3, text: "echo made-by-gemini > tool-file.txt" });
    expect(call?.tool).toMatchObject({ name: "run_shell_command", input: { command: "echo made-by-gemini > tool-file.txt" } });
    expect(records.find((r) => r.kind === "tool_result")).toMatchObject({
      role: "tool",
      turn: 3,
      tool: { name: "run_shell_command", isError: false },
    });
    expect(records.at(-1)).toMatchObject({ role: "assistant", text: "FAKE_DONE: tool finished", turn: 3 });
    const stored = readFileSync(join(world.agentDir("gm"), "transcript.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean);
    expect(stored.map((l) => (JSON.parse(l) as TranscriptRecord).id)).toEqual(records.map((r) => r.id));
  });

  it("shows Gemini CLI's TUI through capture", async () => {
    const screen = (await world.muster(["capture", "gm"])).stdout;
    expect(screen).toContain("Type your message");
    expect(screen).toContain("fake/fake-model");
  });

  it("resumes its own conversation after stop and start: the model gets the earlier turns again", async () => {
    const session = (await transcript("gm")).at(-1)?.session;
    expect((await world.muster(["stop", "gm"])).code).toBe(0);
    expect(await state("gm")).toBe("stopped");
    expect((await world.muster(["start", "gm"])).code).toBe(0);
    expect((await world.muster(["wait", "gm", "--state", "waiting", "--timeout", "30"])).code).toBe(0);
    const events = await world.muster(["events", "gm"]);
    const started =
      events.stdout
        .split("\n")
        .filter((l) => l.includes('"type":"started"'))
        .at(-1) ?? "";
    expect(started).toContain('"resumed":true');
    expect(started).toContain(`"--resume","${session}"`);
    expect((await world.muster(["message", "gm", "-m", "after resume"])).code).toBe(0);
    await eventually("the answer after resume", async () => (await transcript("gm")).some((r) => r.text === "FAKE_REPLY: after resume"));
    expect((await transcript("gm")).find((r) => r.text === "after resume")).toMatchObject({ turn: 4, session });
    const resumed = calls("gm").filter((c) => texts(c).includes("after resume"));
    expect(resumed.length).toBeGreaterThan(0);
    expect(texts(resumed[0])).toEqual(expect.arrayContaining(["first FAKE_LONG:4000", "second plain message", "FAKE_DONE: tool finished"]));
    expect(world.requests().some((r) => r.lastUserText === "after resume" && r.tools > 0)).toBe(true);
  });

  it("destroys the agent, leaving no gemini process behind", async () => {
    await destroyLeavingNothing(world, "gm", "FAKE_REPLY: after resume");
  });

  it("sent nothing beyond loopback: no DNS lookups, every model call through the gateway", async ({ skip }) => {
    if (!world.offline) skip("needs root for a loopback-only network namespace");
    expect(world.dnsQueries()).toEqual([]);
    const requests = world.requests();
    expect(requests.length).toBeGreaterThan(0);
    expect(new Set(requests.map((r) => r.path))).toEqual(new Set(["/v1/responses"]));
  });
});
