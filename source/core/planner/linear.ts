import type { Deltas } from './evaluate.js';
import type { Problem, Sym } from './problem.js';

/**
 * The optimiser's linear model of a plan (the same one the MILP solves): charges are linear in value plus
 * the DP charge per sold scrip, and the cash constraint keeps `allowance` per order aside for the rounding
 * of exact charges, so a plan feasible here is feasible under exact charges too.
 */

/** ½|value after − target| + linear charges of symbol i at delta d. */
export function symCost(p: Problem, s: Sym, d: number): number {
  const dev = Math.abs((s.held + d) * s.price - s.target) / 2;
  if (d > 0) return dev + p.rateBuy * d * s.price;
  if (d < 0) return dev + p.rateSell * -d * s.price + p.dp;
  return dev;
}

/** Cash flow of an order (₹, + in): proceeds net of linear charges, or −(cost + charges). */
export function cashFlow(p: Problem, s: Sym, d: number): number {
  if (d > 0) return -d * s.price * (1 + p.rateBuy);
  if (d < 0) return -d * s.price * (1 - p.rateSell) - p.dp;
  return 0;
}

/** Cash that the feasibility constraint sets aside for an order: slippage buffer on buys + rounding allowance. */
export function setAside(p: Problem, s: Sym, d: number): number {
  if (d === 0) return 0;
  return (d > 0 ? s.slip * d * s.price : 0) + p.allowance;
}

export function isValidDelta(s: Sym, d: number): boolean {
  if (s.forcedSell) return d === -s.maxSell;
  if (d === 0) return true;
  if (d > 0) return d >= s.minQty && d <= s.maxBuy;
  return -d >= s.minQty && -d <= s.maxSell;
}

/** Running totals of a plan under the linear model, with O(1) move evaluation. */
export class LinearState {
  readonly d: Deltas;
  cash: number; // cash after linear charges
  reserved: number; // Σ setAside
  private symSum: number;

  constructor(
    readonly p: Problem,
    deltas?: Deltas,
  ) {
    this.d = deltas ? [...deltas] : p.syms.map(() => 0);
    this.cash = p.cash0;
    this.reserved = 0;
    this.symSum = 0;
    p.syms.forEach((s, i) => {
      const d = this.d[i]!;
      this.cash += cashFlow(p, s, d);
      this.reserved += setAside(p, s, d);
      this.symSum += symCost(p, s, d);
    });
  }

  objective(): number {
    return this.symSum + Math.abs(this.cash - this.p.cashTarget) / 2;
  }

  slack(): number {
    return this.cash - this.reserved - this.p.reserve;
  }

  /** Objective change and new slack if symbol i moved to delta `to`. */
  probe(i: number, to: number): { dJ: number; slack: number } {
    const s = this.p.syms[i]!;
    const from = this.d[i]!;
    const dCash = cashFlow(this.p, s, to) - cashFlow(this.p, s, from);
    const newCash = this.cash + dCash;
    const dJ = symCost(this.p, s, to) - symCost(this.p, s, from) + (Math.abs(newCash - this.p.cashTarget) - Math.abs(this.cash - this.p.cashTarget)) / 2;
    const slack = newCash - (this.reserved + setAside(this.p, s, to) - setAside(this.p, s, from)) - this.p.reserve;
    return { dJ, slack };
  }

  apply(i: number, to: number): void {
    const s = this.p.syms[i]!;
    const from = this.d[i]!;
    this.cash += cashFlow(this.p, s, to) - cashFlow(this.p, s, from);
    this.reserved += setAside(this.p, s, to) - setAside(this.p, s, from);
    this.symSum += symCost(this.p, s, to) - symCost(this.p, s, from);
    this.d[i] = to;
  }
}
