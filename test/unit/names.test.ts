import { describe, expect, it } from "vitest";
import { parseBranchSpec } from "../../src/domain/branch.js";
import { UsageError } from "../../src/domain/errors.js";
import { generateName, isValidName, newAgentId, AgentId } from "../../src/domain/names.js";
import { fillTemplate, table, age } from "../../src/cli/output.js";
import { parseKeyValues } from "../../src/domain/agent.js";

describe("names and ids", () => {
  it("generates readable, valid, unused names", () => {
    const taken = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const name = generateName(taken);
      expect(isValidName(name)).toBe(true);
      expect(taken.has(name)).toBe(false);
      taken.add(name);
    }
  });

  it("makes ids of agent- and 32 hex characters", () => {
    const id = newAgentId();
    expect(AgentId.safeParse(id).success).toBe(true);
    expect(newAgentId()).not.toBe(id);
  });
});

describe("parseBranchSpec", () => {
  it.each([
    [undefined, { newBranch: "muster/fix" }],
    [":", { base: undefined, newBranch: "muster/fix" }],
    ["main", { base: "main" }],
    ["main:", { base: "main", newBranch: "muster/fix" }],
    ["main:feature/*", { base: "main", newBranch: "feature/fix" }],
    [":mine", { base: undefined, newBranch: "mine" }],
  ])("%s", (spec, expected) => {
    expect(parseBranchSpec(spec, "fix")).toEqual(expected);
  });

  it("rejects two stars and an empty spec", () => {
    expect(() => parseBranchSpec(":a/*/*", "fix")).toThrow(UsageError);
    expect(() => parseBranchSpec("", "fix")).toThrow(UsageError);
  });
});

describe("output helpers", () => {
  it("fills templates with nested fields and escapes", () => {
    expect(fillTemplate("{name}\\t{labels.team} {missing}", { name: "a", labels: { team: "x" } })).toBe("a\tx ");
  });

  it("aligns table columns", () => {
    expect(table(["A", "LONG"], [["xyz", "1"]]).split("\n")).toEqual(["A    LONG", "xyz  1"]);
  });

  it("prints ages compactly", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(age("2025-12-31T23:59:30Z", now)).toBe("30s");
    expect(age("2025-12-31T22:00:00Z", now)).toBe("2h");
    expect(age("2025-12-29T00:00:00Z", now)).toBe("3d");
  });

  it("parses KEY=VALUE pairs keeping '=' in values", () => {
    expect(parseKeyValues(["a=b=c", "x="], "--env")).toEqual({ a: "b=c", x: "" });
    expect(() => parseKeyValues(["=x"], "--env")).toThrow();
  });
});
