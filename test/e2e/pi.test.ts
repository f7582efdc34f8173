/**
 * pi 0.73.1 (from .agents/) driven through muster and its gateway, which routes `fake/...` to the
 * scripted model server. The steps share one world and run in order, like a user's session.
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
  type World,
  type TranscriptRecord,
  destroyLeavingNothing,
  fakeProviderConfig,
} from "../fixtures/offline-world.js";

const CONFIG = fakeProviderConfig(["anthropic", "openai-responses"], "FAKE_UPSTREAM_KEY");

let world: World;
const figures: Record<string, number> = {};

beforeAll(async () => {
  requireAgentCli("pi");
  world = await startWorld({ config: CONFIG, env: { FAKE_UPSTREAM_KEY: "sk-upstream-e2e" } });
}, 120_000);

afterAll(async () => {
  process.stdout.write(`pi figures: ${JSON.stringify(figures)}\n`);
  await world?.close();
});

const state = (name: string) => agentState(world, name);
const transcript = (name: string) => agentTranscript(world, name);

/** `muster wait`, failing with the agent's screen and explanation when the state is not reached. */
const waitFor = async (name: string, wanted: string, seconds = 30) => {
  const waited = await world.muster(["wait", name, "--state", wanted, "--timeout", String(seconds)]);
  if (waited.code !== 0) {
    const why = (await world.muster(["explain", name])).stdout;
    const screen = (await world.muster(["capture", name])).stdout;
    expect.fail(`${name} did not reach ${wanted}: ${waited.stderr}\n${why}\n${screen}`);
  }
};

interface Call {
  requestedModel: string;
  status: number;
  inbound: { dialect: string };
  request: { messages?: Array<{ role: string; content: unknown }> };
}

