import { FsStore } from "../adapters/fs-store.js";
import { LocalGatewayFiles } from "../adapters/gateway-files.js";
import { GitClient } from "../adapters/git.js";
import { LocalFiles } from "../adapters/host-files.js";
import { LocalRunner } from "../adapters/local-runner.js";
import { ProcFs } from "../adapters/procfs.js";
import { TmuxClient } from "../adapters/tmux.js";
import { NotFoundError } from "../domain/errors.js";
import type { Host, Provider } from "../ports/host.js";

/** The machine muster runs on. Always present, always named `local`. */
export class LocalProvider implements Provider {
  readonly name = "local";
  private readonly localHost: Host;

  constructor(hostDir: string, env: NodeJS.ProcessEnv = process.env) {
    const runner = new LocalRunner(env);
    this.localHost = {
      name: "local",
      provider: "local",
      runner,
      tmux: new TmuxClient(runner),
      git: new GitClient(runner),
      processes: new ProcFs(),
      store: new FsStore(hostDir),
      files: new LocalFiles(),
      gateway: new LocalGatewayFiles(hostDir),
    };
  }

  host(name?: string): Host {
    if (name === undefined || name === "local") return this.localHost;
    throw new NotFoundError(`unknown host '${name}' on provider local`, { hint: "the local provider has one host: local" });
  }

  hostNames(): string[] {
    return ["local"];
  }
}
