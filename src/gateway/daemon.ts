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
  const port = await listenOnPort(gateway, config.gateway.port, join(dir, "last-port"));
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

const DEFAULT_PORT = 4747;

/**
 * A configured port is used as given. Otherwise the port of the last run comes first, so agents
 * created before a restart keep reaching the gateway; then the default; then any free port (several
 * host dirs on one machine each get their own gateway).
 */
async function listenOnPort(
  gateway: { listen(port: number): Promise<number> },
  configured: number | undefined,
  lastPortFile: string,
): Promise<number> {
  if (configured !== undefined) return gateway.listen(configured);
  const last = Number(readOptional(lastPortFile) ?? "");
  for (const candidate of [...(last > 0 ? [last] : []), DEFAULT_PORT, 0]) {
    try {
      const port = await gateway.listen(candidate);
      writeFileSync(lastPortFile, `${port}\n`);
      return port;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    }
  }
  throw new Error("no port to listen on");
}

function readOptional(path: string): string | null {
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    return null;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${new Date().toISOString()} gateway failed to start: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
});
