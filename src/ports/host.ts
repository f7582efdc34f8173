import type { GatewayFiles } from "./gateway.js";
import type { Git } from "./git.js";
import type { Processes } from "./processes.js";
import type { Runner } from "./runner.js";
import type { HostStore } from "./store.js";
import type { Tmux } from "./tmux.js";

/** One machine (or sandbox) where agents run, with everything needed to act on it. */
export interface Host {
  readonly name: string;
  readonly provider: string;
  readonly runner: Runner;
  readonly tmux: Tmux;
  readonly git: Git;
  readonly processes: Processes;
  readonly store: HostStore;
  readonly files: HostFiles;
  readonly gateway: GatewayFiles;
}

/** File operations on the host that are not state records: work dir copies and includes. */
export interface HostFiles {
  exists(path: string): boolean;
  isDirectory(path: string): boolean;
  readText(path: string): string | null;
  /** the file's size in bytes; null when it does not exist */
  size(path: string): number | null;
  /** the file's text from a byte offset to its end ("" when missing or shorter) */
  readFrom(path: string, offset: number): string;
  /** appends with one write, creating the file and its parents when missing */
  appendText(path: string, text: string): void;
  list(dir: string): string[];
  /** the number of files and dirs under `dir`, counting stops at `limit` */
  countEntries(dir: string, limit: number): number;
  copyTree(from: string, to: string, opts?: { exclude?: readonly string[] }): Promise<void>;
  copyFile(from: string, to: string): void;
  remove(path: string): void;
  move(from: string, to: string): void;
  mkdirp(path: string): void;
  writeText(path: string, text: string, mode?: number): void;
}

export interface Provider {
  readonly name: string;
  /** the host an address names; `undefined` means the provider's default host */
  host(name?: string): Host;
  hostNames(): string[];
}
