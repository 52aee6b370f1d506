import { EventEmitter } from 'node:events';
import { stripAnsi, tick } from './ui-render.js';

/** A TTY-like stdin for Ink (as ink-testing-library's): `press` delivers keys. */
export class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  press(data: string): void {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read = (): string | null => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

/** A TTY-like stdout that keeps everything Ink wrote; `text()` is the transcript without escape codes. */
export class FakeStdout extends EventEmitter {
  isTTY = true;
  columns = 120;
  rows = 60;
  private chunks: string[] = [];
  write = (chunk: string, cb?: () => void): boolean => {
    this.chunks.push(String(chunk));
    if (typeof cb === 'function') setImmediate(cb);
    return true;
  };
  text(): string {
    return stripAnsi(this.chunks.join(''));
  }
  /** Everything written, escape codes included. */
  raw(): string {
    return this.chunks.join('');
  }
  async waitFor(text: string | RegExp, timeoutMs = 10_000): Promise<string> {
    for (const start = Date.now(); ;) {
      const t = this.text();
      if (typeof text === 'string' ? t.includes(text) : text.test(t)) return t;
      if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${String(text)}\n${t.slice(-3000)}`);
      await tick();
    }
  }
}

/** The streams as runTui's options want them. */
export function fakeTerminal() {
  const stdin = new FakeStdin();
  const stdout = new FakeStdout();
  return { stdin, stdout, streams: { stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream } };
}
