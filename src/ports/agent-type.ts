import type { AgentRecord, AgentState } from "../domain/agent.js";
import type { Config } from "../domain/config.js";

export interface LaunchSpec {
  argv: string[];
  env: Record<string, string>;
}

export interface TypeSignals {
  hook: null | { state: AgentState; since: string; source: string };
  screen: null | { state: AgentState; rule: string };
  ready: boolean;
}

/**
 * How to launch and understand one kind of agent. Types add hook markers and screen rules here;
 * the tmux adapter never learns about them.
 */
export interface AgentType {
  readonly name: string;
  readonly description: string;
  /** the program this type needs on PATH, if any */
  readonly requires?: { program: string; install: string };
  /** builds the command from the words after `--` */
  launch(args: readonly string[], ctx: { record: Pick<AgentRecord, "name" | "workDir" | "model">; agentDir: string }): LaunchSpec;
  /** whether the type needs screen text to decide status (costs a capture per poll) */
  readonly wantsScreen: boolean;
  signals(input: { agentDir: string; screen: string | null }): TypeSignals;
}

export interface AgentTypes {
  get(name: string): AgentType;
  names(): string[];
}

export type AgentTypeFactory = (config: Config) => AgentTypes;
