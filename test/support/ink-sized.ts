import { EventEmitter } from 'node:events';
import { render } from 'ink';
import type { ReactElement } from 'react';
import { FakeStdin } from './fake-terminal.js';

/** A TTY-like stdout of a given size that keeps every frame Ink writes (debug mode: one full frame per render). */
class SizedStdout extends EventEmitter {
  isTTY = true;
  frames: string[] = [];
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (frame: string): boolean => {
    this.frames.push(frame);
    return true;
  };
}

/**
 * ink-testing-library's render, at a terminal size of our choosing (it fixes 100 columns and no rows), with
 * `resize` to change it the way a terminal does.
 */
export function renderSized(tree: ReactElement, size: { columns: number; rows: number }) {
  const stdout = new SizedStdout(size.columns, size.rows);
  const stdin = new FakeStdin();
  const instance = render(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new SizedStdout(size.columns, size.rows) as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return {
    frames: stdout.frames,
    stdin: { write: (data: string) => stdin.press(data) },
    unmount: () => instance.unmount(),
    resize(columns: number, rows: number) {
      stdout.columns = columns;
      stdout.rows = rows;
      stdout.emit('resize');
    },
  };
}
