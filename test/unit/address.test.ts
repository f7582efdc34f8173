import { describe, expect, it } from "vitest";
import { parseAddress } from "../../src/domain/address.js";
import { UsageError } from "../../src/domain/errors.js";

describe("parseAddress", () => {
  it.each([
    ["fix-tests", { name: "fix-tests" }],
    ["fix-tests@box1", { name: "fix-tests", host: "box1" }],
    ["fix-tests@box1.ssh", { name: "fix-tests", host: "box1", provider: "ssh" }],
    ["fix-tests@.sandbox", { name: "fix-tests", provider: "sandbox" }],
    ["@box1", { host: "box1" }],
    ["@box1.ssh", { host: "box1", provider: "ssh" }],
    ["@.sandbox", { provider: "sandbox" }],
    ["a", { name: "a" }],
    ["a1-b2", { name: "a1-b2" }],
  ])("parses %s", (input, expected) => {
    expect(parseAddress(input)).toEqual(expected);
  });

  it.each(["", "@", "Fix", "-a", "a-", "a_b", "a@", "a@Box", "a@b.", "a@b.SSH", "x".repeat(64), "a b", "a@b.c.d"])("rejects %j", (input) => {
    expect(() => parseAddress(input)).toThrow(UsageError);
  });

  it("accepts a 63-character name", () => {
    expect(parseAddress("x".repeat(63)).name).toHaveLength(63);
  });
});
