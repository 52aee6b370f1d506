import type { OrderTax, Plan } from '../core/types.js';
import { inr } from './format.js';
import { span, type Line, type Span } from './tone.js';

/** How many reconciliation notes the plan lists (the rest are in --json). */
const NOTES_SHOWN = 8;

/** "ST ₹1,200.00, LT loss ₹300.00" ("none" when both are zero). */
const gainsText = (short: number, long: number): string => {
  const part = (term: string, x: number) => (x === 0 ? '' : x < 0 ? `${term} loss ${inr(-x)}` : `${term} ${inr(x)}`);
  const parts = [part('ST', short), part('LT', long)].filter(Boolean);
  return parts.length ? parts.join(', ') : 'none';
};

/** "tax ≈ ₹4,992.00 (ST ₹24,000.00; 2 lots, 10 of unknown date)": after a sell's value, in the plan and at the prompt. */
export function orderTaxSpan(t: OrderTax): Span {
  const lots = `${t.lots.length} lot${t.lots.length === 1 ? '' : 's'}${t.unknown_date > 0 ? `, ${t.unknown_date} of unknown date` : ''}`;
  return span(`tax ≈ ${inr(t.tax)} (${gainsText(t.short_term_gain, t.long_term_gain)}; ${lots})  `, t.tax > 0 ? 'warning' : 'muted');
}

/**
 * Under the plan's totals: its tax, the financial year's realised gains and the long-term exemption left, then what
 * the estimate assumed (holdings the trades do not explain, or no tradebook at all). Nothing without an estimate.
 */
export function planTaxLines(plan: Plan): Line[] {
  const t = plan.tax;
  if (!t) return [];
  const weighed = t.tax_weight !== 1 || t.max_tax !== null ? ` (tax weight ${t.tax_weight}${t.max_tax !== null ? `, max ${inr(t.max_tax)}` : ''})` : '';
  const lines: Line[] = [
    [span('Tax ≈ '), span(inr(t.tax), t.tax > 0 ? 'warning' : undefined, true), span(` on gains: ${gainsText(t.short_term_gain, t.long_term_gain)}${weighed}`)],
    [
      span(
        `  FY ${t.financial_year}: realised ${gainsText(t.realised_short_term, t.realised_long_term)} · LT exemption left ${inr(t.exemption_left_before)} → ${inr(t.exemption_left_after)}`,
        'muted',
      ),
    ],
  ];
  for (const n of t.notes.slice(0, NOTES_SHOWN)) lines.push([span(`  tax: ${n}`, t.lots_from === 'average-price' ? 'warning' : 'muted')]);
  if (t.notes.length > NOTES_SHOWN) lines.push([span(`  tax: ${t.notes.length - NOTES_SHOWN} more notes in --json (plan.tax.notes)`, 'muted')]);
  return lines;
}
