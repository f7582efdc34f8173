/**
 * OpenAI Codex 0.169.0 (from .agents/) driven through muster against the scripted model server.
 * The steps share one world and run in order, like a user's session.
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
  requireAgentCli("codex");
  world = await startWorld({ hostUnderTmp: false });
}, 120_000);

afterAll(async () => {
  process.stdout.write(`codex figures: ${JSON.stringify(figures)}\n`);
  await world?.close();
});

const state = (name: string) => agentState(world, name);
const transcript = (name: string) => agentTranscript(world, name);

describe("codex", () => {
  it("create -m with --model delivers the first message, and the agent goes working -> waiting", async () => {
    const started = Date.now();
    const created = await world.muster([
      "create",
      "cx",
      "codex",
      "--model",
      "fake-model",
      ...world.endpointFlags("openai"),
      "-m",
      "first FAKE_LONG:4000",
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout.trim()).toBe("cx");
    await eventually("working", async () => (await state("cx")) === "working");
    expect((await world.muster(["wait", "cx", "--state", "waiting", "--timeout", "30"])).code).toBe(0);
    figures.createToWaitingMs = Date.now() - started;
    expect(
      world
        .requests()
        .filter((r) => r.lastUserText.includes("first FAKE_LONG"))
        .every((r) => r.model === "fake-model"),
    ).toBe(true);
  });

  it("confirms a second message from the rollout, and the tool's file lands in the work tree", async () => {
    const sent = await world.muster(["message", "cx", "-m", "FAKE_TOOL:echo made-by-codex > tool-file.txt", "--format", "json"]);
    expect(sent.code, sent.stderr).toBe(0);
    const delivery = JSON.parse(sent.stdout) as { confirmed: boolean; evidence: string; confirmMs: number };
    expect(delivery).toMatchObject({ confirmed: true });
    expect(delivery.evidence).toContain("rollout");
    figures.messageToConfirmedMs = delivery.confirmMs;
    expect((await world.muster(["wait", "cx", "--state", "waiting", "--timeout", "30"])).code).toBe(0);
    const file = join(world.hostDir, "worktrees", "cx", "tool-file.txt");
    await eventually("the tool's file", () => existsSync(file));
    expect(readFileSync(file, "utf8")).toBe("made-by-codex\n");
  });

  it("prints the normalised transcript and keeps it in transcript.jsonl", async () => {
    const records = await transcript("cx");
    expect(records.filter((r) => r.role === "user").map((r) => [r.turn, r.text])).toEqual([
      [1, "first FAKE_LONG:4000"],
      [2, "FAKE_TOOL:echo made-by-codex > tool-file.txt"],
    ]);
    const call = records.find((r) => r.kind === "tool_call");
    expect(call?.tool).toMatchObject({ name: "exec_command", input: { cmd: "echo made-by-codex > tool-file.txt" } });
    expect(records.some((r) => r.kind === "tool_result" && r.tool?.name === "exec_command")).toBe(true);
    expect(records.at(-1)).toMatchObject({ role: "assistant", text: "FAKE_DONE: tool finished", turn: 2 });
    const stored = readFileSync(join(world.agentDir("cx"), "transcript.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean);
    expect(stored.map((l) => (JSON.parse(l) as TranscriptRecord).id)).toEqual(records.map((r) => r.id));
  });

  it("shows Codex's TUI through capture", async () => {
    const screen = (await world.muster(["capture", "cx"])).stdout;
    expect(screen).toContain("OpenAI Codex");
    expect(screen).toMatch(/^› /m);
  });

  it("resumes its own conversation after stop and start", async () => {
    const session = (await transcript("cx")).at(-1)?.session;
    expect((await world.muster(["stop", "cx"])).code).toBe(0);
    expect(await state("cx")).toBe("stopped");
    expect((await world.muster(["start", "cx"])).code).toBe(0);
    expect((await world.muster(["wait", "cx", "--state", "waiting", "--timeout", "30"])).code).toBe(0);
    const events = await world.muster(["events", "cx"]);
    const started =
      events.stdout
        .split("\n")
        .filter((l) => l.includes('"type":"started"'))
        .at(-1) ?? "";
    expect(started).toContain('"resumed":true');
    expect(started).toContain(`"resume","${session}"`);
    expect((await world.muster(["message", "cx", "-m", "after resume"])).code).toBe(0);
    await eventually("the answer after resume", async () => (await transcript("cx")).some((r) => r.text === "FAKE_REPLY: after resume"));
    expect((await transcript("cx")).find((r) => r.text === "after resume")).toMatchObject({ turn: 3, session });
    const resumedRequest = world.requests().find((r) => r.lastUserText === "after resume" && r.tools > 0);
    expect(resumedRequest).toBeDefined();
  });

  it("reports an approval dialog as blocked: message exits 7, and a message to a blocked agent is not delivered", async () => {
    const sent = await world.muster(["message", "cx", "-m", "FAKE_ESCALATE:echo approved > approved.txt"]);
    expect(sent.code, sent.stderr).toBe(7);
    expect(await state("cx")).toBe("blocked");
    expect((await world.muster(["capture", "cx"])).stdout).toContain("Would you like to run the following command?");
    const refused = await world.muster(["message", "cx", "-m", "are you there"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("nothing was delivered");
    world.tmux(["send-keys", "-t", "=muster-cx:agent", "Enter"]); // approve, as a user would
    expect((await world.muster(["wait", "cx", "--state", "waiting", "--timeout", "30"])).code).toBe(0);
    expect(readFileSync(join(world.hostDir, "worktrees", "cx", "approved.txt"), "utf8")).toBe("approved\n");
    expect((await transcript("cx")).some((r) => r.text.includes("are you there"))).toBe(false);
  });

  it("destroys the agent, leaving no codex process behind", async () => {
    await destroyLeavingNothing(world, "cx", "FAKE_REPLY: after resume");
  });

  it("sent nothing beyond loopback: only the known announcement lookup, every model request from Codex", async ({ skip }) => {
    if (!world.offline) skip("needs root for a loopback-only network namespace");
    // Codex's TUI fetches raw.githubusercontent.com/openai/codex/main/announcement_tip.toml on every
    // start and has no setting to stop it; the namespace refuses it. Any other name fails the test.
    expect(new Set(world.dnsQueries())).toEqual(new Set(["raw.githubusercontent.com"]));
    const requests = world.requests();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((r) => r.userAgent.startsWith("codex-tui/0.169.0"))).toBe(true);
    expect(new Set(requests.map((r) => r.path))).toEqual(new Set(["/v1/responses"]));
  });
});
