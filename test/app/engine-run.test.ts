import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { withoutPendingSells } from '../../source/app/account.js';
import { canRelogin } from '../../source/app/connect.js';
import { istDate, plannerFor, sessionEndsBy } from '../../source/app/engine-run.js';
import type { KiteOrder } from '../../source/broker/kite-types.js';
import { manualClock } from '../../source/core/clock.js';
import { DEFAULT_RUN_OPTIONS } from '../../source/core/run-options.js';
import type { Snapshot } from '../../source/core/types.js';
import { runIdOfTag } from '../../source/engine/index.js';
import { basketOf, line, snapshotOf } from '../core/fixtures.js';

const ist = (s: string) => DateTime.fromISO(s, { zone: 'Asia/Kolkata' }).toMillis();

describe('who may log in again in the middle of a run', () => {
  it.each([
    ['paper', false, true, 'stored', true],
    ['paper', false, false, 'login', true],
    ['live', true, false, 'stored', true],
    ['live', true, true, 'stored', false],
    ['live', false, false, 'stored', false],
    ['live', true, false, 'env', false],
    ['paper', true, false, 'env', false],
  ] as const)('%s, interactive %s, quiet %s, session from %s → %s', (mode, interactive, quiet, source, expected) => {
    expect(canRelogin(mode, interactive, quiet, source)).toBe(expected);
  });
});

describe('session lifetime and trade date in IST', () => {
  it('a session ends at the next 06:00 IST', () => {
    expect(sessionEndsBy(ist('2026-11-27T16:00:00'))).toBe(ist('2026-11-28T06:00:00'));
    expect(sessionEndsBy(ist('2026-11-30T05:50:00'))).toBe(ist('2026-11-30T06:00:00'));
  });
  it('the trade date is the IST date (before 05:30 IST the UTC date is the day before)', () => {
    expect(istDate(ist('2026-11-25T01:00:00'))).toBe('2026-11-25');
  });
});

describe('open sell orders are not sold again', () => {
  const snapshot = {
    cash: 0, holdingsValue: 0, positionsValue: 0, totalValue: 0, unpriced: [], warnings: [],
    lines: [{ tradingsymbol: 'ITC', exchange: 'NSE', quantity: 200, sellable: 200, t1Quantity: 0, collateralQuantity: 0, unauthorisedQuantity: 0, price: 400, priceSource: 'ltp', stale: false, notes: [] }],
  } as Snapshot;
  const order = (over: Partial<KiteOrder>): KiteOrder =>
    ({ order_id: '1', status: 'AMO REQ RECEIVED', product: 'CNC', exchange: 'NSE', transaction_type: 'SELL', tradingsymbol: 'ITC', quantity: 150, filled_quantity: 0, tag: 'Kab12cd341S000', ...over }) as KiteOrder;

  it('takes open CNC sells off what is sellable and names every open order', () => {
    const { snapshot: s, notes } = withoutPendingSells(snapshot, [order({}), order({ status: 'COMPLETE', quantity: 50 }), order({ transaction_type: 'BUY', tradingsymbol: 'INFY', quantity: 3, tag: null })]);
    expect(s.lines[0]).toMatchObject({ sellable: 50, notes: ['150 already in open sell orders'] });
    expect(notes).toEqual([
      'open SELL order for 150 ITC (AMO REQ RECEIVED, tag Kab12cd341S000): not planned again',
      'open BUY order for 3 INFY (AMO REQ RECEIVED): not planned again',
    ]);
  });

  it('recognises our own tags (and only ours)', () => {
    expect(runIdOfTag('Kab12cd341S000')).toBe('ab12cd34');
    expect(runIdOfTag('rebal01')).toBeNull();
    expect(runIdOfTag(null)).toBeNull();
  });
});

describe('the planner the engine calls plans with the run options it is handed', () => {
  const plan = plannerFor(manualClock(ist('2026-11-23T10:00:00')));
  const basket = basketOf({ A: 0.5, B: 0.5 });
  const snapshot = snapshotOf(5_000, [line('A', 100, 100), line('B', 310, 0), line('X', 50, 10)]);

  it('buy-only and a cash reserve: no sell, and the reserve stays in cash', async () => {
    const p = await plan(basket, snapshot, { ...DEFAULT_RUN_OPTIONS, buyOnly: true, cashReserve: 2_000 });
    expect(p.orders.length).toBeGreaterThan(0);
    expect(p.orders.every((o) => o.transaction_type === 'BUY')).toBe(true);
    expect(p.cash_after).toBeGreaterThanOrEqual(2_000);
    const free = await plan(basket, snapshot, DEFAULT_RUN_OPTIONS);
    expect(free.orders.some((o) => o.transaction_type === 'SELL')).toBe(true);
  });

  it('minimum order value and drift band', async () => {
    const small = await plan(basket, snapshot, { ...DEFAULT_RUN_OPTIONS, minOrderValue: 600 });
    expect(small.orders.find((o) => o.tradingsymbol === 'X')).toBeUndefined(); // ₹500 of X is below ₹600
    const banded = await plan(basketOf({ A: 0.5, B: 0.5 }), snapshotOf(1_000, [line('A', 100, 51), line('B', 100, 39)]), { ...DEFAULT_RUN_OPTIONS, driftBand: 0.02 });
    expect(banded.orders.find((o) => o.tradingsymbol === 'A')).toBeUndefined();
  });
});
