/**
 * The gateway daemon's process entry (dist/gateway.js): `muster gateway start` runs it detached with
 * MUSTER_HOST_DIR set. It reads gateway/config.json, listens on 127.0.0.1, and announces itself in
 * gateway/gateway.json, which it removes again when it stops.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { Config } from "../domain/config.js";
import { createGateway } from "./server.js";

const DaemonConfig = Config.pick({ gateway: true, providers: true, models: true });

async function main(): Promise<void> {
  const hostDir = process.env.MUSTER_HOST_DIR;
  if (!hostDir) throw new Error("MUSTER_HOST_DIR is not set");
  const dir = join(hostDir, "gateway");
  const config = DaemonConfig.parse(JSON.parse(readFileSync(join(dir, "config.json"), "utf8")) as z.input<typeof DaemonConfig>);
  const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  const gateway = createGateway({ hostDir, config, env: process.env, log });
  const port = await gateway.listen(config.gateway.port);
  const statePath = join(dir, "gateway.json");
  // written whole and renamed into place: a reader never sees half a file
  writeFileSync(`${statePath}.tmp`, JSON.stringify({ pid: process.pid, port, startedAt: new Date().toISOString() }) + "\n");
  renameSync(`${statePath}.tmp`, statePath);
  log(`listening on 127.0.0.1:${port} (pid ${process.pid})`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`stopping on ${signal}`);
    rmSync(statePath, { force: true });
    const forced = setTimeout(() => process.exit(0), 5_000);
    forced.unref();
    await gateway.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  process.stderr.write(`${new Date().toISOString()} gateway failed to start: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
});
