import { afterEach, describe, expect, it } from 'vitest';
import { App, type AppProps } from '../../source/ui/app.js';
import { renderSized } from '../support/ink-sized.js';
import { basket, scriptedEngine, snapshot, widePlan } from '../support/ui-fixtures.js';
import { KEYS, settle, stripAnsi } from '../support/ui-render.js';

/** The screen Ink keeps live (below the history): from the last header line to the end. */
function screenOf(frames: string[]): string[] {
  const f = stripAnsi(frames.at(-1) ?? '');
  const lines = f.replace(/\n+$/, '').split('\n');
  const start = lines.map((l) => /^ (PAPER|LIVE|DRY RUN|PAPER \+ DRY RUN) {2}/.test(l)).lastIndexOf(true);
  return lines.slice(start);
}

async function screenWith(frames: string[], text: string | RegExp): Promise<string[]> {
  for (const start = Date.now(); ; await settle(2)) {
    const s = screenOf(frames);
    if (s.some((l) => (typeof text === 'string' ? l.includes(text) : text.test(l)))) return s;
    if (Date.now() - start > 5000) throw new Error(`no ${String(text)} on screen:\n${s.join('\n')}`);
  }
}

let unmount: (() => void) | null = null;
afterEach(() => {
  unmount?.();
  unmount = null;
});

function mountAt(columns: number, rows: number, over: Partial<AppProps> = {}) {
  const controller = new AbortController();
  const { execute } = scriptedEngine(controller.signal);
  const props: AppProps = { basket, snapshot, plan: widePlan(30), mode: 'paper', broker: 'paper', userId: 'PA0001', notices: [], execute, controller, ...over };
  const i = renderSized(<App {...props} />, { columns, rows });
  unmount = i.unmount;
  return i;
}

const width = (line: string) => [...line].length;

describe('the review screen fits the terminal and scrolls', () => {
  it('80×24: the whole screen (table window, selected row, totals, prompt, footer) fits; ↓ and PgDn move through 30 rows', async () => {
    const i = mountAt(80, 24);
    let s = await screenWith(i.frames, 'Place these sells?');
    expect(s.length).toBeLessThanOrEqual(23);
    expect(Math.max(...s.map(width))).toBeLessThanOrEqual(80);
    expect(s.join('\n')).toMatch(/symbol\s+held\s+LTP\s+value\s+weight\s+target\s+drift\s+trade\s+after/);
    expect(s[1]).toBe('Basket momentum.json · 2 stocks · cash 5.00% · 1 warning');
    expect(s[3]).toMatch(/^▸ SYM29 /); // the largest drift first, selected
    expect(s.join('\n')).toContain('rows 1–7 of 30 · ↓ more');
    expect(s.at(-1)).toBe('y place · n/Esc skip this batch · q quit · ↑↓ scroll · PgUp/PgDn page · b basket');
    i.stdin.write(KEYS.down);
    await screenWith(i.frames, '▸ SYM28: on target within the drift band');
    i.stdin.write('\u001B[6~'); // PgDn
    s = await screenWith(i.frames, 'rows 8–14 of 30 · ↑ more · ↓ more');
    expect(s.join('\n')).toMatch(/▸ SYM21 /);
    expect(s.join('\n')).not.toMatch(/SYM29 /);
    i.stdin.write('\u001B[5~'); // PgUp
    s = await screenWith(i.frames, 'rows 1–7 of 30 · ↓ more');
    expect(s.join('\n')).toMatch(/▸ SYM28 /);
  });

  it('60 columns: the compact layout (no LTP or value column; the selected row says them), nothing wider than the terminal', async () => {
    const i = mountAt(60, 24);
    const s = await screenWith(i.frames, 'Place these sells?');
    expect(s.length).toBeLessThanOrEqual(23);
    expect(Math.max(...s.map(width))).toBeLessThanOrEqual(60);
    expect(s.join('\n')).toMatch(/symbol\s+held\s+weight\s+target\s+drift\s+trade\s+after/);
    expect(s.join('\n')).not.toContain('LTP  ');
    expect(s.join('\n')).toMatch(/▸ SYM29 · LTP 129\.00 · ₹38,700 · drift -3\.00%/);
  });

  it('120 columns: the reason is a column of the table', async () => {
    const i = mountAt(120, 40);
    const s = await screenWith(i.frames, 'Place these sells?');
    expect(s.join('\n')).toMatch(/symbol\s+held\s+LTP\s+value\s+weight\s+target\s+drift\s+trade\s+after\s+reason/);
    expect(s.join('\n')).toMatch(/SYM27 .* -28 .* on target within the drift band/);
  });

  it('a resize redraws the screen for the new width', async () => {
    const i = mountAt(100, 30);
    await screenWith(i.frames, 'Place these sells?');
    i.resize(60, 24);
    const s = await screenWith(i.frames, /▸ SYM29 · LTP/);
    expect(Math.max(...s.map(width))).toBeLessThanOrEqual(60);
    expect(s.length).toBeLessThanOrEqual(23);
  });
});

describe('the basket on the review screen', () => {
  it('file, stocks, creation date, cash target, warnings; its reason cut to one line until `b` opens it (the table gives up the lines)', async () => {
    const reasonSummary =
      'Momentum tilt: the ten strongest large caps of the last twelve months, equal weights, rebalanced monthly; cash kept for charges and slippage.';
    const i = mountAt(80, 24, { basket: { ...basket, meta: { format: 'stocks', creationDate: '2026-11-20', reasonSummary } } });
    let s = await screenWith(i.frames, 'Place these sells?');
    expect(s[1]).toBe('Basket momentum.json · 2 stocks · created 2026-11-20 · cash 5.00% · 1 warning');
    expect(s[2]).toMatch(/^Why: Momentum tilt: the ten strongest .* … \(b: more\)$/);
    const page = s.filter((l) => /^[▸ ] SYM\d\d /.test(l)).length;
    i.stdin.write('b');
    s = await screenWith(i.frames, 'slippage.');
    expect(s.join(' ').replace(/\s+/g, ' ')).toContain(reasonSummary);
    expect(s.length).toBeLessThanOrEqual(23);
    expect(s.filter((l) => /^[▸ ] SYM\d\d /.test(l)).length).toBe(page - 1);
    i.stdin.write('b');
    await screenWith(i.frames, '(b: more)');
  });
});

describe('the wait screen', () => {
  it('fits 80×24 with its big countdown, and still fits after a resize to 60 columns mid-countdown', async () => {
    const controller = new AbortController();
    const { execute } = scriptedEngine(controller.signal, { wait: true });
    const props: AppProps = { basket, snapshot, plan: widePlan(30), mode: 'paper', broker: 'paper', userId: 'PA0001', notices: [], execute, controller };
    const i = renderSized(<App {...props} />, { columns: 80, rows: 24 });
    unmount = i.unmount;
    await screenWith(i.frames, 'Place these sells?');
    i.stdin.write('y');
    let s = await screenWith(i.frames, '2h 03m 10s');
    expect(s[0]).toMatch(/^ PAPER {2}Waiting for the market/);
    expect(s.join('\n')).toContain('█▀█ ▀▀█     █▀█ ▀▀█     ▀█  █▀█');
    expect(s.at(-1)).toBe('q quit · Ctrl+C cancel');
    expect(s.length).toBeLessThanOrEqual(23);
    i.resize(60, 24);
    await settle(10);
    s = await screenWith(i.frames, '2h 03m');
    expect(Math.max(...s.map(width))).toBeLessThanOrEqual(60);
    expect(s.filter((l) => l.includes('until Mon 30 Nov'))).toHaveLength(1);
  });
});
