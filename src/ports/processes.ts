/** Process facts of one host, read cheaply (on Linux from /proc). */
export interface Processes {
  /** true when the process group led by `pid` owns its terminal's foreground */
  holdsForeground(pid: number): boolean;
  /** the pid and all its descendants, leaves last */
  tree(pid: number): number[];
  isAlive(pid: number): boolean;
  kill(pids: readonly number[], signal: NodeJS.Signals): void;
}
