import { describe, expect, it } from "vitest";
import { envLayer, getKey, resolveConfig, setKey } from "../../src/domain/config.js";
import { ConfigError } from "../../src/domain/errors.js";

describe("resolveConfig", () => {
  it("gives defaults when no layer sets anything", () => {
    const config = resolveConfig([]);
    expect(config.prefix).toBe("muster-");
    expect(config.create.type).toBe("command");
    expect(config.agent_types).toEqual({});
  });

  it("lets later layers win, merging tables key by key", () => {
    const config = resolveConfig([
      { source: "user", data: { prefix: "u-", create: { type: "shell", setup: "make" } } },
      { source: "project", data: { create: { setup: "npm ci" } } },
      envLayer({ MUSTER_PREFIX: "e-" }),
    ]);
    expect(config.prefix).toBe("e-");
    expect(config.create).toMatchObject({ type: "shell", setup: "npm ci" });
  });

  it("maps only the allowlisted MUSTER_* variables", () => {
    expect(envLayer({ MUSTER_HOST_DIR: "/x", MUSTER_OTHER: "y" }).data).toEqual({ host_dir: "/x" });
  });

  it("names the file and the key of a wrong type", () => {
    const run = () => resolveConfig([{ source: "/home/u/.config/muster/config.toml", data: { create: { connect: "yes" } } }]);
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/config\.toml: create\.connect: Expected boolean/);
  });

  it("names an unknown key instead of ignoring it", () => {
    expect(() => resolveConfig([{ source: "proj/.muster.toml", data: { create: { tpye: "command" } } }])).toThrow(
      /proj\/\.muster\.toml: create\.tpye: unknown key 'tpye'/,
    );
  });

  it("validates custom agent types", () => {
    const config = resolveConfig([{ source: "f", data: { agent_types: { web: { command: "python3 -m http.server", env: { PORT: "8000" } } } } }]);
    expect(config.agent_types.web).toMatchObject({ parent: "command", args: [], env: { PORT: "8000" } });
    expect(() => resolveConfig([{ source: "f", data: { agent_types: { Web: {} } } }])).toThrow(/agent_types\.Web/);
    expect(() => resolveConfig([{ source: "f", data: { agent_types: { web: { env: { "1X": "a" } } } } }])).toThrow(/agent_types\.web\.env\.1X/);
  });

  it("gets and sets dotted keys without mutating", () => {
    const base = { create: { type: "command" } };
    const next = setKey(base, "create.setup", "make");
    expect(getKey(next, "create.setup")).toBe("make");
    expect(getKey(next, "create.type")).toBe("command");
    expect(getKey(base, "create.setup")).toBeUndefined();
  });
});
