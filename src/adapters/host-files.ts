import {
  appendFileSync,
  closeSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Dirent } from "node:fs";
import type { HostFiles } from "../ports/host.js";

export class LocalFiles implements HostFiles {
  exists(path: string): boolean {
    return existsSync(path);
  }

  isDirectory(path: string): boolean {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  }

  readText(path: string): string | null {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return null;
    }
  }

  size(path: string): number | null {
    try {
      return statSync(path).size;
    } catch {
      return null;
    }
  }

  readFrom(path: string, offset: number): string {
    let fd: number;
    try {
      fd = openSync(path, "r");
    } catch {
      return "";
    }
    try {
      const length = Math.max(0, statSync(path).size - offset);
      const buffer = Buffer.alloc(length);
      const read = readSync(fd, buffer, 0, length, offset);
      return buffer.subarray(0, read).toString("utf8");
    } finally {
      closeSync(fd);
    }
  }

  appendText(path: string, text: string): void {
    mkdirSync(dirname(path), { recursive: true });
    appendFileSync(path, text);
  }

  list(dir: string): string[] {
    try {
      return readdirSync(dir).sort();
    } catch {
      return [];
    }
  }

  countEntries(dir: string, limit: number): number {
    let count = 0;
    const pending = [dir];
    while (pending.length > 0 && count < limit) {
      const current = pending.pop() as string;
      let entries: Dirent[];
      try {
        entries = readdirSync(current, { withFileTypes: true });
      } catch {
        continue; // unreadable: the copy itself will report it
      }
      for (const entry of entries) {
        count++;
        if (entry.isDirectory()) pending.push(join(current, entry.name));
      }
    }
    return Math.min(count, limit);
  }

  async copyTree(from: string, to: string, opts: { exclude?: readonly string[] } = {}): Promise<void> {
    const exclude = new Set(opts.exclude ?? []);
    cpSync(from, to, {
      recursive: true,
      preserveTimestamps: true,
      verbatimSymlinks: true,
      filter: (source) => !exclude.has(basename(source)),
    });
  }

  copyFile(from: string, to: string): void {
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
  }

  remove(path: string): void {
    rmSync(path, { recursive: true, force: true });
  }

  move(from: string, to: string): void {
    mkdirSync(dirname(to), { recursive: true });
    renameSync(from, to);
  }

  mkdirp(path: string): void {
    mkdirSync(path, { recursive: true });
  }

  writeText(path: string, text: string, mode = 0o644): void {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text, { mode });
  }
}
