/** What a command may touch of the outside world; tests pass arrays and a fake env. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** stdin and stdout are both terminals (and not CI): prompts and the TUI are allowed. */
  interactive: boolean;
  /** stdout is a terminal (for OSC 8 links, colours). */
  stdoutIsTTY: boolean;
  /** stderr is a terminal (colours on the event lines); absent counts as no. */
  stderrIsTTY?: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  signal: AbortSignal;
  /** Ask a yes/no question on the terminal (only called when interactive). */
  ask?(question: string): Promise<string>;
  /** Cleanups run once at the exit site, in reverse order. */
  onCleanup(fn: () => Promise<void> | void): void;
}
