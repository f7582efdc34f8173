/**
 * Claude Code 2.1.332 (from .agents/) driven through muster against the scripted model server.
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
  stopProcess,
  type World,
  type TranscriptRecord,
} from "../fixtures/offline-world.js";

let world: World;
const figures: Record<string, number> = {};

beforeAll(async () => {
  requireAgentCli("claude");
  world = await startWorld();
}, 120_000);

afterAll(async () => {
  process.stdout.write(`claude figures: ${JSON.stringify(figures)}\n`);
  await world?.close();
});

const state = (name: string) => agentState(world, name);
const transcript = (name: string) => agentTranscript(world, name);

/** `muster wait`, failing with the agent's screen and explanation when the state is not reached. */
const waitFor = async (name: string, state: string, seconds = 30) => {
  const waited = await world.muster(["wait", name, "--state", state, "--timeout", String(seconds)]);
  if (waited.code !== 0) {
    const why = (await world.muster(["explain", name])).stdout;
    const screen = (await world.muster(["capture", name])).stdout;
    expect.fail(`${name} did not reach ${state}: ${waited.stderr}\n${why}\n${screen}`);
  }
};

describe("claude", () => {
  it("create -m delivers the first message, and the agent goes working -> waiting", async () => {
    const started = Date.now();
    const created = await world.muster(["create", "cc", "claude", ...world.endpointFlags("anthropic"), "-m", "first FAKE_LONG:4000"]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout.trim()).toBe("cc");
    await eventually("working", async () => (await state("cc")) === "working");
    const waited = await world.muster(["wait", "cc", "--state", "waiting", "--timeout", "30"]);
    expect(waited.code, waited.stderr).toBe(0);
    figures.createToWaitingMs = Date.now() - started;
    const events = readFileSync(join(world.agentDir("cc"), "events.jsonl"), "utf8");
    expect(events).toMatch(/"type":"message".*"confirmed":true/);
  });

  it("confirms a second message from the session transcript, and the tool's file lands in the work tree", async () => {
    const sent = await world.muster(["message", "cc", "-m", "FAKE_TOOL:echo made-by-claude > tool-file.txt", "--format", "json"]);
    expect(sent.code, sent.stderr).toBe(0);
    const delivery = JSON.parse(sent.stdout) as { confirmed: boolean; evidence: string; confirmMs: number };
    expect(delivery.confirmed).toBe(true);
    expect(delivery.evidence).toContain("session transcript");
    figures.messageToConfirmedMs = delivery.confirmMs;
    await waitFor("cc", "waiting");
    const file = join(world.hostDir, "worktrees", "cc", "tool-file.txt");
    await eventually("the tool's file", () => existsSync(file));
    expect(readFileSync(file, "utf8")).toBe("made-by-claude\n");
  });

  it("prints the normalised transcript and keeps it in transcript.jsonl", async () => {
    const records = await transcript("cc");
    const users = records.filter((r) => r.role === "user");
    expect(users.map((r) => [r.turn, r.text])).toEqual([
      [1, "first FAKE_LONG:4000"],
      [2, "FAKE_TOOL:echo made-by-claude > tool-file.txt"],
    ]);
    const call = records.find((r) => r.kind === "tool_call");
    expect(call?.tool?.name).toBe("Bash");
    expect(call?.tool?.input?.command).toBe("echo made-by-claude > tool-file.txt");
    expect(records.some((r) => r.kind === "tool_result" && r.turn === 2)).toBe(true);
    expect(records.some((r) => r.role === "assistant" && r.text.includes("FAKE_LONG_END"))).toBe(true);
    expect(records.at(-1)).toMatchObject({ role: "assistant", text: "FAKE_DONE: tool finished" });
    const stored = readFileSync(join(world.agentDir("cc"), "transcript.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean);
    expect(stored.map((l) => (JSON.parse(l) as TranscriptRecord).id)).toEqual(records.map((r) => r.id));
  });

  it("follows the transcript as the agent answers", async () => {
    const follow = world.musterSpawn(["transcript", "cc", "--follow", "--format", "jsonl"]);
    let output = "";
    follow.stdout?.on("data", (c: Buffer) => (output += c.toString()));
    try {
      await eventually("the existing records", () => output.includes("FAKE_DONE"));
      expect((await world.muster(["message", "cc", "-m", "follow me"])).code).toBe(0);
      await eventually("the new answer", () => output.includes("FAKE_REPLY: follow me"), 30_000);
    } finally {
      stopProcess(follow);
    }
  });

  it("shows Claude Code's TUI through capture", async () => {
    const screen = await world.muster(["capture", "cc"]);
    expect(screen.stdout).toContain("Claude Code");
    expect(screen.stdout).toMatch(/^❯/m);
    expect(screen.stdout).toContain("FAKE_REPLY: follow me");
  });

  it("resumes its own conversation after stop and start", async () => {
    const sessionBefore = (await transcript("cc")).at(-1)?.session;
    expect((await world.muster(["stop", "cc"])).code).toBe(0);
    expect(await state("cc")).toBe("stopped");
    expect((await world.muster(["start", "cc"])).code).toBe(0);
    await waitFor("cc", "waiting");
    const events = await world.muster(["events", "cc"]);
    const started =
      events.stdout
        .split("\n")
        .filter((l) => l.includes('"type":"started"'))
        .at(-1) ?? "";
    expect(started).toContain('"resumed":true');
    expect(started).toContain("--resume");
    expect((await world.muster(["capture", "cc"])).stdout).toContain("FAKE_DONE: tool finished");
    expect((await world.muster(["message", "cc", "-m", "after resume"])).code).toBe(0);
    await eventually("the answer after resume", async () => (await transcript("cc")).some((r) => r.text === "FAKE_REPLY: after resume"));
    const records = await transcript("cc");
    expect(records.find((r) => r.text === "after resume")).toMatchObject({ turn: 4, session: sessionBefore });
  });

  it("keeps reading working while a background command runs after the turn ended, then waiting", async () => {
    const file = join(world.hostDir, "worktrees", "cc", "background.txt");
    const sent = await world.muster(["message", "cc", "-m", "FAKE_BACKGROUND:sleep 4; echo done > background.txt"]);
    expect(sent.code, sent.stderr).toBe(0);
    const hooks = join(world.agentDir("cc"), "status", "hooks.jsonl");
    await eventually("Stop with background work", () => /"event":"Stop".*"detail":"background"/.test(readFileSync(hooks, "utf8")));
    expect(existsSync(file)).toBe(false);
    expect(await state("cc")).toBe("working");
    await waitFor("cc", "waiting");
    expect(existsSync(file)).toBe(true);
  });

  it("delivers a multi-line unicode message with quotes and shell characters intact", async () => {
    const text = 'line one — ünïcödé "quoted" $HOME `tick`\n\tline two ✓\nline three';
    const sent = await world.muster(["message", "cc", "--message-file", "-", "--format", "json"], { input: text });
    expect(sent.code, sent.stderr).toBe(0);
    const stored = text.replace(/\t/g, "    "); // Claude Code expands tabs in its input box; every other byte is kept
    await eventually("the prompt in the transcript", async () => (await transcript("cc")).some((r) => r.role === "user" && r.text === stored));
    await waitFor("cc", "waiting");
  });

  it("reaches waiting when a turn is interrupted, which fires no Stop hook", async () => {
    expect((await world.muster(["message", "cc", "-m", "FAKE_LONG:20000"])).code).toBe(0);
    await eventually("working", async () => (await state("cc")) === "working");
    world.tmux(["send-keys", "-t", "=muster-cc:agent", "Escape"]);
    const waited = await world.muster(["wait", "cc", "--state", "waiting", "--timeout", "6"]);
    expect(waited.code, waited.stderr).toBe(0);
    const explained = JSON.parse((await world.muster(["explain", "cc", "--format", "json"])).stdout) as { signal: string; evidence: string };
    expect(explained).toMatchObject({ signal: "screen" });
    expect(explained.evidence).toContain("without a Stop hook");
    await eventually("the interruption in the transcript", async () =>
      (await transcript("cc")).some((r) => r.kind === "event" && r.text.includes("interrupted")),
    );
  });

  it("confirms /clear, which starts a new session, and the transcript follows into it", async () => {
    const before = (await transcript("cc")).at(-1)?.session;
    const cleared = await world.muster(["message", "cc", "-m", "/clear", "--format", "json"]);
    expect(cleared.code, cleared.stderr).toBe(0);
    expect((await world.muster(["message", "cc", "-m", "after clear"])).code).toBe(0);
    await eventually("the answer after /clear", async () => (await transcript("cc")).some((r) => r.text === "FAKE_REPLY: after clear"));
    const records = await transcript("cc");
    expect(records.some((r) => r.role === "user" && r.text === "/clear")).toBe(true);
    expect(records.find((r) => r.text === "after clear")?.session).not.toBe(before);
  });

  it("reports a permission dialog as blocked: message exits 7, and a message to a blocked agent is not delivered", async () => {
    const created = await world.muster(["create", "perm", "claude", ...world.endpointFlags("anthropic"), "--", "--permission-mode", "default"]);
    expect(created.code, created.stderr).toBe(0);
    await waitFor("perm", "waiting");
    const sent = await world.muster(["message", "perm", "-m", "FAKE_TOOL:echo approved > perm.txt"]);
    expect(sent.code, sent.stderr).toBe(7);
    expect(sent.stderr).toContain("blocked on a dialog");
    expect(await state("perm")).toBe("blocked");
    const explained = await world.muster(["explain", "perm", "--format", "json"]);
    expect(JSON.parse(explained.stdout)).toMatchObject({ state: "blocked" });
    const refused = await world.muster(["message", "perm", "-m", "are you there"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("nothing was delivered");
    expect((await world.muster(["capture", "perm"])).stdout).toContain("Do you want to proceed?");
    // approve, as a user would: press Enter, and again if the dialog did not take the key yet
    await eventually(
      "the dialog to be answered",
      async () => {
        if ((await state("perm")) !== "blocked") return true;
        world.tmux(["send-keys", "-t", "=muster-perm:agent", "Enter"]);
        return false;
      },
      15_000,
      1_500,
    );
    await waitFor("perm", "waiting");
    expect(readFileSync(join(world.hostDir, "worktrees", "perm", "perm.txt"), "utf8")).toBe("approved\n");
    expect((await transcript("perm")).some((r) => r.text.includes("are you there"))).toBe(false);
  });

  it("destroys both agents and keeps the transcript readable", async () => {
    const destroyed = await world.muster(["destroy", "cc", "perm", "--force"]);
    expect(destroyed.code, destroyed.stderr).toBe(0);
    const listed = await world.muster(["list", "--format", "json"]);
    expect(JSON.parse(listed.stdout)).toEqual([]);
    expect(() => world.tmux(["has-session", "-t", "=muster-cc"])).toThrow();
    const kept = await world.muster(["transcript", "cc", "--format", "jsonl"]);
    expect(kept.stdout).toContain("FAKE_REPLY: after resume");
  });

  it("sent nothing beyond loopback: no DNS lookups, every model request from Claude Code", async ({ skip }) => {
    if (!world.offline) skip("needs root for a loopback-only network namespace");
    expect(world.dnsQueries()).toEqual([]);
    const requests = world.requests();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((r) => r.userAgent.startsWith("claude-cli/2.1.332"))).toBe(true);
    expect(new Set(requests.map((r) => r.path))).toEqual(new Set(["/v1/messages"]));
  });
});
