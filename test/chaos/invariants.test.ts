import { describe, expect, it } from 'vitest';
import { checkInvariants, type BookOrder, type Observed } from '../../bench/chaos/invariants.js';
import { drawWorld, type ChaosWorld } from '../../bench/chaos/world.js';
import type { JournalEntry } from '../../source/store/ports.js';

/** A world with known holdings, cash and options, whatever the seed drew. */
function world(over: Partial<ChaosWorld['options']> = {}): ChaosWorld {
  const w = drawWorld(7);
  w.scenario.holdings = [{ tradingsymbol: 'ITC', quantity: 100 }];
  w.scenario.cash = 100_000;
  w.scenario.volatility = 0;
  w.options = { buyOnly: false, cashReserve: 0, minOrderValue: 100, driftBand: 0, amo: false, maxRounds: 2, ...over };
  return w;
}

let n = 0;
const order = (side: 'BUY' | 'SELL', symbol: string, quantity: number, over: Partial<BookOrder> = {}): BookOrder => ({
  order_id: String(++n),
  tag: `T${n}`,
  status: 'COMPLETE',
  tradingsymbol: symbol,
  transaction_type: side,
  quantity,
  filled_quantity: quantity,
  average_price: side === 'BUY' ? 1500 : 405,
  ...over,
});

/** The journal a well-behaved app writes for these orders: intent, placed, and the final state. */
function journalOf(orders: readonly BookOrder[], status = 'finished'): Observed['journal'] {
  const entries: JournalEntry[] = orders.flatMap((o, i) => [
    { run_id: 'r1', at: '', type: 'intent', leg_id: `L${i}`, tag: o.tag ?? '' },
    { run_id: 'r1', at: '', type: 'placed', leg_id: `L${i}`, tag: o.tag ?? '', order_id: o.order_id },
    { run_id: 'r1', at: '', type: 'order-state', leg_id: `L${i}`, data: { status: o.status, filled_quantity: o.filled_quantity } },
  ]);
  return [{ runId: 'r1', status, entries }];
}

const seen = (orders: BookOrder[], net = 50_000, journal = journalOf(orders)): Observed => ({ orders, margins: { equity: { net } }, journal, simNowMs: 0 });

describe('chaos invariants (read from the simulator, not the app)', () => {
  it('a clean run breaks none', () => {
    const book = [order('SELL', 'ITC', 100), order('BUY', 'INFY', 10)];
    expect(checkInvariants(world(), seen(book))).toEqual([]);
  });

  it('a leg of a finished run with an intent but no outcome', () => {
    const j = journalOf([]);
    j[0]!.entries = [{ run_id: 'r1', at: '', type: 'intent', leg_id: 'L9', tag: 'T9' }];
    expect(checkInvariants(world(), seen([], 50_000, j))).toContainEqual(expect.stringMatching(/leg L9 of a finished run has an intent but no outcome/));
  });

  it('two orders for one tag', () => {
    const a = order('BUY', 'INFY', 10);
    const b = order('BUY', 'INFY', 10, { tag: a.tag });
    expect(checkInvariants(world(), seen([a, b], 50_000, journalOf([a])))).toContainEqual(expect.stringMatching(/2 orders carry tag/));
  });

  it('an accepted order the journal does not know', () => {
    const a = order('BUY', 'INFY', 10);
    expect(checkInvariants(world(), seen([a], 50_000, []))).toContainEqual(expect.stringMatching(/is not journalled as placed/));
  });

  it('journal and broker disagreeing on how an order ended', () => {
    const a = order('BUY', 'INFY', 10);
    const j = journalOf([{ ...a, status: 'OPEN', filled_quantity: 0 }]);
    expect(checkInvariants(world(), seen([a], 50_000, j))).toContainEqual(expect.stringMatching(/journal says OPEN 0 .* broker says COMPLETE 10/));
  });

  it('overselling, negative cash, sells in a buy-only run, a reserve spent, orders under the minimum, orders left open', () => {
    const oversold = order('SELL', 'ITC', 150, { status: 'REJECTED', filled_quantity: 0, status_message: 'Insufficient holdings. You can sell at most 100' });
    expect(checkInvariants(world(), seen([oversold]))).toContainEqual(expect.stringMatching(/beyond the sellable quantity/));
    expect(checkInvariants(world(), seen([], -1))).toContainEqual(expect.stringMatching(/cash is negative/));
    expect(checkInvariants(world({ buyOnly: true }), seen([order('SELL', 'ITC', 10)]))).toContainEqual(expect.stringMatching(/--buy-only run placed 1 sell/));
    expect(checkInvariants(world({ cashReserve: 84_340 }), seen([order('BUY', 'INFY', 60)], 182))).toContainEqual(
      expect.stringMatching(/--cash-reserve 84340: cash ended at ₹182/),
    );
    expect(checkInvariants(world({ minOrderValue: 10_000 }), seen([order('BUY', 'ITC', 2)]))).toContainEqual(
      expect.stringMatching(/under --min-order-value 10000/),
    );
    const open = order('BUY', 'INFY', 10, { status: 'OPEN', filled_quantity: 0 });
    expect(checkInvariants(world(), seen([open], 50_000, journalOf([open], 'failed')))).toContainEqual(expect.stringMatching(/left OPEN after the run/));
  });

  it('draws the same world from the same seed, and both basket formats across seeds', () => {
    expect(drawWorld(11)).toEqual(drawWorld(11));
    const formats = new Set(Array.from({ length: 20 }, (_, i) => drawWorld(i).basket.format));
    expect(formats).toEqual(new Set(['stocks', 'legacy']));
  });
});
