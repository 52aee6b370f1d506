import type { Basket, Plan, PlannedOrder, Snapshot, SnapshotLine } from '../../source/core/types.js';
import type { FakeBroker } from './fake-broker.js';

/** A deliberately simple stand-in planner for engine unit tests: floor(target value / price) shares, buys within cash. */
export async function simplePlan(basket: Basket, snap: Snapshot): Promise<Plan> {
  const total = snap.totalValue;
  const price = (s: string) => snap.lines.find((l) => l.tradingsymbol === s)?.price ?? 0;
  const held = (s: string) => snap.lines.find((l) => l.tradingsymbol === s)?.quantity ?? 0;
  const symbols = [...new Set([...Object.keys(basket.weights), ...snap.lines.map((l) => l.tradingsymbol)])].sort();
  const orders: PlannedOrder[] = [];
  let cash = snap.cash;
  const after: Record<string, number> = {};
  for (const s of symbols) {
    const p = price(s);
    const target = Math.floor(((basket.weights[s] ?? 0) * total) / p);
    after[s] = held(s);
    if (held(s) > target) {
      const q = held(s) - target;
      orders.push(order(s, 'SELL', q, p));
      cash += q * p;
      after[s] = target;
    }
  }
  for (const s of symbols) {
    const p = price(s);
    const target = Math.floor(((basket.weights[s] ?? 0) * total) / p);
    let q = Math.max(0, target - held(s));
    q = Math.min(q, Math.floor(cash / (p * 1.006)));
    if (q > 0) {
      orders.push(order(s, 'BUY', q, p));
      cash -= q * p * 1.001;
      after[s] = held(s) + q;
    }
  }
  const drift = (qty: (s: string) => number, c: number) =>
    0.5 * (symbols.reduce((d, s) => d + Math.abs((qty(s) * price(s)) / total - (basket.weights[s] ?? 0)), 0) + Math.abs(c / total - basket.cashWeight));
  const charges = orders.reduce((s, o) => s + o.charges, 0);
  return {
    orders,
    skipped: [],
    rows: symbols.map((s) => ({
      tradingsymbol: s,
      price: price(s),
      stale: false,
      quantity: held(s),
      currentWeight: (held(s) * price(s)) / total,
      targetWeight: basket.weights[s] ?? 0,
      drift: 0,
      plannedDelta: (after[s] ?? 0) - held(s),
      weightAfter: ((after[s] ?? 0) * price(s)) / total,
    })),
    drift_before: drift(held, snap.cash),
    drift_after: drift((s) => after[s] ?? 0, cash),
    cash_after: cash,
    charges,
    solver: { method: 'greedy', status: 'stand-in', ms: 0 },
  };
}

function order(s: string, side: 'BUY' | 'SELL', q: number, p: number): PlannedOrder {
  const value = Math.round(q * p * 100) / 100;
  return {
    tradingsymbol: s,
    exchange: 'NSE',
    transaction_type: side,
    quantity: q,
    price: p,
    value,
    charges: Math.round(value * 0.001 * 100) / 100,
    reason: 'test',
  };
}

export function fakeSnapshot(b: FakeBroker, basket: Basket): Snapshot {
  const symbols = [...new Set([...Object.keys(b.held), ...Object.keys(basket.weights)])].sort();
  const lines: SnapshotLine[] = symbols.map((s) => ({
    tradingsymbol: s,
    exchange: 'NSE',
    quantity: b.held[s] ?? 0,
    sellable: b.held[s] ?? 0,
    t1Quantity: 0,
    collateralQuantity: 0,
    unauthorisedQuantity: 0,
    price: b.prices[s] ?? null,
    priceSource: 'ltp',
    stale: false,
    notes: [],
  }));
  const holdingsValue = lines.reduce((s, l) => s + l.quantity * (l.price ?? 0), 0);
  return { cash: b.cash, lines, holdingsValue, positionsValue: 0, totalValue: holdingsValue + b.cash, unpriced: [], warnings: [] };
}

export function basketOf(weights: Record<string, number>): Basket {
  const sum = Object.values(weights).reduce((a, b) => a + b, 0);
  return { file: 'test-basket.json', weights, cashWeight: Math.max(0, 1 - sum), warnings: [], meta: { format: 'weights' } };
}
