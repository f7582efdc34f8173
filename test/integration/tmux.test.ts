import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { LocalRunner } from "../../src/adapters/local-runner.js";
import { TmuxClient } from "../../src/adapters/tmux.js";
import { sandbox } from "../fixtures/sandbox.js";

describe("the tmux adapter against a real server", () => {
  it("starts sessions and lists panes while another client makes the server start and exit", async () => {
    const s = await sandbox();
    const tmux = new TmuxClient(new LocalRunner(s.env));
    // another tmux user whose only session keeps coming and going, so the server keeps exiting
    const churn = spawn("sh", ["-c", "while :; do tmux new-session -d -s churn sleep 60; tmux kill-session -t churn; done"], {
      env: s.env,
      stdio: "ignore",
    });
    s.track(churn.pid as number);
    try {
      for (let i = 0; i < 80; i++) {
        await tmux.newSession({ session: `s${i}`, window: "agent", cwd: s.root, env: {}, argv: ["sleep", "60"] });
        expect((await tmux.listPanes()).map((p) => p.session)).toContain(`s${i}`);
        await tmux.killSession(`s${i}`);
        await tmux.listPanes();
      }
    } finally {
      churn.kill("SIGKILL");
    }
  });
});
