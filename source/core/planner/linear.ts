import type { Deltas } from './evaluate.js';
import type { Problem, Sym } from './problem.js';
import { capSlack, gainsOf, taxOf } from './tax-term.js';

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

/**
 * Running totals of a plan under the linear model, with O(1) move evaluation (O(lots) with tax: the sells' gains
 * by term are two more running sums, and the tax of the year is a function of them).
 */
export class LinearState {
  readonly d: Deltas;
  cash: number; // cash after linear charges
  reserved: number; // Σ setAside
  private symSum: number;
  /** Σ gains of the sells by term (with a tax term). */
  short = 0;
  long = 0;
  /** Tax the sells add (₹, with a tax term). */
  tax = 0;

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
      if (p.tax) {
        const g = gainsOf(p.tax, i, d);
        this.short += g.short;
        this.long += g.long;
      }
    });
    if (p.tax) this.tax = taxOf(p.tax, { short: this.short, long: this.long });
  }

  objective(): number {
    const base = this.symSum + Math.abs(this.cash - this.p.cashTarget) / 2;
    return this.p.tax ? base + this.p.tax.weight * this.tax : base;
  }

  /** What the cash constraint leaves (₹); with a tax cap, the smaller of that and what the cap leaves. */
  slack(): number {
    const cash = this.cash - this.reserved - this.p.reserve;
    return this.p.tax ? Math.min(cash, capSlack(this.p.tax, this.tax)) : cash;
  }

  /** Gains sums and tax if symbol i moved from its delta to `to`. */
  private taxAfter(i: number, to: number): { short: number; long: number; tax: number } {
    const t = this.p.tax!;
    const was = gainsOf(t, i, this.d[i]!);
    const now = gainsOf(t, i, to);
    const short = this.short - was.short + now.short;
    const long = this.long - was.long + now.long;
    return { short, long, tax: taxOf(t, { short, long }) };
  }

  /** Objective change and new slack if symbol i moved to delta `to`. */
  probe(i: number, to: number): { dJ: number; slack: number } {
    const s = this.p.syms[i]!;
    const from = this.d[i]!;
    const dCash = cashFlow(this.p, s, to) - cashFlow(this.p, s, from);
    const newCash = this.cash + dCash;
    const dJ = symCost(this.p, s, to) - symCost(this.p, s, from) + (Math.abs(newCash - this.p.cashTarget) - Math.abs(this.cash - this.p.cashTarget)) / 2;
    const slack = newCash - (this.reserved + setAside(this.p, s, to) - setAside(this.p, s, from)) - this.p.reserve;
    if (!this.p.tax) return { dJ, slack };
    const { tax } = this.taxAfter(i, to);
    return { dJ: dJ + this.p.tax.weight * (tax - this.tax), slack: Math.min(slack, capSlack(this.p.tax, tax)) };
  }

  apply(i: number, to: number): void {
    const s = this.p.syms[i]!;
    const from = this.d[i]!;
    if (this.p.tax) Object.assign(this, this.taxAfter(i, to));
    this.cash += cashFlow(this.p, s, to) - cashFlow(this.p, s, from);
    this.reserved += setAside(this.p, s, to) - setAside(this.p, s, from);
    this.symSum += symCost(this.p, s, to) - symCost(this.p, s, from);
    this.d[i] = to;
  }
}
