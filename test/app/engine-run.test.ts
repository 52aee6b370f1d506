import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { canRelogin } from '../../source/app/connect.js';
import { plannerFor } from '../../source/app/engine-run.js';
import { manualClock } from '../../source/core/clock.js';
import { DEFAULT_RUN_OPTIONS } from '../../source/core/run-options.js';
import { basketOf, line, snapshotOf } from '../support/core-fixtures.js';

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
    const banded = await plan(basketOf({ A: 0.5, B: 0.5 }), snapshotOf(1_000, [line('A', 100, 51), line('B', 100, 39)]), {
      ...DEFAULT_RUN_OPTIONS,
      driftBand: 0.02,
    });
    expect(banded.orders.find((o) => o.tradingsymbol === 'A')).toBeUndefined();
  });
});
