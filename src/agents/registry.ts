import type { AgentTypeConfig, Config } from "../domain/config.js";
import { ConfigError, UsageError } from "../domain/errors.js";
import type { AgentType, AgentTypes } from "../ports/agent-type.js";
import { claudeType } from "./claude/index.js";
import { codexType } from "./codex/index.js";
import { commandType } from "./command.js";
import { geminiType } from "./gemini/index.js";
import { opencodeType } from "./opencode/index.js";
import { piType } from "./pi/index.js";

const BUILT_IN: ReadonlyMap<string, AgentType> = new Map(
  [commandType, claudeType, codexType, opencodeType, geminiType, piType].map((t) => [t.name, t]),
);

/** Built-in agent types plus the custom ones from `[agent_types.NAME]` in config. */
export function agentTypes(config: Config): AgentTypes {
  const types = new Map(BUILT_IN);
  for (const [name, custom] of Object.entries(config.agent_types)) {
    if (BUILT_IN.has(name))
      throw new ConfigError(`agent_types.${name}: '${name}' is a built-in type and cannot be redefined`, {
        hint: 'give the custom type another name and set parent = "' + name + '"',
      });
    const parent = BUILT_IN.get(custom.parent);
    if (parent === undefined) {
      throw new ConfigError(`agent_types.${name}.parent: unknown type '${custom.parent}'`, {
        hint: `built-in types: ${[...BUILT_IN.keys()].join(", ")}`,
      });
    }
    types.set(name, customType(name, custom, parent));
  }
  return {
    get(name) {
      const type = types.get(name);
      if (type) return type;
      throw new UsageError(`unknown agent type '${name}'`, {
        hint: `known types: ${[...types.keys()].join(", ")}; add your own under [agent_types.NAME] in config`,
      });
    },
    names: () => [...types.keys()],
  };
}

function customType(name: string, custom: AgentTypeConfig, parent: AgentType): AgentType {
  const base = custom.command === undefined ? [] : typeof custom.command === "string" ? shellCommand(custom.command, name) : custom.command;
  return {
    ...parent,
    name,
    description: `custom type based on ${parent.name}`,
    launch(args, ctx) {
      const spec = parent.launch([...base, ...custom.args, ...args], ctx);
      return { argv: spec.argv, env: { ...spec.env, ...custom.env } };
    },
  };
}

/**
 * A command string runs through sh, with the agent's extra words as "$@". A simple command is
 * exec'd, so the program itself (not a shell around it) owns the pane and its exit ends the agent.
 */
function shellCommand(command: string, typeName: string): string[] {
  const isSimple = !/[;&|<>()`$\n]/.test(command);
  return ["sh", "-c", `${isSimple ? "exec " : ""}${command} "$@"`, typeName];
}
