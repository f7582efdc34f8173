import type { AgentRecord, AgentState } from "../domain/agent.js";
import type { Config } from "../domain/config.js";
import type { NativeRecord } from "../domain/transcript.js";
import type { HostFiles } from "./host.js";

/** Where a model API is reached and with which key; null fields leave the CLI's own default. */
export interface ModelEndpoint {
  baseUrl: string | null;
  apiKey: string | null;
}

/** The model APIs an agent is pointed at, per wire dialect (decided in one place in core). */
export interface ModelEndpoints {
  anthropic: ModelEndpoint | null;
  openai: ModelEndpoint | null;
  /** Gemini's generateContent API (`/v1beta/models/...`), key sent as `x-goog-api-key` */
  gemini: ModelEndpoint | null;
}

/** What a type may look at about one agent: its record, its state dir and the host's files. */
export interface AgentContext {
  record: Pick<AgentRecord, "id" | "name" | "workDir" | "model" | "command">;
  /** $MUSTER_HOST_DIR/agents/<id>: status/ for hook markers, home/ for per-agent config dirs */
  agentDir: string;
  files: HostFiles;
}

export interface LaunchContext {
  record: Pick<AgentRecord, "id" | "name" | "workDir" | "model">;
  agentDir: string;
  /** the absolute path of `requires.program` on the host, when the type requires one */
  program?: string;
  endpoints?: ModelEndpoints;
}

export interface LaunchSpec {
  argv: string[];
  env: Record<string, string>;
  /** config files the agent needs before it starts (per-agent config dir, hook script) */
  files?: Array<{ path: string; text: string; mode?: number }>;
}

export interface TypeSignals {
  hook: null | { state: AgentState; since: string; source: string };
  screen: null | { state: AgentState; rule: string };
  ready: boolean;
}

export interface SignalInput {
  agentDir: string;
  agentId?: string;
  files?: HostFiles;
  /** the pane's text, when the type wants the screen */
  screen: string | null;
  /** the pane title the program set (OSC 0/2); "" when none */
  title?: string;
  now?: number;
}

/** Where to look for proof that a message went in, taken just before it is submitted. */
export type DeliveryBaseline = Record<string, number | string | null>;

/** How a type proves that pasted text was accepted as input (DESIGN.md section 7). */
export interface DeliveryProbe {
  /** wait this long between pasting and pressing Enter (a CLI that takes an Enter right after a paste as a newline) */
  readonly submitDelayMs?: number;
  /** the input area takes text now */
  ready(screen: string): boolean;
  baseline(ctx: AgentContext): DeliveryBaseline;
  /** evidence since the baseline that the agent took the text as a prompt; null when none yet */
  accepted(ctx: AgentContext, baseline: DeliveryBaseline, text: string): string | null;
  /** the text still sits unsubmitted in the input area (Enter may be sent again) */
  pending(screen: string, text: string): boolean;
}

/**
 * How to launch and understand one kind of agent. Types add hook markers and screen rules here;
 * the tmux adapter never learns about them.
 */
export interface AgentType {
  readonly name: string;
  readonly description: string;
  /** the program this type needs on the host, and how to install it */
  readonly requires?: { program: string; install: string };
  /** builds the command from the words after `--` */
  launch(args: readonly string[], ctx: LaunchContext): LaunchSpec;
  /**
   * The command for `start` that resumes the agent's own conversation; null when there is none to
   * resume (the recorded command runs again). The environment stays the one written at create.
   */
  relaunch?(ctx: AgentContext): LaunchSpec | null;
  /** whether the type needs screen text to decide status (costs a capture per poll) */
  readonly wantsScreen: boolean;
  signals(input: SignalInput): TypeSignals;
  /** present when the type can confirm delivery; without it messages are pasted and submitted unconfirmed */
  readonly delivery?: DeliveryProbe;
  /** reads the agent's native session files as normalised records, oldest first */
  transcript?(ctx: AgentContext): NativeRecord[];
  /** the native files `transcript` reads, so a follower can skip reading while none has grown */
  transcriptFiles?(ctx: AgentContext): string[];
}

export interface AgentTypes {
  get(name: string): AgentType;
  names(): string[];
}

export type AgentTypeFactory = (config: Config) => AgentTypes;
