import { UsageError } from "../domain/errors.js";
import type { AgentType } from "../ports/agent-type.js";

/** Runs whatever follows `--`. No hooks and no screen rules: status comes from the pane alone. */
export const commandType: AgentType = {
  name: "command",
  description: "any command: muster create web --type command -- python -m http.server",
  wantsScreen: false,
  launch(args) {
    if (args.length === 0) {
      throw new UsageError("the command type needs a command to run", {
        hint: "put it after --, e.g. `muster create web --type command -- python3 -m http.server`",
      });
    }
    return { argv: [...args], env: {} };
  },
  signals() {
    return { hook: null, screen: null, ready: true };
  },
};
