/**
 * opencode 1.18.33 (from .agents/) driven through muster against the scripted model server, its TUI
 * in the agent's tmux pane. The steps share one world and run in order, like a user's session.
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
} from "../fixtures/offline-world.js";

let world: World;
const figures: Record<string, number> = {};

beforeAll(async () => {
  requireAgentCli("opencode");
  world = await startWorld();
}, 120_000);

afterAll(async () => {
  process.stdout.write(`opencode figures: ${JSON.stringify(figures)}\n`);
  await world?.close();
});

const state = (name: string) => agentState(world, name);
const transcript = (name: string) => agentTranscript(world, name);

describe("opencode", () => {
  it("create -m with --model delivers the first message, and the agent goes working -> waiting", async () => {
    const started = Date.now();
    const created = await world.muster([
      "create",
      "oc",
      "opencode",
      "--model",
      "fake-model",
      ...world.endpointFlags("openai"),
      "-m",
      "first FAKE_LONG:4000",
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout.trim()).toBe("oc");
    await eventually("working", async () => (await state("oc")) === "working");
    expect((await world.muster(["wait", "oc", "--state", "waiting", "--timeout", "60"])).code).toBe(0);
    figures.createToWaitingMs = Date.now() - started;
    const turn = world.requests().filter((r) => r.lastUserText === "first FAKE_LONG:4000");
    expect(turn.some((r) => r.tools > 0)).toBe(true);
    expect(turn.every((r) => r.model === "fake-model")).toBe(true);
  });

  it("confirms a second message from the session records, and the tool's file lands in the work tree", async () => {
    const sent = await world.muster(["message", "oc", "-m", "FAKE_TOOL:echo made-by-opencode > tool-file.txt", "--format", "json"]);
    expect(sent.code, sent.stderr).toBe(0);
    const delivery = JSON.parse(sent.stdout) as { confirmed: boolean; evidence: string; confirmMs: number };
    expect(delivery).toMatchObject({ confirmed: true });
    expect(delivery.evidence).toContain("user message in the session records");
    figures.messageToConfirmedMs = delivery.confirmMs;
    expect((await world.muster(["wait", "oc", "--state", "waiting", "--timeout", "60"])).code).toBe(0);
    const file = join(world.hostDir, "worktrees", "oc", "tool-file.txt");
    await eventually("the tool's file", () => existsSync(file));
    expect(readFileSync(file, "utf8")).toBe("made-by-opencode\n");
  });

  it("prints the normalised transcript and keeps it in transcript.jsonl", async () => {
    const records = await transcript("oc");
    expect(records.filter((r) => r.role === "user").map((r) => [r.turn, r.text])).toEqual([
      [1, "first FAKE_LONG:4000"],
      [2, "FAKE_TOOL:echo made-by-opencode > tool-file.txt"],
    ]);
    expect(records.find((r) => r.role === "assistant" && r.kind === "message")?.text).toMatch(/^FAKE_LONG_ANSWER: word1 .* FAKE_LONG_END$/);
    const call = records.find((r) => r.kind === "tool_call");
    expect(call).toMatchObject({ turn: 2, text: "echo made-by-opencode > tool-file.txt" });
    expect(call?.tool).toMatchObject({ name: "bash", input: { command: "echo made-by-opencode > tool-file.txt" } });
    expect(records.some((r) => r.kind === "tool_result" && r.tool?.name === "bash")).toBe(true);
    expect(records.at(-1)).toMatchObject({ role: "assistant", text: "FAKE_DONE: tool finished", turn: 2 });
    const stored = readFileSync(join(world.agentDir("oc"), "transcript.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean);
    expect(stored.map((l) => (JSON.parse(l) as TranscriptRecord).id)).toEqual(records.map((r) => r.id));
  });

  it("shows opencode's TUI through capture, and explain names the plugin's event", async () => {
    const screen = (await world.muster(["capture", "oc"])).stdout;
    expect(screen).toContain("FAKE_DONE: tool finished");
    expect(screen).toContain("ctrl+p commands");
    const explained = await world.muster(["explain", "oc"]);
    expect(explained.stdout).toContain("plugin session.status (idle)");
  });

  it("resumes its own conversation after stop and start: the model sees the earlier turns", async () => {
    const session = (await transcript("oc")).at(-1)?.session;
    expect(session).toMatch(/^ses_/);
    expect((await world.muster(["stop", "oc"])).code).toBe(0);
    expect(await state("oc")).toBe("stopped");
    expect((await world.muster(["start", "oc"])).code).toBe(0);
    expect((await world.muster(["wait", "oc", "--state", "waiting", "--timeout", "60"])).code).toBe(0);
    const events = await world.muster(["events", "oc"]);
    const started =
      events.stdout
        .split("\n")
        .filter((l) => l.includes('"type":"started"'))
        .at(-1) ?? "";
    expect(started).toContain('"resumed":true');
    expect(started).toContain(`"--session","${session}"`);
    expect((await world.muster(["message", "oc", "-m", "after resume"])).code).toBe(0);
    await eventually("the answer after resume", async () => (await transcript("oc")).some((r) => r.text === "FAKE_REPLY: after resume"));
    expect((await transcript("oc")).find((r) => r.text === "after resume")).toMatchObject({ turn: 3, session });
    const resumed = world.requests().find((r) => r.lastUserText === "after resume" && r.tools > 0);
    expect(resumed?.userTexts).toEqual(["first FAKE_LONG:4000", "FAKE_TOOL:echo made-by-opencode > tool-file.txt", "after resume"]);
  });

  it("reports a permission dialog as blocked: message exits 7, and a message to a blocked agent is not delivered", async () => {
    const outside = join(world.base, "outside.txt");
    const sent = await world.muster(["message", "oc", "-m", `FAKE_TOOL:touch ${outside}`]);
    expect(sent.code, sent.stderr).toBe(7);
    expect(await state("oc")).toBe("blocked");
    expect((await world.muster(["explain", "oc"])).stdout).toMatch(/permission/);
    expect((await world.muster(["capture", "oc"])).stdout).toContain("Permission required");
    const refused = await world.muster(["message", "oc", "-m", "are you there"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("nothing was delivered");
    world.tmux(["send-keys", "-t", "=muster-oc:agent", "Enter"]); // "Allow once", as a user would
    expect((await world.muster(["wait", "oc", "--state", "waiting", "--timeout", "60"])).code).toBe(0);
    expect(existsSync(outside)).toBe(true);
    expect((await transcript("oc")).some((r) => r.text.includes("are you there"))).toBe(false);
  });

  it("destroys the agent, leaving no opencode process behind", async () => {
    await destroyLeavingNothing(world, "oc", "FAKE_REPLY: after resume");
  });

  it("sent nothing beyond loopback: no DNS lookup at all, every model request from opencode", async ({ skip }) => {
    if (!world.offline) skip("needs root for a loopback-only network namespace");
    expect(world.dnsQueries()).toEqual([]);
    const requests = world.requests();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((r) => r.userAgent.startsWith("opencode/1.18.33"))).toBe(true);
    expect(new Set(requests.map((r) => r.path))).toEqual(new Set(["/v1/chat/completions"]));
  });
});
