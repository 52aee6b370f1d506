import type { PlanRow } from '../core/types.js';
import { pct, signed } from './format.js';
import type { Style } from './tone.js';

/** One column of a table, rendered both by the Ink <Box> table and by the line runner's text table. */
export interface Column<Row> {
  title: string;
  align: 'left' | 'right';
  cell(row: Row): string;
  style?(row: Row): Style | undefined;
}

/** A drift this large (in weight) is flagged in the holdings-vs-targets table. */
const NOTABLE_DRIFT = 0.05;

/** Holdings vs targets, one row per symbol of the plan. */
export const PLAN_COLUMNS: readonly Column<PlanRow>[] = [
  { title: 'symbol', align: 'left', cell: (r) => r.tradingsymbol },
  {
    title: 'price',
    align: 'right',
    cell: (r) => (r.price === null ? 'n/a' : `${r.price.toFixed(2)}${r.stale ? '*' : ''}`),
    style: (r) => (r.stale || r.price === null ? 'warning' : undefined),
  },
  { title: 'held', align: 'right', cell: (r) => String(r.quantity) },
  { title: 'weight', align: 'right', cell: (r) => pct(r.currentWeight) },
  { title: 'target', align: 'right', cell: (r) => pct(r.targetWeight) },
  { title: 'drift', align: 'right', cell: (r) => pct(r.drift), style: (r) => (Math.abs(r.drift) >= NOTABLE_DRIFT ? 'warning' : undefined) },
  {
    title: 'trade',
    align: 'right',
    cell: (r) => (r.plannedDelta === 0 ? '' : signed(r.plannedDelta)),
    style: (r) => (r.plannedDelta > 0 ? 'buy' : r.plannedDelta < 0 ? 'sell' : undefined),
  },
  { title: 'after', align: 'right', cell: (r) => pct(r.weightAfter) },
];

/** The footnote under the table when a price marked `*` is not a live quote. */
export const stalePriceNote = (rows: readonly PlanRow[]): string | null =>
  rows.some((r) => r.stale) ? '* stale price (no live quote): holdings, positions, instruments or --prices file' : null;

/** Each column's width: its widest cell or its title. */
export const columnWidths = <Row>(columns: readonly Column<Row>[], rows: readonly Row[]): number[] =>
  columns.map((c) => Math.max(c.title.length, ...rows.map((r) => c.cell(r).length)));
