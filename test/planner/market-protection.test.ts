import { describe, expect, it } from 'vitest';
import { fundsBuffer } from '../../source/core/market-protection.js';
import { DEFAULT_PLANNER_OPTIONS, planRebalance } from '../../source/core/planner/index.js';
import { FILE_PRICE_BUFFER } from '../../source/core/price-file.js';
import type { PlannerOptions } from '../../source/core/types.js';
import { basketOf, line, snapshotOf } from '../support/core-fixtures.js';
import { expectSoundPlan } from '../support/plan-check.js';

const opts = (o: Partial<PlannerOptions> = {}): PlannerOptions => ({ ...DEFAULT_PLANNER_OPTIONS, timeLimitMs: 500, ...o });

describe('buys planned for funds blocked at the protection price', () => {
  const basket = basketOf({ A: 1 });
  const live = snapshotOf(10_000, [line('A', 100, 0)]);
  const fromFile = snapshotOf(10_000, [line('A', 100, 0, { priceSource: 'file', stale: true })]);

  it('keep LTP × (1 + p %) × (1 + slippage) + charges within the cash, and no more aside than that', async () => {
    const plain = await planRebalance(basket, live, opts());
    const plan = await planRebalance(basket, live, opts({ marketProtectionPct: 3 }));
    expectSoundPlan(plan, basket, live, opts({ marketProtectionPct: 3 }));
    expect(plain.orders[0]!.quantity).toBe(99);
    const a = plan.orders[0]!;
    const blocked = (q: number) => q * 100 * (1 + fundsBuffer(3)) + (a.charges / a.quantity) * q;
    expect(blocked(a.quantity)).toBeLessThanOrEqual(10_000);
    expect(blocked(a.quantity + 1)).toBeGreaterThan(10_000);
    expect(a.price_buffer).toBeUndefined();
  });

  it('a --prices file buy keeps its stale-price allowance on top of the protection, and says only that allowance', async () => {
    const plan = await planRebalance(basket, fromFile, opts({ marketProtectionPct: 3 }));
    const a = plan.orders[0]!;
    expect(a.price_buffer).toBe(FILE_PRICE_BUFFER);
    const blocked = (q: number) => q * 100 * 1.03 * (1 + FILE_PRICE_BUFFER) + (a.charges / a.quantity) * q;
    expect(blocked(a.quantity)).toBeLessThanOrEqual(10_000);
    expect(blocked(a.quantity + 1)).toBeGreaterThan(10_000);
  });

  it('a protection outside 0–100 % is a usage error', async () => {
    await expect(planRebalance(basket, live, opts({ marketProtectionPct: 101 }))).rejects.toThrow(/marketProtectionPct/);
    await expect(planRebalance(basket, live, opts({ marketProtectionPct: -1 }))).rejects.toThrow(/marketProtectionPct/);
  });
});
