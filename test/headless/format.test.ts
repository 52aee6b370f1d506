import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { EngineEvent, OrderStatusView, RunSummary } from '../../source/core/events.js';
import { consumeEvents } from '../../source/headless/consume-events.js';
import { formatEvent } from '../../source/headless/format.js';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Kolkata' }).toMillis();
const order = (over: Partial<OrderStatusView> = {}): OrderStatusView => ({
  legId: 'r1-S-000', tag: 'Kab12cd341S000', tradingsymbol: 'ITC', transaction_type: 'SELL', quantity: 300, order_id: '1953341975595868160',
  status: 'COMPLETE', filled_quantity: 300, average_price: 404.75, status_message: null, ...over,
});
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

  it('shows Kite\'s status_message on a rejection', () => {
    const line = formatEvent({
      type: 'order', at: at('2026-11-25T09:16:02'),
      order: order({ status: 'REJECTED', filled_quantity: 0, average_price: null, status_message: 'Insufficient funds. Required margin is 95417.84 but available margin is 74251.80.' }),
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
