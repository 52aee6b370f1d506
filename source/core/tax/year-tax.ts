import type { TaxRules } from './rules.js';

/** A financial year's capital gains by term, each already net of the losses of the same term (₹, signed). */
export interface GainsByTerm {
  short: number;
  long: number;
}

export interface YearTax {
  /** Tax and cess on the year's gains (₹). */
  tax: number;
  taxableShort: number;
  taxableLong: number;
  /** Part of the long-term exemption these gains use. */
  exemptionUsed: number;
}

export const addGains = (a: GainsByTerm, b: GainsByTerm): GainsByTerm => ({ short: a.short + b.short, long: a.long + b.long });
export const NO_GAINS: GainsByTerm = { short: 0, long: 0 };

/**
 * Tax of one financial year's gains. Set-off (sections 70 and 74): a net short-term loss is set off against
 * long-term gains; a net long-term loss only against long-term gains (it never reduces short-term gains). The
 * long-term exemption then applies once to what is left of the year's long-term gains, and cess to the tax.
 */
export function yearTax(g: GainsByTerm, r: TaxRules): YearTax {
  let short = g.short;
  let long = g.long;
  if (short < 0 && long > 0) {
    const offset = Math.min(-short, long);
    long -= offset;
    short += offset;
  }
  const taxableShort = Math.max(0, short);
  const exemptionUsed = Math.min(Math.max(0, long), r.ltcgExemption);
  const taxableLong = Math.max(0, long - r.ltcgExemption);
  const tax = (taxableShort * r.stcgRate + taxableLong * r.ltcgRate) * (1 + r.cess);
  return { tax, taxableShort, taxableLong, exemptionUsed };
}

/** Tax that `added` gains cost on top of the year's `realised` ones. */
export const extraTax = (realised: GainsByTerm, added: GainsByTerm, r: TaxRules): number =>
  yearTax(addGains(realised, added), r).tax - yearTax(realised, r).tax;
