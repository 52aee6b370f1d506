import { GainCurve } from '../tax/sell-gains.js';
import type { TaxBook } from '../tax/tax-book.js';
import type { TaxRules } from '../tax/rules.js';
import { addGains, NO_GAINS, yearTax, type GainsByTerm } from '../tax/year-tax.js';

/**
 * The tax in the optimiser's objective: `weight` × the tax the plan's sells add to the financial year's, exactly
 * (FIFO lots, set-off, the exemption once a year), and the `maxTax` cap. Gains add up across symbols, so a plan
 * carries two running sums (short- and long-term gains) and every move is priced in O(lots).
 */
export interface TaxTerm {
  weight: number;
  maxTax: number | null;
  rules: TaxRules;
  realised: GainsByTerm;
  /** Tax of the realised gains alone. */
  base: number;
  /** Per `problem.syms` entry; null for a symbol with no lots (nothing to sell). */
  curves: (GainCurve | null)[];
}

/** The tax term of a problem whose symbols are `syms` (in the problem's order). */
export function taxTermOf(syms: readonly { symbol: string; price: number }[], book: TaxBook, weight: number, maxTax: number | null): TaxTerm {
  const rules = book.rules;
  return {
    weight,
    maxTax,
    rules,
    realised: book.realised,
    base: yearTax(book.realised, rules).tax,
    curves: syms.map((s) => {
      const lots = book.lots[s.symbol];
      return lots && lots.length > 0 ? new GainCurve(lots, s.price, book.tradeDate, rules.longTermAfterMonths) : null;
    }),
  };
}

/** Gains by term of symbol i's order d (only sells have gains). */
export const gainsOf = (t: TaxTerm, i: number, d: number): GainsByTerm => (d < 0 ? (t.curves[i]?.at(-d) ?? NO_GAINS) : NO_GAINS);

/** Tax (₹) that gains of `sums` add to the year's. */
export const taxOf = (t: TaxTerm, sums: GainsByTerm): number => yearTax(addGains(t.realised, sums), t.rules).tax - t.base;

/** What the cap leaves (₹, negative: over it); Infinity without a cap. */
export const capSlack = (t: TaxTerm, tax: number): number => (t.maxTax === null ? Infinity : t.maxTax - tax);

/** FIFO lot boundaries of symbol i: sell sizes at which the gain per share changes (the optimiser tries them). */
export const lotBoundaries = (t: TaxTerm, i: number): readonly number[] => t.curves[i]?.boundaries ?? [];
