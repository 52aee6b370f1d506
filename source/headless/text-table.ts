import type { Column } from '../present/table.js';
import { columnWidths } from '../present/table.js';
import { span, type Line, type Span } from '../present/tone.js';
import { plain, type Paint } from './paint.js';

/** Drops the trailing blanks of a line (the last column's padding), whatever spans they sit in. */
function trimEnd(line: Span[]): Span[] {
  const out = [...line];
  while (out.length > 0) {
    const last = out[out.length - 1] as Span;
    const text = last.text.trimEnd();
    if (text.length > 0) {
      out[out.length - 1] = { ...last, text };
      break;
    }
    out.pop();
  }
  return out;
}

/** Columns from a shared spec as plain-text rows (header, a rule, one row each); padded before painting. */
export function columnTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[], paint: Paint = plain): string[] {
  const widths = columnWidths(columns, rows);
  const pad = (c: Column<Row>, i: number, text: string) => (c.align === 'right' ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0));
  const joined = (cells: Span[]): Line => trimEnd(cells.flatMap((cell, i) => (i === 0 ? [cell] : [span('  '), cell])));
  const header = joined(columns.map((c, i) => span(pad(c, i, c.title), 'accent', true)));
  const rule = joined(columns.map((_c, i) => span('-'.repeat(widths[i] ?? 0), 'muted')));
  const body = rows.map((r) => joined(columns.map((c, i) => span(pad(c, i, c.cell(r)), c.style?.(r)))));
  return [header, rule, ...body].map(paint);
}

/** Plain-text columns for headless output (no ANSI). Numbers right-aligned. */
export function textTable(header: string[], rows: string[][], rightAligned: boolean[]): string[] {
  const columns = header.map((title, i): Column<string[]> => ({ title, align: rightAligned[i] ? 'right' : 'left', cell: (r) => r[i] ?? '' }));
  return columnTable(columns, rows);
}
