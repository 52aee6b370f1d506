/** ink-testing-library helpers (ink-patterns.md §8): the last non-empty frame, and polling for a text. */
export interface Frames {
  frames: string[];
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001B\[[0-9;?]*[ -/]*[@-~]/g;
export const stripAnsi = (s: string): string => s.replace(ANSI, '');

export const lastRealFrame = (i: Frames): string => stripAnsi(i.frames.filter((f) => f !== '\n').at(-1) ?? '');

export async function waitForFrame(i: Frames, text: string | RegExp, timeoutMs = 5000): Promise<string> {
  for (const start = Date.now(); ;) {
    const f = lastRealFrame(i);
    if (typeof text === 'string' ? f.includes(text) : text.test(f)) return f;
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${String(text)}\n${f}`);
    await tick();
  }
}

/** Let React 19 flush effects and Ink redraw. */
export const tick = () => new Promise<void>((r) => setImmediate(() => setTimeout(r, 0)));

export async function settle(times = 10): Promise<void> {
  for (let i = 0; i < times; i++) await tick();
}

export const KEYS = { enter: '\r', ctrlC: '\u0003', esc: '\u001B', down: '\u001B[B', up: '\u001B[A' };
