import { roundRupees } from '../money.js';
import type { OrderTax, Plan, PlanTax } from '../types.js';
import { sellGains } from './sell-gains.js';
import type { TaxBook } from './tax-book.js';
import { addGains, yearTax, type GainsByTerm } from './year-tax.js';

/**
 * The plan with its tax estimate: each sell, in the plan's order, gets the FIFO lots it sells, their gains and the tax
 * it adds to the financial year's (so the sells' taxes add up to the plan's); the plan gets the totals, the year's
 * realised gains and the long-term exemption left before and after.
 */
export function withTaxEstimate(plan: Plan, book: TaxBook, settings: { taxWeight: number; maxTax: number | null }): Plan {
  const r = book.rules;
  let running: GainsByTerm = book.realised;
  let runningTax = yearTax(running, r).tax;
  const orders = plan.orders.map((o) => {
    if (o.transaction_type !== 'SELL') return o;
    const sold = sellGains(book.lots[o.tradingsymbol] ?? [], o.quantity, o.price, book.tradeDate, r.longTermAfterMonths);
    running = addGains(running, sold.gains);
    const after = yearTax(running, r).tax;
    const tax: OrderTax = {
      lots: sold.lots.map((l) => ({ ...l, cost: roundRupees(l.cost), gain: roundRupees(l.gain) })),
      gain: roundRupees(sold.gains.short + sold.gains.long),
      short_term_gain: roundRupees(sold.gains.short),
      long_term_gain: roundRupees(sold.gains.long),
      tax: roundRupees(after - runningTax),
      unknown_date: sold.unknownDate,
    };
    runningTax = after;
    return { ...o, tax };
  });
  const before = yearTax(book.realised, r);
  const end = yearTax(running, r);
  const summary: PlanTax = {
    financial_year: book.fy.label,
    lots_from: book.source,
    realised_short_term: roundRupees(book.realised.short),
    realised_long_term: roundRupees(book.realised.long),
    short_term_gain: roundRupees(running.short - book.realised.short),
    long_term_gain: roundRupees(running.long - book.realised.long),
    tax: roundRupees(end.tax - before.tax),
    exemption: r.ltcgExemption,
    exemption_left_before: roundRupees(r.ltcgExemption - before.exemptionUsed),
    exemption_left_after: roundRupees(r.ltcgExemption - end.exemptionUsed),
    tax_weight: settings.taxWeight,
    max_tax: settings.maxTax,
    notes: book.notes,
  };
  return { ...plan, orders, tax: summary };
}
