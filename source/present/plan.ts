import type { Basket, Plan, PlannedOrder, Side, Snapshot } from '../core/types.js';
import { batchTotal, inr, pct, sideWord } from './format.js';
import { orderTaxSpan } from './tax.js';
import { sideStyle, span, type Line } from './tone.js';

/** "Basket: 2 symbols, cash target 5.00%" (the line runner names the file too). */
export const basketText = (basket: Basket, file?: string): string =>
  `Basket${file ? ` ${file}` : ''}: ${Object.keys(basket.weights).length} symbols, cash target ${pct(basket.cashWeight)}`;

/** "Account: cash ₹… · holdings ₹… · positions ₹… · total ₹…" */
export const accountLine = (s: Snapshot): Line => [
  span(`Account: cash ${inr(s.cash)} · holdings ${inr(s.holdingsValue)} · positions ${inr(s.positionsValue)} · `),
  span(`total ${inr(s.totalValue)}`, undefined, true),
];

export const warningText = (w: string): string => `warning: ${w}`;
export const unpricedText = (symbols: readonly string[]): string | null => (symbols.length > 0 ? `no price (left out): ${symbols.join(', ')}` : null);

export const plannedOrdersHeading = (plan: Plan): string => (plan.orders.length ? `Planned orders (${plan.orders.length}):` : 'Planned orders: none');

/**
 * "  SELL    300 ITC          ≈ ₹1,21,455.00  tax ≈ ₹0.00 (…)  not in the basket" (a sell's tax when the plan
 * estimates it; the reason only in the plan, not at a prompt).
 */
export function plannedOrderLine(o: PlannedOrder, withReason = true): Line {
  const start = [
    span('  '),
    span(o.transaction_type.padEnd(4), sideStyle(o.transaction_type)),
    span(` ${String(o.quantity).padStart(6)} ${o.tradingsymbol.padEnd(12)} ≈ `),
  ];
  const tax = o.tax ? [orderTaxSpan(o.tax)] : [];
  if (!withReason) return [...start, span(`${inr(o.value)}${tax.length ? '  ' : ''}`), ...tax];
  return [...start, span(`${inr(o.value).padEnd(13)} `), ...tax, span(o.reason, 'muted')];
}

export const skippedLine = (s: Plan['skipped'][number]): Line => [span(`  skip ${s.tradingsymbol}: ${s.reason}`, 'muted')];

/** "Drift 41.23% → 1.23% · charges ≈ ₹56.70 · cash left ≈ ₹1,234.50", optionally with the planner's method and time. */
export function planTotals(plan: Plan, withSolver = false): Line {
  const line = [
    span(`Drift ${pct(plan.drift_before)} → `),
    span(pct(plan.drift_after), undefined, true),
    span(` · charges ≈ ${inr(plan.charges)} · cash left ≈ ${inr(plan.cash_after)}`),
  ];
  if (!withSolver) return line;
  return [...line, span(` (planner: ${plan.solver.method}, ${plan.solver.status}, ${plan.solver.ms} ms)`, 'muted')];
}

/** "Round 1: 2 sells, about ₹1,21,455.00", above a batch waiting for a yes. */
export const batchHeading = (round: number, side: Side, orders: readonly PlannedOrder[]): string =>
  `Round ${round}: ${orders.length} ${sideWord(side, orders.length !== 1)}, about ${inr(batchTotal(orders))}`;

/** "Place these sells?" (each front end adds how to answer). */
export const placeQuestion = (side: Side): string => `Place these ${sideWord(side)}?`;
