import { formatInr } from '../money.js';
import type { Plan } from '../types.js';
import type { Deltas } from './evaluate.js';
import type { Problem } from './problem.js';
import { gainsOf, taxOf, type TaxTerm } from './tax-term.js';

/** Tax of the plan `deltas` with symbol i's order replaced by `d`. */
function taxWith(t: TaxTerm, deltas: Deltas, i: number, d: number): number {
  const sums = { short: 0, long: 0 };
  deltas.forEach((x, j) => {
    const g = gainsOf(t, j, j === i ? d : x);
    sums.short += g.short;
    sums.long += g.long;
  });
  return taxOf(t, sums);
}

/**
 * Says in each reason where tax changed the plan: a sell trimmed, or a symbol left overweight, compared with the
 * tax-blind plan of the same account (`blind`), with the tax that saves; and a sell that adds no tax (losses, or
 * long-term gains inside the year's exemption).
 */
export function withTaxReasons(plan: Plan, p: Problem, deltas: Deltas, blind: Deltas): Plan {
  const t = p.tax;
  if (!t) return plan;
  const why = t.maxTax === null ? `tax weight ${t.weight}` : `--max-tax ${formatInr(t.maxTax)}`;
  const index = new Map(p.syms.map((s, i) => [s.symbol, i]));
  const saving = (i: number) => taxWith(t, deltas, i, blind[i]!) - taxWith(t, deltas, i, deltas[i]!);
  const orders = plan.orders.map((o) => {
    const i = index.get(o.tradingsymbol);
    if (i === undefined || o.transaction_type !== 'SELL') return o;
    const d = deltas[i]!;
    const b = blind[i]!;
    if (b < d) {
      return { ...o, reason: `${o.reason}; trimmed for tax (${why}): a tax-blind plan sells ${-b}, ≈ ${formatInr(saving(i))} more tax` };
    }
    if (o.tax && o.tax.tax <= 0 && o.tax.lots.length > 0) {
      const what = o.tax.lots.every((l) => l.gain <= 0) ? 'lots at a loss' : 'gains set off or inside the long-term exemption';
      return { ...o, reason: `${o.reason}; no tax: ${what}` };
    }
    return o;
  });
  const skipped = plan.skipped.map((s) => {
    const i = index.get(s.tradingsymbol);
    if (i === undefined || deltas[i] !== 0 || !(blind[i]! < 0)) return s;
    return { ...s, reason: `${s.reason}; kept for tax (${why}): a tax-blind plan sells ${-blind[i]!}, ≈ ${formatInr(saving(i))} tax` };
  });
  return { ...plan, orders, skipped };
}
