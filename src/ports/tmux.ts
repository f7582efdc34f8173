export interface PaneInfo {
  session: string;
  window: string;
  panePid: number;
  paneDead: boolean;
  deadStatus: number | null;
  currentCommand: string;
  title: string;
}

export interface NewSessionSpec {
  session: string;
  window: string;
  cwd: string;
  env: Record<string, string>;
  argv: readonly string[];
  width?: number;
  height?: number;
}

/** The tmux server muster talks to. Every target is matched exactly (`=name`). */
export interface Tmux {
  version(): Promise<string | null>;
  /** all panes of all sessions in one call; empty when no server runs */
  listPanes(): Promise<PaneInfo[]>;
  hasSession(session: string): Promise<boolean>;
  newSession(spec: NewSessionSpec): Promise<void>;
  killSession(session: string): Promise<void>;
  renameSession(from: string, to: string): Promise<void>;
  capturePane(session: string, window: string, opts?: { lines?: number }): Promise<string>;
  /** byte-exact paste through a named buffer; bracketed only when the program asked for it */
  paste(session: string, window: string, text: string): Promise<void>;
  sendKeys(session: string, window: string, keys: readonly string[]): Promise<void>;
  attach(session: string): Promise<number>;
}
