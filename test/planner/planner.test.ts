import { describe, expect, it } from 'vitest';
import { DEFAULT_PLANNER_OPTIONS, floorRulePlan, planRebalance, targetDeficit } from '../../source/core/planner/index.js';
import { buildProblem } from '../../source/core/planner/problem.js';
import { solveMilp } from '../../source/core/planner/milp.js';
import { greedyPlan } from '../../source/core/planner/greedy.js';
import type { Plan, PlannerOptions } from '../../source/core/types.js';
import { basketOf, line, snapshotOf } from '../support/core-fixtures.js';
import { expectSoundPlan } from '../support/plan-check.js';

const opts = (o: Partial<PlannerOptions> = {}): PlannerOptions => ({ ...DEFAULT_PLANNER_OPTIONS, timeLimitMs: 500, ...o });
const order = (plan: Plan, s: string) => plan.orders.find((o) => o.tradingsymbol === s);
const skip = (plan: { skipped: { tradingsymbol: string; reason: string }[] }, s: string) => plan.skipped.find((k) => k.tradingsymbol === s)?.reason;

describe('planRebalance', () => {
  const basket = basketOf({ A: 0.5, B: 0.5 });
  const snapshot = snapshotOf(5_000, [line('A', 100, 100), line('B', 310, 0), line('X', 50, 10)]);

  it('sells what is not in the basket, trims the overweight, buys the underweight, with reasons', async () => {
    const o = opts();
    const plan = await planRebalance(basket, snapshot, o);
    expectSoundPlan(plan, basket, snapshot, o);
    expect(order(plan, 'X')).toMatchObject({ transaction_type: 'SELL', quantity: 10 });
    expect(order(plan, 'X')!.reason).toMatch(/not in the basket/);
    expect(order(plan, 'A')).toMatchObject({ transaction_type: 'SELL' });
    expect(order(plan, 'A')!.reason).toMatch(/overweight/);
    expect(order(plan, 'B')).toMatchObject({ transaction_type: 'BUY' });
    expect(order(plan, 'B')!.reason).toMatch(/new position/);
    expect(plan.orders.map((x) => x.transaction_type)).toEqual(['SELL', 'SELL', 'BUY']); // sells first
    expect(plan.drift_after).toBeLessThan(0.02);
    expect(plan.drift_before).toBeGreaterThan(0.3);
    expect(plan.rows.map((r) => r.tradingsymbol)).toEqual(['A', 'B', 'X']);
  });

  it('runs the HiGHS solver (WebAssembly) under vitest', async () => {
    const plan = await planRebalance(basket, snapshot, opts());
    expect(plan.solver.status).toMatch(/milp: (optimal|time limit)/);
    const p = buildProblem(basket, snapshot, opts());
    const r = await solveMilp(p, greedyPlan(p), { timeLimitMs: 2000, mipRelGap: 0 });
    expect(r.status).toBe('optimal');
    expect(r.deltas).not.toBeNull();
  });

  it('with --buy-only never sells, and says why', async () => {
    const o = opts({ buyOnly: true });
    const plan = await planRebalance(basket, snapshot, o);
    expectSoundPlan(plan, basket, snapshot, o);
    expect(plan.orders.every((x) => x.transaction_type === 'BUY')).toBe(true);
    expect(skip(plan, 'X')).toMatch(/--buy-only/);
    expect(skip(plan, 'A')).toMatch(/--buy-only/);
    expect(order(plan, 'B')!.quantity).toBe(16); // ₹5,000 of cash, ₹310 a share, after charges and buffer
  });

  it('leaves a symbol within the drift band alone', async () => {
    const b = basketOf({ A: 0.5, B: 0.5 });
    const s = snapshotOf(1_000, [line('A', 100, 51), line('B', 100, 39)]); // A 51%, B 39%
    const o = opts({ driftBand: 0.02 });
    const plan = await planRebalance(b, s, o);
    expectSoundPlan(plan, b, s, o);
    expect(order(plan, 'A')).toBeUndefined();
    expect(skip(plan, 'A')).toMatch(/within the drift band/);
    expect(order(plan, 'B')).toMatchObject({ transaction_type: 'BUY', quantity: 9 });
  });

  it('never places an order below the minimum order value and says so', async () => {
    const b = basketOf({ A: 0.5, B: 0.5 });
    const s = snapshotOf(2_000, [line('A', 10, 498), line('B', 10, 302)]); // A needs +₹20, B needs +₹1,980
    const o = opts({ minOrderValue: 100, slippageBuffer: 0 });
    const plan = await planRebalance(b, s, o);
    expectSoundPlan(plan, b, s, o);
    expect(order(plan, 'A')).toBeUndefined();
    expect(skip(plan, 'A')).toMatch(/below the minimum order value/);
    expect(order(plan, 'B')!.value).toBeGreaterThanOrEqual(100);
  });

  it('does not sell an outside holding worth less than the minimum order value', async () => {
    const s = snapshotOf(5_000, [line('A', 100, 50), line('B', 100, 50), line('X', 40, 2)]);
    const plan = await planRebalance(basketOf({ A: 0.5, B: 0.5 }), s, opts());
    expect(order(plan, 'X')).toBeUndefined();
    expect(skip(plan, 'X')).toMatch(/below the minimum order value/);
  });

  it('keeps the cash reserve', async () => {
    const b = basketOf({ A: 1 });
    const s = snapshotOf(10_000, [line('A', 100, 10)]);
    const plan = await planRebalance(b, s, opts({ cashReserve: 10_000 }));
    expect(plan.orders).toEqual([]);
    expect(skip(plan, 'A')).toMatch(/cash left/);
    const some = await planRebalance(b, s, opts({ cashReserve: 4_000 }));
    expectSoundPlan(some, b, s, opts({ cashReserve: 4_000 }));
    expect(order(some, 'A')!.quantity).toBe(59); // (10,000 − 4,000) / (100 × 1.00618…) → 59
    expect(some.cash_after).toBeGreaterThanOrEqual(4_000);
  });

  it('funds buys from sells when there is no cash', async () => {
    const b = basketOf({ A: 0.5, B: 0.5 });
    const s = snapshotOf(0, [line('A', 200, 100), line('B', 500, 0)]);
    const o = opts();
    const plan = await planRebalance(b, s, o);
    expectSoundPlan(plan, b, s, o);
    const sold = order(plan, 'A')!;
    const bought = order(plan, 'B')!;
    expect(sold).toMatchObject({ transaction_type: 'SELL' });
    expect(bought.value + bought.charges).toBeLessThanOrEqual(sold.value - sold.charges);
  });

  it('never sells more than is sellable and explains an overweight it cannot sell', async () => {
    const b = basketOf({ A: 0.5, B: 0.5 });
    const s = snapshotOf(0, [
      line('A', 100, 100, { sellable: 0, collateralQuantity: 100 }),
      line('B', 100, 10),
      line('X', 100, 5, { sellable: 0, t1Quantity: 5 }),
    ]);
    const o = opts();
    const plan = await planRebalance(b, s, o);
    expectSoundPlan(plan, b, s, o);
    expect(plan.orders).toEqual([]);
    expect(skip(plan, 'A')).toMatch(/no shares can be sold/);
    expect(skip(plan, 'X')).toMatch(/not in the basket, but no shares are sellable \(5 in T1\)/);
  });

  it('sells only the sellable part of an outside holding, says what is kept and why, and lists the rest as skipped', async () => {
    const b = basketOf({ A: 0.5, B: 0.5 });
    const s = snapshotOf(20_000, [
      line('A', 100, 100),
      line('B', 100, 100),
      line('ONGC', 240, 200, { sellable: 180, t1Quantity: 20 }),
      line('X', 50, 100, { sellable: 40, collateralQuantity: 30, unauthorisedQuantity: 30 }),
    ]);
    const o = opts();
    const plan = await planRebalance(b, s, o);
    expectSoundPlan(plan, b, s, o);
    expect(order(plan, 'ONGC')).toMatchObject({ transaction_type: 'SELL', quantity: 180 });
    expect(order(plan, 'ONGC')!.reason).toMatch(/^not in the basket: sell the 180 sellable \(20 kept: T1\)/);
    expect(skip(plan, 'ONGC')).toBe('not in the basket, but 20 of 200 cannot be sold now (T1): kept');
    expect(order(plan, 'X')).toMatchObject({ transaction_type: 'SELL', quantity: 40 });
    expect(order(plan, 'X')!.reason).toMatch(/^not in the basket: sell the 40 sellable \(60 kept: 30 pledged, 30 not authorised for sale \(no DDPI\)\)/);
    expect(skip(plan, 'X')).toMatch(/60 of 100 cannot be sold now/);
    // A fully sellable outside holding keeps the plain wording and no skipped line.
    const plain = await planRebalance(b, snapshotOf(20_000, [line('A', 100, 100), line('B', 100, 100), line('X', 50, 100)]), o);
    expect(order(plain, 'X')!.reason).toMatch(/^not in the basket: sell all 100 /);
    expect(skip(plain, 'X')).toBeUndefined();
  });

  it('reports a basket symbol without a price and plans around it', async () => {
    const b = basketOf({ A: 0.5, C: 0.5 });
    const s = snapshotOf(10_000, [line('A', 100, 0, { stale: true, priceSource: 'holdings' }), line('C', null, 0)]);
    const o = opts();
    const plan = await planRebalance(b, s, o);
    expectSoundPlan(plan, b, s, o);
    expect(skip(plan, 'C')).toMatch(/no price/);
    expect(plan.rows.find((r) => r.tradingsymbol === 'A')!.stale).toBe(true);
    expect(plan.rows.find((r) => r.tradingsymbol === 'C')).toMatchObject({ price: null, plannedDelta: 0 });
    expect(order(plan, 'A')).toMatchObject({ transaction_type: 'BUY' });
  });

  it('beats the floor rule where rounding down leaves cash idle', async () => {
    const b = basketOf({ A: 0.25, B: 0.25, C: 0.25, D: 0.25 });
    const s = snapshotOf(100_000, [line('A', 3_300, 0), line('B', 7_900, 0), line('C', 12_400, 0), line('D', 2_950, 0)]);
    const o = opts();
    const ours = await planRebalance(b, s, o);
    const floor = floorRulePlan(b, s, o);
    expectSoundPlan(ours, b, s, o);
    expectSoundPlan(floor, b, s, o);
    expect(ours.drift_after).toBeLessThan(floor.drift_after);
    expect(ours.cash_after).toBeLessThan(floor.cash_after);
    expect(ours.solver.objective!).toBeLessThan(floor.solver.objective!);
  });

  it('still returns a checked plan when the solver has almost no time', async () => {
    const b = basketOf(Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`S${i}`, 1 / 60])));
    const s = snapshotOf(
      1_000_000,
      Array.from({ length: 60 }, (_, i) => line(`S${i}`, 37 + i * 211.35, i % 7)),
    );
    const o = opts({ timeLimitMs: 1 });
    const plan = await planRebalance(b, s, o);
    expectSoundPlan(plan, b, s, o);
    expect(plan.orders.length).toBeGreaterThan(50);
  });

  it('keeps the checked greedy plan when the solver crashes, finds nothing in time, or returns a plan that fails the check', async () => {
    // A clock that stands still: the greedy's local search is never cut short, so every call finds the same plan
    // however busy the machine is.
    const o = { ...opts(), now: () => 0 };
    const greedy = await planRebalance(basket, snapshot, { ...o, greedyOnly: true });
    const crash = await planRebalance(basket, snapshot, { ...o, solver: () => Promise.reject(new Error('RuntimeError: memory access out of bounds')) });
    expect(crash.solver.method).toBe('greedy');
    expect(crash.solver.status).toMatch(/solver error: RuntimeError/);
    expect(crash.orders).toEqual(greedy.orders);
    const timeout = await planRebalance(basket, snapshot, { ...o, solver: async () => ({ deltas: null, status: 'time limit, no solution' }) });
    expect(timeout.solver.status).toMatch(/time limit, no solution/);
    expect(timeout.orders).toEqual(greedy.orders);
    // A "solution" that buys 1,000 B with ₹5,000 of cash must be caught by the checker.
    const bad = await planRebalance(basket, snapshot, {
      ...o,
      solver: async (p) => ({ deltas: p.syms.map((s) => (s.symbol === 'B' ? 1_000 : 0)), status: 'optimal' }),
    });
    expect(bad.solver.method).toBe('greedy');
    expect(bad.solver.status).toMatch(/failed the check \(B: buying 1000 is not allowed/);
    expectSoundPlan(bad, basket, snapshot, o);
    expect(bad.orders).toEqual(greedy.orders);
  });

  it('rejects nonsensical options with a usage error', async () => {
    await expect(planRebalance(basket, snapshot, { minOrderValue: -1 })).rejects.toMatchObject({ kind: 'usage' });
    await expect(planRebalance(basket, snapshot, { tradeDate: 'soon' })).rejects.toMatchObject({ kind: 'usage' });
  });
});

