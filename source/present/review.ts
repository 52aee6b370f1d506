import type { Plan, PlanRow, Snapshot } from '../core/types.js';
import { inr, pct, signed } from './format.js';
import type { Column } from './table.js';
import { span, type Line, type Style } from './tone.js';

/** A row of the review screen: a plan row with its value and why it is (not) traded. */
export interface ReviewRow extends PlanRow {
  value: number;
  reason: string;
}

/** The reason shown for a symbol: the planned order's, the planner's skip, or that it is close enough. */
function reasonFor(plan: Plan, symbol: string): string {
  const order = plan.orders.find((o) => o.tradingsymbol === symbol);
  if (order) return order.reason;
  const skipped = plan.skipped.find((s) => s.tradingsymbol === symbol);
  if (skipped) return skipped.reason;
  return 'on target within the drift band';
}

/** Holdings vs targets, largest drift (either way) first; ties by symbol. */
export function reviewRows(plan: Plan): ReviewRow[] {
  return plan.rows
    .map((r) => ({ ...r, value: r.price === null ? 0 : r.quantity * r.price, reason: reasonFor(plan, r.tradingsymbol) }))
    .sort((a, b) => Math.abs(b.drift) - Math.abs(a.drift) || a.tradingsymbol.localeCompare(b.tradingsymbol));
}

/** ₹12,34,567 (whole rupees, for tight columns and totals). */
export const rupees = (n: number): string => `₹${Math.round(n).toLocaleString('en-IN')}`;

/**
 * A centred bar of a drift: left of the centre mark when under target, right when over, as long as the drift
 * relative to `scale` (the largest drift on screen). Readable without colour: the side says which way.
 */
export function driftBar(drift: number, scale: number, width: number): string {
  const half = Math.max(1, Math.floor((width - 1) / 2));
  const n = scale > 0 ? Math.min(half, Math.round((Math.abs(drift) / scale) * half)) : 0;
  const filled = Math.abs(drift) > 0 && n === 0 ? 1 : n;
  const left = drift < 0 ? ' '.repeat(half - filled) + '█'.repeat(filled) : ' '.repeat(half);
  const right = drift > 0 ? '█'.repeat(filled) + ' '.repeat(half - filled) : ' '.repeat(half);
  return `${left}│${right}`;
}

/** A drift this large (in weight) is flagged. */
export const NOTABLE_DRIFT = 0.05;
const driftStyle = (d: number): Style | undefined => (Math.abs(d) >= NOTABLE_DRIFT ? 'warning' : undefined);
const tradeStyle = (r: PlanRow): Style | undefined => (r.plannedDelta > 0 ? 'buy' : r.plannedDelta < 0 ? 'sell' : undefined);
const price = (r: PlanRow) => (r.price === null ? 'n/a' : `${r.price.toFixed(2)}${r.stale ? '*' : ''}`);

export type ReviewLayout = 'wide' | 'normal' | 'compact';

/** wide (≥ 110 columns) has the reason inline; normal (80–109) shows it under the table for the selected row; compact below 80. */
export const reviewLayout = (columns: number): ReviewLayout => (columns >= 110 ? 'wide' : columns >= 80 ? 'normal' : 'compact');

/** The review table's columns for a layout; `barWidth` is the drift bar's width. */
export function reviewColumns(layout: ReviewLayout, scale: number): Column<ReviewRow>[] {
  const bar = layout === 'compact' ? 7 : 9;
  const cols: (Column<ReviewRow> & { in: ReviewLayout[] })[] = [
    { in: ['wide', 'normal', 'compact'], title: 'symbol', align: 'left', cell: (r) => r.tradingsymbol },
    { in: ['wide', 'normal', 'compact'], title: 'held', align: 'right', cell: (r) => String(r.quantity) },
    { in: ['wide', 'normal'], title: 'LTP', align: 'right', cell: price, style: (r) => (r.stale || r.price === null ? 'warning' : undefined) },
    { in: ['wide', 'normal'], title: 'value', align: 'right', cell: (r) => rupees(r.value) },
    { in: ['wide', 'normal', 'compact'], title: 'weight', align: 'right', cell: (r) => pct(r.currentWeight) },
    { in: ['wide', 'normal', 'compact'], title: 'target', align: 'right', cell: (r) => pct(r.targetWeight) },
    { in: ['wide', 'normal', 'compact'], title: 'drift', align: 'left', cell: (r) => driftBar(r.drift, scale, bar), style: (r) => driftStyle(r.drift) },
    { in: ['wide', 'normal', 'compact'], title: 'trade', align: 'right', cell: (r) => (r.plannedDelta === 0 ? '' : signed(r.plannedDelta)), style: tradeStyle },
    { in: ['wide', 'normal', 'compact'], title: 'after', align: 'right', cell: (r) => pct(r.weightAfter) },
    { in: ['wide'], title: 'reason', align: 'left', cell: (r) => r.reason, style: () => 'muted' },
  ];
  return cols.filter((c) => c.in.includes(layout)).map(({ in: _in, ...c }) => c);
}

/** The selected row in words, under the table where the reason column does not fit. */
export function selectedRowLine(r: ReviewRow, layout: ReviewLayout): Line {
  const head = layout === 'compact' ? `${r.tradingsymbol} · LTP ${price(r)} · ${rupees(r.value)} · drift ${pct(r.drift)}: ` : `${r.tradingsymbol}: `;
  return [span('▸ ', 'accent'), span(head, undefined, true), span(r.reason, 'muted')];
}

/** Holdings, positions, cash, total; sells, buys, charges, cash after; drift before → after (two or three lines to fit). */
export function reviewTotals(plan: Plan, snapshot: Snapshot, columns: number): Line[] {
  const sum = (side: 'BUY' | 'SELL') => plan.orders.filter((o) => o.transaction_type === side).reduce((s, o) => s + o.value, 0);
  const account = `holdings ${rupees(snapshot.holdingsValue)} · positions ${rupees(snapshot.positionsValue)} · cash ${rupees(snapshot.cash)} · total ${rupees(snapshot.totalValue)}`;
  const trades = [span('sells ', 'muted'), span(rupees(sum('SELL')), 'sell'), span(' · buys ', 'muted'), span(rupees(sum('BUY')), 'buy')];
  const costs = [span(` · charges ≈ ${inr(plan.charges)} · cash after ≈ ${rupees(plan.cash_after)}`)];
  const drift = [span(`drift ${pct(plan.drift_before)} → `), span(pct(plan.drift_after), 'success', true)];
  if (columns >= 110) return [[span(account)], [...trades, ...costs, span(' · '), ...drift]];
  if (columns >= 80) return [[span(account)], [...trades, ...costs], drift];
  const [first, second] = account.split(' · cash ');
  return [[span(first ?? account)], [span(`cash ${second ?? ''}`)], trades, costs.map((c) => ({ ...c, text: c.text.replace(/^ · /, '') })), drift];
}
