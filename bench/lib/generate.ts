import type { Basket, Snapshot, SnapshotLine } from '../../source/core/types.js';

/** Deterministic PRNG (mulberry32) so generated portfolios are the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const logUniform = (r: () => number, lo: number, hi: number): number => Math.exp(Math.log(lo) + r() * (Math.log(hi) - Math.log(lo)));
const gaussian = (r: () => number): number => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const tick = (p: number): number => Math.max(0.05, Math.round(p * 20) / 20);

export interface GeneratedCase {
  name: string;
  basket: Basket;
  snapshot: Snapshot;
}

/**
 * A portfolio that drifted from a basket: `n` basket symbols (prices ₹10–₹1.5L, log-uniform), holdings at the
 * target perturbed by a log-normal factor (σ = 35%), ~20% of basket names not held yet, ~10% extra holdings
 * outside the basket, 1–10% cash, total ≈ `value`.
 */
export type PriceModel = 'stress' | 'nse-like';

/**
 * Share prices. 'stress': log-uniform ₹10–₹1.5L (a third of names above ₹5,000: indivisibility dominates).
 * 'nse-like': log-normal around ₹600 (σ = 1.1 in log space, clipped to ₹10–₹1.5L), close to how NSE
 * prices spread: most names ₹100–₹3,000, a thin tail of ₹20k+ shares.
 */
export function samplePrice(r: () => number, model: PriceModel): number {
  if (model === 'stress') return logUniform(r, 10, 150_000);
  return Math.min(150_000, Math.max(10, 600 * Math.exp(1.1 * gaussian(r))));
}

export function generateCase(seed: number, n: number, value: number, prices: PriceModel = 'stress'): GeneratedCase {
  const r = rng(seed);
  const symbols = Array.from({ length: n }, (_, i) => `S${String(i).padStart(3, '0')}`);
  const raw = symbols.map(() => 0.2 + r());
  const cashTarget = r() < 0.25 ? 0.05 : 0;
  const rawSum = raw.reduce((s, x) => s + x, 0);
  const weights: Record<string, number> = {};
  symbols.forEach((s, i) => (weights[s] = ((raw[i] ?? 0) / rawSum) * (1 - cashTarget)));
  const cashShare = 0.01 + r() * 0.09;
  const lines: SnapshotLine[] = [];
  let holdingsValue = 0;
  const mk = (sym: string, price: number, quantity: number): SnapshotLine => ({
    tradingsymbol: sym,
    exchange: 'NSE',
    quantity,
    sellable: quantity,
    t1Quantity: 0,
    collateralQuantity: 0,
    unauthorisedQuantity: 0,
    price,
    priceSource: 'ltp',
    stale: false,
    notes: [],
  });
  for (const s of symbols) {
    const price = tick(samplePrice(r, prices));
    const held = r() < 0.2 ? 0 : Math.max(0, Math.round(((weights[s] ?? 0) * value * (1 - cashShare) * Math.exp(0.35 * gaussian(r))) / price));
    lines.push(mk(s, price, held));
    holdingsValue += held * price;
  }
  const extras = Math.round(n * 0.1);
  for (let k = 0; k < extras; k++) {
    const price = tick(logUniform(r, 10, 20_000));
    const held = Math.max(1, Math.round((value * 0.01 * r()) / price));
    lines.push(mk(`X${String(k).padStart(3, '0')}`, price, held));
    holdingsValue += held * price;
  }
  const cash = Math.round(value * cashShare * 100) / 100;
  const snapshot: Snapshot = {
    cash,
    lines,
    holdingsValue,
    positionsValue: 0,
    totalValue: holdingsValue + cash,
    unpriced: [],
    warnings: [],
  };
  const basket: Basket = { file: `generated-${seed}`, weights, cashWeight: cashTarget, warnings: [], meta: { format: 'stocks' } };
  return { name: `n=${n} ₹${Math.round(value).toLocaleString('en-IN')}`, basket, snapshot };
}
