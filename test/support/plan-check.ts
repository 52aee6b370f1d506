import { expect } from 'vitest';
import { drift } from '../../source/core/drift.js';
import { fundsBuffer } from '../../source/core/market-protection.js';
import type { Basket, Plan, PlannerOptions, Snapshot } from '../../source/core/types.js';

/**
 * Independent check of a plan against the snapshot: whole shares, minimum order value, never selling more
 * than sellable, buys funded by cash + proceeds − charges − reserve − slippage buffer, honest totals, and
 * drift after ≤ drift before (recomputed here from the orders).
 */
export function expectSoundPlan(plan: Plan, basket: Basket, snapshot: Snapshot, opts: PlannerOptions, check: { skipDrift?: boolean } = {}): void {
  const lines = new Map(snapshot.lines.map((l) => [l.tradingsymbol, l]));
  const delta = new Map<string, number>();
  let buy = 0;
  let sell = 0;
  let charges = 0;
  for (const o of plan.orders) {
    const l = lines.get(o.tradingsymbol);
    expect(l, `${o.tradingsymbol} is in the snapshot`).toBeDefined();
    expect(Number.isInteger(o.quantity) && o.quantity >= 1).toBe(true);
    expect(o.price).toBe(l!.price);
    expect(o.value).toBeCloseTo(o.quantity * o.price, 2);
    expect(o.value).toBeGreaterThanOrEqual(opts.minOrderValue - 0.005);
    expect(o.reason.length).toBeGreaterThan(5);
    expect(delta.has(o.tradingsymbol)).toBe(false);
    if (o.transaction_type === 'SELL') {
      expect(opts.buyOnly).toBe(false);
      expect(o.quantity).toBeLessThanOrEqual(l!.sellable);
      sell += o.quantity * o.price;
      delta.set(o.tradingsymbol, -o.quantity);
    } else {
      expect(basket.weights[o.tradingsymbol] ?? 0).toBeGreaterThan(0);
      buy += o.quantity * o.price;
      delta.set(o.tradingsymbol, o.quantity);
    }
    charges += o.charges;
  }
  expect(plan.charges).toBeCloseTo(charges, 1);
  const cashAfter = snapshot.cash + sell - buy - charges;
  expect(plan.cash_after).toBeCloseTo(cashAfter, 1);
  expect(cashAfter - fundsBuffer(opts.marketProtectionPct, opts.slippageBuffer) * buy).toBeGreaterThanOrEqual(Math.min(opts.cashReserve, snapshot.cash) - 0.01);

  const priced = snapshot.lines.filter((l) => l.price !== null);
  const total = priced.reduce((s, l) => s + (l.quantity + (delta.get(l.tradingsymbol) ?? 0)) * l.price!, cashAfter);
  const before = Object.fromEntries(priced.map((l) => [l.tradingsymbol, (l.quantity * l.price!) / snapshot.totalValue]));
  const after = Object.fromEntries(priced.map((l) => [l.tradingsymbol, ((l.quantity + (delta.get(l.tradingsymbol) ?? 0)) * l.price!) / total]));
  const driftBefore = drift(before, basket.weights, snapshot.cash / snapshot.totalValue, basket.cashWeight);
  const driftAfter = drift(after, basket.weights, cashAfter / total, basket.cashWeight);
  expect(plan.drift_before).toBeCloseTo(driftBefore, 6);
  if (!check.skipDrift) {
    expect(plan.drift_after).toBeCloseTo(driftAfter, 6);
    expect(driftAfter).toBeLessThanOrEqual(driftBefore + 1e-9);
  }

  // Every symbol of the universe is either traded or skipped with a reason.
  const universe = new Set([...Object.keys(basket.weights), ...snapshot.lines.filter((l) => l.quantity !== 0).map((l) => l.tradingsymbol)]);
  const traded = new Set(plan.orders.map((o) => o.tradingsymbol));
  for (const s of universe) {
    if (traded.has(s)) continue;
    const skip = plan.skipped.find((k) => k.tradingsymbol === s);
    expect(skip?.reason, `reason for not trading ${s}`).toBeTruthy();
  }
}