const calls = (name: string): Call[] =>
  readFileSync(join(world.agentDir(name), "calls.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Call);

describe("pi", () => {
  it("create -m with --model delivers the first message through the gateway, and the agent goes working -> waiting", async () => {
    const started = Date.now();
    const created = await world.muster(["create", "pi1", "pi", "--model", "fake/fake-model", "-m", "first FAKE_LONG:4000", "--", "--no-extensions"]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout.trim()).toBe("pi1");
    await eventually("working", async () => (await state("pi1")) === "working");
    await waitFor("pi1", "waiting");
    figures.createToWaitingMs = Date.now() - started;
    const record = JSON.parse(readFileSync(join(world.agentDir("pi1"), "agent.json"), "utf8")) as { command: string[] };
    expect(record.command.slice(1)).toEqual([
      "--extension",
      join(world.agentDir("pi1"), "home", "pi", "muster", "status-extension.js"),
      "--no-extensions",
    ]);
    const first = calls("pi1").filter((c) => JSON.stringify(c.request).includes("first FAKE_LONG"));
    expect(first.length).toBeGreaterThan(0);
    expect(first.every((c) => c.requestedModel === "fake/fake-model" && c.inbound.dialect === "anthropic" && c.status === 200)).toBe(true);
    expect(
      world
        .requests()
        .filter((r) => r.lastUserText === "first FAKE_LONG:4000")
        .every((r) => r.model === "fake-model"),
    ).toBe(true);
  });

  it("explains the state from its status extension", async () => {
    const explained = JSON.parse((await world.muster(["explain", "pi1", "--format", "json"])).stdout) as {
      state: string;
      signal: string;
      evidence: string;
    };
    expect(explained).toMatchObject({ state: "waiting", signal: "hook" });
    expect(explained.evidence).toContain("agent_end");
  });

  it("confirms a second message from the session file, and the tool's file lands in the work tree", async () => {
    const sent = await world.muster(["message", "pi1", "-m", "FAKE_TOOL:echo made-by-pi > tool-file.txt", "--format", "json"]);
    expect(sent.code, sent.stderr).toBe(0);
    const delivery = JSON.parse(sent.stdout) as { confirmed: boolean; evidence: string; confirmMs: number };
    expect(delivery).toMatchObject({ confirmed: true });
    expect(delivery.evidence).toMatch(/session file|input event/);
    figures.messageToConfirmedMs = delivery.confirmMs;
    await waitFor("pi1", "waiting");
    const file = join(world.hostDir, "worktrees", "pi1", "tool-file.txt");
    await eventually("the tool's file", () => existsSync(file));
    expect(readFileSync(file, "utf8")).toBe("made-by-pi\n");
  });

  it("confirms a message typed while a turn runs (pi queues it), and answers it after the turn", async () => {
    expect((await world.muster(["message", "pi1", "-m", "busy FAKE_LONG:8000"])).code).toBe(0);
    expect(await state("pi1")).toBe("working");
    const sent = await world.muster(["message", "pi1", "-m", "queued while busy", "--format", "json"]);
    expect(sent.code, sent.stderr).toBe(0);
    expect((JSON.parse(sent.stdout) as { evidence: string }).evidence).toContain("input event");
    await waitFor("pi1", "waiting");
    await eventually("the queued answer", async () => (await transcript("pi1")).some((r) => r.text === "FAKE_REPLY: queued while busy"));
  });

  it("prints the normalised transcript and keeps it in transcript.jsonl", async () => {
    const records = await transcript("pi1");
    expect(records.filter((r) => r.role === "user").map((r) => [r.turn, r.text])).toEqual([
      [1, "first FAKE_LONG:4000"],
      [2, "FAKE_TOOL:echo made-by-pi > tool-file.txt"],
      [3, "busy FAKE_LONG:8000"],
      [4, "queued while busy"],
    ]);
    expect(records.find((r) => r.turn === 1 && r.role === "assistant")?.text).toContain("FAKE_LONG_END");
    const call = records.find((r) => r.kind === "tool_call");
    expect(call).toMatchObject({ turn: 2, role: "assistant", text: "echo made-by-pi > tool-file.txt" });
    expect(call?.tool).toMatchObject({ name: "bash", input: { command: "echo made-by-pi > tool-file.txt" } });
    expect(records.some((r) => r.kind === "tool_result" && r.role === "tool" && r.tool?.name === "bash" && r.turn === 2)).toBe(true);
    expect(records.find((r) => r.text === "FAKE_DONE: tool finished")).toMatchObject({ role: "assistant", turn: 2 });
    expect(records.every((r) => r.session !== null && r.id.startsWith(r.session))).toBe(true);
    expect(records.every((r) => !Number.isNaN(Date.parse((r as TranscriptRecord & { ts: string }).ts)))).toBe(true);
    const stored = readFileSync(join(world.agentDir("pi1"), "transcript.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean);
    expect(stored.map((l) => (JSON.parse(l) as TranscriptRecord).id)).toEqual(records.map((r) => r.id));
  });

  it("shows pi's TUI through capture", async () => {
    const screen = (await world.muster(["capture", "pi1"])).stdout;
    expect(screen).toContain("FAKE_REPLY: queued while busy");
    expect(screen).toMatch(/^─{20,}/m); // the editor's rules
    expect(screen).toContain("fake/fake-model"); // the footer names the model
  });

  it("reports a selector in place of the editor as blocked, and delivers nothing to it", async () => {
    world.tmux(["send-keys", "-t", "=muster-pi1:agent", "/model", "Enter"]); // a user opens the model selector
    await eventually("blocked", async () => (await state("pi1")) === "blocked");
    const refused = await world.muster(["message", "pi1", "-m", "are you there"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("nothing was delivered");
    world.tmux(["send-keys", "-t", "=muster-pi1:agent", "Escape"]);
    await waitFor("pi1", "waiting");
    expect((await transcript("pi1")).some((r) => r.text.includes("are you there"))).toBe(false);
  });

  it("resumes its own conversation after stop and start: the model sees the earlier turns", async () => {
    const session = (await transcript("pi1")).at(-1)?.session;
    expect((await world.muster(["stop", "pi1"])).code).toBe(0);
    expect(await state("pi1")).toBe("stopped");
    expect((await world.muster(["start", "pi1"])).code).toBe(0);
    await waitFor("pi1", "waiting");
    const started =
      (await world.muster(["events", "pi1"])).stdout
        .split("\n")
        .filter((l) => l.includes('"type":"started"'))
        .at(-1) ?? "";
    expect(started).toContain('"resumed":true');
    expect(started).toContain('"--session"');
    expect(started).toContain('"--no-extensions"'); // the words after -- at create are kept
    expect((await world.muster(["message", "pi1", "-m", "after resume"])).code).toBe(0);
    await eventually("the answer after resume", async () => (await transcript("pi1")).some((r) => r.text === "FAKE_REPLY: after resume"));
    expect((await transcript("pi1")).find((r) => r.text === "after resume")).toMatchObject({ turn: 5, session });
    const resumed = calls("pi1").find((c) => JSON.stringify(c.request.messages?.at(-1) ?? "").includes("after resume"));
    const history = JSON.stringify(resumed?.request.messages ?? []);
    expect(history).toContain("first FAKE_LONG:4000");
    expect(history).toContain("FAKE_DONE: tool finished");
  });

  it("confirms pi's own /new from its session_start event, and the transcript follows into the new session", async () => {
    const before = (await transcript("pi1")).at(-1)?.session;
    const sent = await world.muster(["message", "pi1", "-m", "/new", "--format", "json"]);
    expect(sent.code, sent.stderr).toBe(0);
    expect((JSON.parse(sent.stdout) as { evidence: string }).evidence).toContain("session_start");
    expect((await world.muster(["message", "pi1", "-m", "in a new session"])).code).toBe(0);
    await eventually("the answer in the new session", async () => (await transcript("pi1")).some((r) => r.text === "FAKE_REPLY: in a new session"));
    const record = (await transcript("pi1")).find((r) => r.text === "in a new session");
    expect(record).toMatchObject({ turn: 6 });
    expect(record?.session).not.toBe(before);
  });

  it("speaks Chat Completions when only an OpenAI endpoint is given", async () => {
    // an empty ANTHROPIC_BASE_URL leaves pi the gateway's OpenAI endpoint alone
    const prompt = "FAKE_TOOL:echo via-chat > chat.txt";
    const created = await world.muster(["create", "pi2", "pi", "--model", "fake/fake-model", "--env", "ANTHROPIC_BASE_URL=", "-m", prompt]);
    expect(created.code, created.stderr).toBe(0);
    await waitFor("pi2", "waiting");
    const file = join(world.hostDir, "worktrees", "pi2", "chat.txt");
    await eventually("the tool's file", () => existsSync(file));
    expect(readFileSync(file, "utf8")).toBe("via-chat\n");
    const turn = calls("pi2").filter((c) => JSON.stringify(c.request).includes(prompt));
    expect(turn.length).toBeGreaterThanOrEqual(2);
    expect(turn.every((c) => c.inbound.dialect === "openai-chat" && c.status === 200)).toBe(true);
    expect((await transcript("pi2")).at(-1)).toMatchObject({ role: "assistant", text: "FAKE_DONE: tool finished" });
    expect((await world.muster(["destroy", "pi2", "--force"])).code).toBe(0);
  });

  it("destroys the agent, leaving no pi process behind", async () => {
    await destroyLeavingNothing(world, "pi1", "FAKE_REPLY: after resume");
  });

  it("sent nothing beyond loopback: no host name looked up, every model request through the gateway", async ({ skip }) => {
    if (!world.offline) skip("needs root for a loopback-only network namespace");
    expect(world.dnsQueries()).toEqual([]);
    const requests = world.requests();
    expect(requests.length).toBeGreaterThan(0);
    expect(new Set(requests.map((r) => r.path))).toEqual(new Set(["/v1/messages"]));
    // pi's Anthropic client, passed through; the gateway's own requests when it translated pi's Chat Completions
    expect(requests.every((r) => r.userAgent.startsWith("Anthropic/JS") || r.userAgent === "")).toBe(true);
  });
});
