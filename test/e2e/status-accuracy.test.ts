/**
 * Status accuracy of real agent CLIs: over a scripted session of 10 turns (20 state transitions)
 * per type, every state `list` reports while the truth is settled must match it, and the recorded
 * transitions must be exactly waiting -> working -> waiting per turn (no flapping). The truth comes
 * from the model server: a turn is working from its first request until its last answer ends.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireAgentCli, startWorld, type World, fakeProviderConfig } from "../fixtures/offline-world.js";

const TURNS = 10;
/** A state may lag the truth by at most this much. */
const SLACK_MS = 1_000;
/** Idle time between turns, so that "waiting" is seen for a while. */
const IDLE_MS = 1_500;

/** Gemini CLI speaks only the Gemini API: it reaches the scripted server through the gateway. */
const CONFIG = fakeProviderConfig(["openai-responses"]);

let world: World;

beforeAll(async () => {
  requireAgentCli("claude");
  requireAgentCli("codex");
  requireAgentCli("gemini");
  requireAgentCli("opencode");
  requireAgentCli("pi");
  world = await startWorld({ hostUnderTmp: false, config: CONFIG });
}, 120_000);

afterAll(async () => {
  await world?.close();
});

/** What one `list` said, and the interval in which it looked. */
interface Sample {
  from: number;
  to: number;
  state: string;
}

async function sampleStates(name: string, until: { done: boolean }): Promise<Sample[]> {
  const samples: Sample[] = [];
  while (!until.done) {
    const started = Date.now();
    const r = await world.muster(["list", "--format", "json"]);
    const state = (JSON.parse(r.stdout || "[]") as Array<{ name: string; state: string }>).find((a) => a.name === name)?.state ?? "missing";
    samples.push({ from: started, to: Date.now(), state });
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return samples;
}

const prompt = (type: string, i: number) => `${type}-turn${i} ${i % 2 === 0 ? "FAKE_LONG:1500" : "FAKE_TOOL:sleep 1.5"}`;

describe.each([
  { type: "claude", flags: () => world.endpointFlags("anthropic") },
  { type: "codex", flags: () => [...world.endpointFlags("openai"), "--model", "fake-model"] },
  { type: "gemini", flags: () => ["--model", "fake/fake-model", "--", "--approval-mode", "yolo"] },
  { type: "opencode", flags: () => [...world.endpointFlags("openai"), "--model", "fake-model"] },
  { type: "pi", flags: () => [...world.endpointFlags("anthropic"), "--model", "fake-model"] },
])("status accuracy of $type", ({ type, flags }) => {
  it(`matches the truth within ${SLACK_MS} ms over ${TURNS} turns, with exactly two transitions per turn`, async () => {
    const name = `acc-${type}`;
    const createdAt = Date.now();
    expect((await world.muster(["create", name, type, ...flags()])).code).toBe(0);
    expect((await world.muster(["wait", name, "--state", "waiting", "--timeout", "60"])).code).toBe(0);
    const readyMs = Date.now() - createdAt;

    const until = { done: false };
    const sampling = sampleStates(name, until);
    const sentAt: number[] = [];
    const confirmMs: number[] = [];
    for (let i = 0; i < TURNS; i++) {
      sentAt.push(Date.now());
      const sent = await world.muster(["message", name, "-m", prompt(type, i), "--format", "json"]);
      expect(sent.code, sent.stderr).toBe(0);
      confirmMs.push((JSON.parse(sent.stdout) as { confirmMs: number }).confirmMs);
      expect((await world.muster(["wait", name, "--state", "waiting", "--timeout", "60"])).code).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    }
    until.done = true;
    const samples = await sampling;
    const endedAt = Date.now();

    const windows = Array.from({ length: TURNS }, (_, i) => {
      // the agent's own requests offer tools; side requests (Codex's and opencode's titles) do not
      const requests = world.requests().filter((r) => r.lastUserText.startsWith(`${type}-turn${i} `) && r.tools > 0);
      expect(requests.length, `requests of turn ${i}`).toBeGreaterThan(0);
      return { start: Math.min(...requests.map((r) => Date.parse(r.ts))), end: Math.max(...requests.map((r) => Date.parse(r.endTs))) };
    });
    const wrong: string[] = [];
    const judged = { working: 0, waiting: 0 };
    for (const s of samples) {
      const i = windows.findIndex((w, k) => s.from >= w.start && s.to < (sentAt[k + 1] ?? endedAt));
      if (i === -1) continue;
      const w = windows[i] as { start: number; end: number };
      const nextSend = sentAt[i + 1] ?? endedAt;
      const truth = s.from >= w.start + SLACK_MS && s.to <= w.end ? "working" : s.from >= w.end + SLACK_MS && s.to < nextSend ? "waiting" : null;
      if (truth === null) continue;
      judged[truth] += 1;
      if (s.state !== truth)
        wrong.push(`turn ${i} at +${Math.round(s.from - w.start)}..${Math.round(s.to - w.start)} ms: list said ${s.state}, truth ${truth}`);
    }

    const events = readFileSync(join(world.agentDir(name), "events.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { ts: string; type: string; data: { to?: string } })
      .filter((e) => e.type === "state" && Date.parse(e.ts) >= (sentAt[0] as number));
    const transitions = events.map((e) => e.data.to);
    const lags = windows.flatMap((w, i) => {
      const working = events.find((e) => e.data.to === "working" && Date.parse(e.ts) >= (sentAt[i] as number));
      const waiting = events.find((e) => e.data.to === "waiting" && Date.parse(e.ts) >= w.end - 50);
      return [working ? Date.parse(working.ts) - w.start : NaN, waiting ? Date.parse(waiting.ts) - w.end : NaN];
    });
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    process.stdout.write(
      `${type} status accuracy: ${judged.working} working and ${judged.waiting} waiting samples judged, ${wrong.length} wrong, ${transitions.length} transitions; ` +
        `create->waiting ${readyMs} ms; message->confirmed median ${median(confirmMs)} ms (max ${Math.max(...confirmMs)}); ` +
        `recorded transition lag vs truth: max ${Math.max(...lags)} ms\n`,
    );
    expect(wrong).toEqual([]);
    expect(judged.working).toBeGreaterThan(0);
    expect(judged.waiting).toBeGreaterThanOrEqual(TURNS);
    expect(transitions).toEqual(Array.from({ length: TURNS }, () => ["working", "waiting"]).flat());
    expect(Math.max(...lags)).toBeLessThanOrEqual(SLACK_MS);
    expect((await world.muster(["destroy", name, "--force"])).code).toBe(0);
  }, 300_000);
});
