import type { WaitReason } from '../core/events.js';
import type { Side } from '../core/types.js';
import { istDateTime, sideWord } from './format.js';

/** hh:mm:ss of a remaining time (seconds rounded up: never 00:00:00 while still waiting); days add to the hours. */
export function clockDigits(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

/** Three-line block glyphs for the big countdown. */
const GLYPHS: Record<string, [string, string, string]> = {
  '0': ['█▀█', '█ █', '█▄█'],
  '1': ['▀█ ', ' █ ', '▄█▄'],
  '2': ['▀▀█', '█▀▀', '█▄▄'],
  '3': ['▀▀█', ' ▀█', '▄▄█'],
  '4': ['█ █', '▀▀█', '  █'],
  '5': ['█▀▀', '▀▀█', '▄▄█'],
  '6': ['█▀▀', '█▀█', '█▄█'],
  '7': ['▀▀█', '  █', '  █'],
  '8': ['█▀█', '█▀█', '█▄█'],
  '9': ['█▀█', '▀▀█', '▄▄█'],
  ':': ['   ', ' ▀ ', ' ▀ '],
};

/** "12:03:09" drawn three lines high. */
export function bigDigits(text: string): [string, string, string] {
  const rows: [string[], string[], string[]] = [[], [], []];
  for (const ch of text) {
    const g = GLYPHS[ch] ?? [ch, ' ', ' '];
    rows[0].push(g[0]);
    rows[1].push(g[1]);
    rows[2].push(g[2]);
  }
  return [rows[0].join(' '), rows[1].join(' '), rows[2].join(' ')];
}

const REASONS: Record<WaitReason, string> = {
  weekend: 'NSE is closed for the weekend',
  holiday: 'NSE holiday',
  'before-open': 'the market has not opened yet',
  'after-close': 'the session has ended',
  'pre-open': 'pre-open session: market orders wait for the open',
  'no-calendar-data': 'no holiday data: the next session is a guess',
};

/** Why the run waits, in words: the reason and the calendar's detail (the holiday's name). */
export function waitReasonText(reason: WaitReason, detail: string): string {
  return reason === 'holiday' ? detail : `${REASONS[reason]} (${detail})`;
}

/** What happens when the countdown ends. */
export function waitThenText(until: number, batch: { side: Side; count: number } | null): string {
  const what = batch
    ? `the ${batch.count} confirmed ${sideWord(batch.side, batch.count !== 1)} ${batch.count === 1 ? 'goes' : 'go'} as market orders`
    : 'placing starts';
  return `Then: ${what}, not asked again.`;
}

/** The Kite session ends before the wait does: the run will ask you to log in again then. */
export const sessionExpiryText = (expiresAt: number): string => `Kite session ends first, ${istDateTime(expiresAt)}: you log in again then.`;
