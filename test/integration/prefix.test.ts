import { describe, expect, it } from "vitest";
import { poll, sandbox } from "../fixtures/sandbox.js";

describe("an agent keeps the tmux session it was created under", () => {
  it("is found, stopped, started, renamed and captured by muster runs with another session prefix", async () => {
    const s = await sandbox();
    const other = { env: { MUSTER_PREFIX: "proj-a-" } };
    await s.ok(["create", "keeper", "--", "sh", "-c", "echo ready; exec sleep 600"], other);
    expect(s.sessions()).toContain("proj-a-keeper");

    // the default prefix would look for muster-keeper, which does not exist
    expect((await s.list()).find((a) => a.name === "keeper")?.state).toBe("running");
    await poll(async () => (await s.ok(["capture", "keeper"])).includes("ready"), 5_000, "the screen");

    await s.ok(["rename", "keeper", "holder"]);
    expect(s.sessions()).toContain("muster-holder");
    expect((await s.list()).find((a) => a.name === "holder")?.state).toBe("running");
    // and the run with the other prefix still finds it under its new session
    expect((await s.list(["--format", "json"])).length).toBe(1);
    const fromOther = await s.muster(["list", "--format", "json"], other);
    expect(JSON.parse(fromOther.stdout)).toEqual([expect.objectContaining({ name: "holder", state: "running" })]);

    await s.ok(["stop", "holder"], other);
    expect((await s.list()).find((a) => a.name === "holder")?.state).toBe("stopped");
    await s.ok(["start", "holder"], other);
    expect((await s.list()).find((a) => a.name === "holder")?.state).toBe("running");
    await s.ok(["destroy", "holder", "--force"]);
    expect(s.sessions()).toEqual([]);
  });
});