describe('floorRulePlan (the original tool)', () => {
  it('buys floor(Δ / price) by largest deficit first and sells first', () => {
    const b = basketOf({ A: 0.4, B: 0.4, C: 0.2 });
    const s = snapshotOf(5_000, [line('A', 300, 20), line('B', 70, 0), line('C', 1_000, 1), line('X', 30, 10)]);
    // V = 6,000 + 1,000 + 300 + 5,000 = 12,300. A: target 4,920, sell floor(1,080/300) = 3.
    // B: target 4,920, buy floor(4,920/70) = 70. C: target 2,460, buy floor(1,460/1,000) = 1.
    const plan = floorRulePlan(b, s, opts({ slippageBuffer: 0 }));
    expect(plan.orders.map((o) => [o.tradingsymbol, o.transaction_type, o.quantity])).toEqual([
      ['A', 'SELL', 3],
      ['X', 'SELL', 10],
      ['B', 'BUY', 70],
      ['C', 'BUY', 1],
    ]);
  });

  it('like the original tool, places the whole buy, which Kite rejects when the cash cannot cover it', () => {
    const b = basketOf({ A: 0.5, B: 0.5 });
    const s = snapshotOf(0, [line('A', 100, 100), line('B', 100, 0)]);
    const plan = floorRulePlan(b, s, opts({ slippageBuffer: 0 }));
    // Sell floor(5,000/100) = 50 → ₹4,979.46 after charges; 50 shares of B do not fit, so that buy fails.
    expect(plan.orders.map((o) => [o.tradingsymbol, o.transaction_type, o.quantity])).toEqual([['A', 'SELL', 50]]);
  });

  it('capBuysToCash: a kinder variant that buys what the cash covers', () => {
    const b = basketOf({ A: 0.5, B: 0.5 });
    const s = snapshotOf(0, [line('A', 100, 100), line('B', 100, 0)]);
    const plan = floorRulePlan(b, s, opts({ slippageBuffer: 0 }), { capBuysToCash: true });
    // 49 shares of B cost ₹4,905.78 with charges, 50 would not fit.
    expect(plan.orders.map((o) => [o.tradingsymbol, o.transaction_type, o.quantity])).toEqual([
      ['A', 'SELL', 50],
      ['B', 'BUY', 49],
    ]);
  });
});

