import { randomBytes } from "node:crypto";
import { linkSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { TimeoutError } from "../domain/errors.js";

/** A lock file holding its owner's pid; a lock whose owner died is taken over. */
export function tryLockFile(path: string): (() => void) | null {
  return tryLock(path) ? () => rmSync(path, { force: true }) : null;
}

/** Polls for the lock until `timeoutMs`; `what` names it in the timeout error. */
export async function lockFile(path: string, timeoutMs: number, what: string, pollMs: number): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const release = tryLockFile(path);
    if (release) return release;
    if (Date.now() > deadline)
      throw new TimeoutError(`another muster process holds ${what}`, { hint: `if no muster process is running, remove ${path}` });
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** The pid of the live process holding the lock; null when it is free or its holder died. */
export function lockHolder(path: string): number | null {
  let holder: number;
  try {
    holder = Number(readFileSync(path, "utf8").trim() || "0");
  } catch {
    return null;
  }
  return holder > 0 && isAlive(holder) ? holder : null;
}

function tryLock(path: string): boolean {
  // The lock appears with the holder's pid already in it (link is atomic), so nobody ever reads an
  // empty lock and takes it for a stale one.
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}`;
  writeFileSync(tmp, String(process.pid));
  try {
    linkSync(tmp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    rmSync(tmp, { force: true });
  }
  let holder: number;
  try {
    holder = Number(readFileSync(path, "utf8").trim() || "0");
  } catch {
    return false; // released in the meantime; the caller tries again
  }
  if (holder > 0 && isAlive(holder)) return false;
  try {
    unlinkSync(path); // the holder died without releasing it
  } catch {
    // someone else removed it first
  }
  return false;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
