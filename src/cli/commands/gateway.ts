import type { Command } from "commander";
import { localHost } from "../../core/context.js";
import { gatewayStatus, startGateway, stopGateway } from "../../core/gateway.js";
import type { App } from "../output.js";

export function register(program: Command, app: App): void {
  const gateway = program
    .command("gateway")
    .summary("start, stop or inspect the model gateway")
    .description(
      "The gateway sits between agents and their models on 127.0.0.1: it routes each call to the provider " +
        "its model names, translates between API dialects when needed, and records every call. `create` " +
        "starts it on demand. Docs: docs/gateway.md",
    );

  gateway
    .command("start")
    .description("start the gateway in the background (nothing happens when it already runs)")
    .action(async () => {
      const ctx = await app.ctx();
      const host = localHost(ctx);
      const { started, daemon } = await startGateway(ctx, host);
      app
        .out()
        .result(
          { started, ...gatewayStatus(host) },
          () => `${started ? "started" : "already running"}: pid ${daemon.pid}, http://127.0.0.1:${daemon.port}`,
        );
    });

  gateway
    .command("stop")
    .description("stop the gateway; calls in flight get 5 s to finish")
    .action(async () => {
      const host = localHost(await app.ctx());
      const { stopped, pid } = await stopGateway(host);
      app.out().result({ stopped, pid }, () => (stopped ? `stopped (pid ${pid})` : "not running"));
    });

  gateway
    .command("status")
    .description("whether the gateway runs, its pid, port and uptime (exit 3 when it does not run)")
    .action(async () => {
      const host = localHost(await app.ctx());
      const status = gatewayStatus(host);
      app
        .out()
        .result(status, () =>
          status.running
            ? [
                `running   pid ${status.pid}`,
                `url       ${status.url}`,
                `uptime    ${uptime(status.uptimeSeconds ?? 0)}`,
                `agents    ${status.agents}`,
                `log       ${status.log}`,
              ].join("\n")
            : `not running (start it with \`muster gateway start\`)`,
        );
      if (!status.running) app.setExit(3);
    });
}

function uptime(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}h ${m}m` : m > 0 ? `${m}m ${s}s` : `${s}s`;
}
