import { describe, expect, it } from 'vitest';
import { DEFAULT_PLANNER_OPTIONS, planRebalance } from '../../source/core/planner/index.js';
import { FILE_PRICE_BUFFER } from '../../source/core/price-file.js';
import type { PlannerOptions } from '../../source/core/types.js';
import { fitBuysToCash } from '../../source/engine/funding.js';
import { basketOf, line, snapshotOf } from '../support/core-fixtures.js';
import { expectSoundPlan } from '../support/plan-check.js';

const opts = (o: Partial<PlannerOptions> = {}): PlannerOptions => ({ ...DEFAULT_PLANNER_OPTIONS, timeLimitMs: 500, ...o });

describe('buys priced from a --prices file (previous close)', () => {
  const basket = basketOf({ A: 1 });

  it(`keep ${FILE_PRICE_BUFFER * 100}% of their value aside instead of the usual 0.5%, and say so on the order`, async () => {
    const live = await planRebalance(basket, snapshotOf(10_000, [line('A', 100, 0)]), opts());
    const fromFile = await planRebalance(basket, snapshotOf(10_000, [line('A', 100, 0, { priceSource: 'file', stale: true })]), opts());
    expectSoundPlan(fromFile, basket, snapshotOf(10_000, [line('A', 100, 0, { priceSource: 'file', stale: true })]), opts());
    const a = fromFile.orders[0]!;
    expect(live.orders[0]!.quantity).toBe(99);
    expect(live.orders[0]!.price_buffer).toBeUndefined();
    expect(a).toMatchObject({ transaction_type: 'BUY', quantity: 95, price_buffer: FILE_PRICE_BUFFER });
    // Even if the price is 5% higher when the order fills, the cash covers it.
    expect(a.quantity * a.price * (1 + FILE_PRICE_BUFFER) + a.charges).toBeLessThanOrEqual(10_000);
  });

  it('the engine fits them to the real cash with the same buffer', () => {
    const buy = {
      tradingsymbol: 'A',
      exchange: 'NSE' as const,
      transaction_type: 'BUY' as const,
      quantity: 95,
      price: 100,
      value: 9500,
      charges: 11.3,
      reason: 'test',
    };
    expect(fitBuysToCash([buy], 9_600, 0)).toMatchObject({ trimmed: false, orders: [{ quantity: 95 }] });
    const trimmed = fitBuysToCash([{ ...buy, price_buffer: FILE_PRICE_BUFFER }], 9_600, 0);
    expect(trimmed.trimmed).toBe(true);
    expect(trimmed.orders[0]!.quantity).toBe(91); // 91 × 100 × 1.05 + charges ≤ 9,600
  });
});