describe('targetDeficit', () => {
  it('is Σ |target − current| in rupees over priced symbols', () => {
    const b = basketOf({ A: 0.5, B: 0.5 });
    const s = snapshotOf(1_000, [line('A', 300, 20), line('B', 70, 0), line('X', 30, 10)]);
    expect(targetDeficit(b, s)).toBe(2_350 + 3_650 + 300);
  });
});

describe("skip reasons when the cash left is the basket's cash target", () => {
  it('an underweight symbol left alone says the remaining cash is what the basket keeps', async () => {
    // X (half the account) cannot be sold, so the basket cannot be met; the cash left is its 25% cash target.
    const basket = basketOf({ A: 0.25, C: 0.3, B: 0.2 });
    const snap = snapshotOf(10_000, [line('X', 100, 100, { sellable: 0 }), line('A', 100, 0), line('B', 40, 0), line('C', 3000, 0)]);
    const plan = await planRebalance(basket, snap, opts({ timeLimitMs: 2000 }));
    expect(plan.cash_after).toBeGreaterThan(0.24 * 20_000);
    expect(skip(plan, 'C')).toMatch(/^underweight by ₹6,000\.00, but the cash left \(₹[\d,.]+\) is what the basket keeps in cash \(25\.00%\)$/);
  });
});
