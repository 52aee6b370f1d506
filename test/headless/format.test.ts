import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { EngineEvent, RunSummary } from '../../source/core/events.js';
import { consumeEvents } from '../../source/headless/consume-events.js';
import { formatEvent, formatSummary } from '../../source/headless/format.js';
import { orderView } from '../support/event-samples.js';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Kolkata' }).toMillis();
const order = orderView;
const summary: RunSummary = { runId: 'ab12cd34', orders: [], placed: 0, filled: 0, rejected: 0, skipped: 0, complete: true, driftAfter: null, message: 'done' };

async function* stream(events: EngineEvent[]): AsyncGenerator<EngineEvent, RunSummary> {
  for (const e of events) yield e;
  return summary;
}

describe('headless lines', () => {
  it('one line per order event: IST time, symbol, action, state, fill, order id', () => {
    expect(formatEvent({ type: 'order', at: at('2026-11-25T09:16:02'), order: order() })).toBe(
      '09:16:02 ITC SELL 300 COMPLETE filled 300/300 @ 404.75 #1953341975595868160',
    );
  });

  it("shows Kite's status_message on a rejection", () => {
    const line = formatEvent({
      type: 'order',
      at: at('2026-11-25T09:16:02'),
      order: order({
        status: 'REJECTED',
        filled_quantity: 0,
        average_price: null,
        status_message: 'Insufficient funds. Required margin is 95417.84 but available margin is 74251.80.',
      }),
    });
    expect(line).toMatch(/ITC SELL 300 REJECTED .*\(Insufficient funds\. Required margin is 95417\.84/);
  });

  it('says when and why it waits, and counts down', () => {
    const until = at('2026-11-30T09:14:00');
    expect(formatEvent({ type: 'waiting', at: at('2026-11-27T16:00:00'), until, reason: 'weekend', detail: 'weekend' })).toBe(
      '16:00:00 waiting until Mon 30 Nov 2026 09:14 IST: weekend',
    );
    expect(formatEvent({ type: 'countdown', at: at('2026-11-27T16:00:00'), until, remainingMs: until - at('2026-11-27T16:00:00') })).toBe(
      '16:00:00 65h 14m 00s until 09:14:00 IST',
    );
  });

  it('thins countdown ticks to one a minute (and the last ten seconds), returns the summary', async () => {
    const until = at('2026-11-25T09:14:00');
    const start = until - 180_000;
    const events: EngineEvent[] = [{ type: 'waiting', at: start, until, reason: 'before-open', detail: 'before the open' }];
    for (let t = start; t < until; t += 1000) events.push({ type: 'countdown', at: t, until, remainingMs: until - t });
    events.push({ type: 'wait-over', at: until });
    const lines: string[] = [];
    const result = await consumeEvents(stream(events), (l) => lines.push(l));
    expect(result).toBe(summary);
    const countdowns = lines.filter((l) => / until 09:14:00 IST$/.test(l));
    expect(countdowns).toHaveLength(3 + 10); // 3:00, 2:00, 1:00, then 10…1
    expect(lines.at(-1)).toMatch(/wait over/);
    expect(lines.join('\n')).not.toContain('\u001B[');
  });
});

describe('headless lines while sells wait for a CDSL authorisation', () => {
  const short = [{ tradingsymbol: 'ITC', isin: 'INE154A01025', sell: 300, authorised: 40 }];
  const t0 = at('2026-11-25T10:00:00');

  it('what to authorise, the page to open (or where to click) and the deadline', () => {
    expect(
      formatEvent({
        type: 'authorisation-needed',
        at: t0,
        round: 1,
        shortfalls: short,
        url: 'https://kite.zerodha.com/connect/portfolio/authorise/holdings/k/r',
        instructions: 'x',
        until: t0 + 600_000,
      }),
    ).toBe(
      [
        '10:00:00 CDSL authorisation (TPIN) needed before selling: ITC 300 (40 authorised today)',
        '  open https://kite.zerodha.com/connect/portfolio/authorise/holdings/k/r and enter your CDSL TPIN',
        '  re-checking the holdings until 10:10:00 IST; sells still not authorised then are skipped',
      ].join('\n'),
    );
    expect(
      formatEvent({
        type: 'authorisation-needed',
        at: t0,
        round: 1,
        shortfalls: short,
        url: null,
        instructions: 'In Kite web: Holdings → Authorisation …',
        until: t0 + 600_000,
      }),
    ).toContain('\n  In Kite web: Holdings → Authorisation …\n');
  });

  it('re-checks are thinned to changes and one a minute; the end says what is left and why', async () => {
    const lines: string[] = [];
    const check = (s: number, pending = short) => ({
      type: 'authorisation-check' as const,
      at: t0 + s * 1000,
      until: t0 + 600_000,
      remainingMs: 600_000 - s * 1000,
      pending,
    });
    await consumeEvents(
      stream([
        { type: 'authorisation-needed', at: t0, round: 1, shortfalls: short, url: null, instructions: 'x', until: t0 + 600_000 },
        ...[5, 10, 55, 60, 65].map((s) => check(s)),
        check(70, [{ ...short[0]!, authorised: 100 }]),
        { type: 'authorisation-done', at: t0 + 600_000, round: 1, authorised: [], skipped: short, reason: 'not authorised by 10:10:00 IST' },
      ]),
      (l) => lines.push(l),
    );
    expect(lines.slice(1)).toEqual([
      '10:01:00 waiting for CDSL authorisation of ITC 300 (40 authorised today) (540s left)',
      '10:01:10 waiting for CDSL authorisation of ITC 300 (100 authorised today) (530s left)',
      '10:10:00 CDSL authorisation: nothing authorised; still short: ITC 300 (40 authorised today) (not authorised by 10:10:00 IST)',
    ]);
  });
});

describe('the run summary, as both front ends end it', () => {
  it('the drift and the cash left after the run, when the run read them', () => {
    const lines = formatSummary({ ...summary, driftAfter: 0.0123, cashLeft: 1234.5 });
    expect(lines.slice(-2)).toEqual(['drift after ≈ 1.23%', 'cash left ₹1,234.50']);
    expect(formatSummary(summary).join('\n')).not.toMatch(/drift after|cash left/);
  });
});
