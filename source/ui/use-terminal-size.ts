import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface TerminalSize {
  columns: number;
  rows: number;
}

/**
 * Before a redraw at a new size, what is on the screen is pushed up into the scrollback and the cursor goes
 * home: the terminal has reflowed the old frame's lines, so Ink's count of lines to erase no longer matches and
 * would leave stale copies (a second header, a countdown line twice) on screen.
 */
const pushUpAndHome = (rows: number): string => `${'\n'.repeat(rows)}\u001B[H`;

/** The terminal's size, re-read on every resize (80×24 where the stream does not say); the screen is redrawn clean. */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const read = (): TerminalSize => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    let last = read();
    const onResize = () => {
      const next = read();
      if (next.columns === last.columns && next.rows === last.rows) return;
      last = next;
      if (stdout.isTTY) stdout.write(pushUpAndHome(next.rows));
      setSize(next);
    };
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- read() only reads stdout
  }, [stdout]);
  return size;
}
