import { stripVTControlCharacters as strip } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { EngineEvent, RunSummary } from '../../source/core/events.js';
import { consumeEvents } from '../../source/headless/consume-events.js';
import { formatEvent, formatPlan, formatSummary } from '../../source/headless/format.js';
import { colorLevel, headlessPaint, painter, plain } from '../../source/headless/paint.js';
import { orderView, SAMPLES } from '../support/event-samples.js';
import { plan } from '../support/ui-fixtures.js';

const ESC = '\u001B[';
const RED = '\u001B[31m';
const YELLOW = '\u001B[33m';
const rejected: EngineEvent = {
  type: 'order',
  at: SAMPLES.order.at,
  order: orderView({ status: 'REJECTED', filled_quantity: 0, average_price: null, status_message: 'Insufficient funds' }),
};

describe('colour in the line runner: only on a terminal, NO_COLOR and FORCE_COLOR honoured', () => {
  it.each([
    ['a terminal, nothing set', {}, true, 1],
    ['a pipe or a file', {}, false, 0],
    ['a pipe, even with FORCE_COLOR (the lines are data there)', { FORCE_COLOR: '1' }, false, 0],
    ['NO_COLOR=1', { NO_COLOR: '1' }, true, 0],
    ['NO_COLOR empty (the spec: only a non-empty value counts)', { NO_COLOR: '' }, true, 1],
    ['FORCE_COLOR=0', { FORCE_COLOR: '0' }, true, 0],
    ['FORCE_COLOR=false', { FORCE_COLOR: 'false' }, true, 0],
    ['FORCE_COLOR=3', { FORCE_COLOR: '3' }, true, 3],
    ['FORCE_COLOR empty', { FORCE_COLOR: '' }, true, 1],
    ['FORCE_COLOR=2 beside NO_COLOR (as in Node, FORCE_COLOR wins)', { FORCE_COLOR: '2', NO_COLOR: '1' }, true, 2],
    ['TERM=dumb', { TERM: 'dumb' }, true, 0],
  ] as const)('%s', (_what, env, isTTY, level) => {
    expect(colorLevel(env, isTTY)).toBe(level);
  });

  it('colour on: a rejection is red, a warning yellow, and the words are unchanged', () => {
    const on = painter(1);
    const line = formatEvent(rejected, on);
    expect(line.startsWith(RED)).toBe(true);
    expect(strip(line)).toBe(formatEvent(rejected));
    expect(formatEvent(SAMPLES.warning, on)).toContain(YELLOW);
  });

  it('colour off (NO_COLOR on a terminal): not one escape code in event lines, the plan or the summary', () => {
    const { out, err } = headlessPaint({ env: { NO_COLOR: '1' }, stdoutIsTTY: true, stderrIsTTY: true, json: false });
    const summary: RunSummary = { ...SAMPLES['run-finished'].summary, orders: [orderView({ status: 'REJECTED' })], rejected: 1, complete: false };
    const text = [formatEvent(rejected, err), ...formatPlan(plan, out), ...formatSummary(summary, out)].join('\n');
    expect(text).not.toContain(ESC);
    expect(text).toContain('ITC SELL 300 REJECTED #1953341975595868160 (Insufficient funds)');
  });

  it('NO_COLOR unset on both terminals: both streams are coloured', () => {
    const { out, err } = headlessPaint({ env: {}, stdoutIsTTY: true, stderrIsTTY: true, json: false });
    expect(formatEvent(rejected, err)).toContain(ESC);
    expect(formatPlan(plan, out).join('\n')).toContain(ESC);
  });

  it('each stream by its own terminal: stderr on a terminal is coloured while a piped stdout stays plain', () => {
    const { out, err } = headlessPaint({ env: {}, stdoutIsTTY: false, stderrIsTTY: true, json: false });
    expect(formatEvent(rejected, err)).toContain(ESC);
    expect(formatPlan(plan, out).join('\n')).not.toContain(ESC);
  });

  it('--json: nothing is coloured, even on terminals with FORCE_COLOR', () => {
    const { out, err } = headlessPaint({ env: { FORCE_COLOR: '3' }, stdoutIsTTY: true, stderrIsTTY: true, json: true });
    expect(out).toBe(plain);
    expect(err).toBe(plain);
  });

  it('a coloured plan table keeps its columns: colour goes on after padding', () => {
    const coloured = formatPlan(plan, painter(1));
    expect(coloured.join('\n')).toContain(ESC);
    expect(coloured.map(strip)).toEqual(formatPlan(plan));
    expect(formatPlan(plan)[0]).toBe('symbol       price  held  weight  target    drift  trade   after');
  });

  it('consumeEvents paints every line it writes with the paint it is given', async () => {
    async function* stream(): AsyncGenerator<EngineEvent, RunSummary> {
      yield rejected;
      yield SAMPLES['wait-over'];
      return SAMPLES['run-finished'].summary;
    }
    const lines: string[] = [];
    await consumeEvents(stream(), (l) => lines.push(l), { paint: painter(1) });
    expect(lines[0]).toContain(ESC);
    expect(lines.map(strip)).toEqual([formatEvent(rejected), '09:14:00 wait over: placing orders']); // info: default colour
  });
});
