import { Box, Text } from 'ink';
import { columnWidths, type Column } from '../../present/table.js';
import { reviewColumns, type ReviewLayout, type ReviewRow } from '../../present/review.js';
import { styleColor, theme } from '../theme.js';

const GAP = 1;

/** Widths that fit `columns`: the last column (the reason, when shown) takes what is left. */
function fitted(cols: readonly Column<ReviewRow>[], rows: readonly ReviewRow[], columns: number): number[] {
  const widths = columnWidths(cols, rows);
  if (cols.at(-1)?.title !== 'reason') return widths;
  const used = widths.slice(0, -1).reduce((s, w) => s + w + GAP, 0) + 2;
  return [...widths.slice(0, -1), Math.max(6, columns - used - 1)];
}

/**
 * Holdings vs targets, largest drift first, `page` rows at a time from `top`; the selected row is marked.
 * Our own <Box> table (ink-table cannot load under Ink 6), columns from present/review.
 */
export function ReviewTable(props: { rows: ReviewRow[]; layout: ReviewLayout; columns: number; cursor: number; top: number; page: number }) {
  const { rows, layout, columns, cursor, top, page } = props;
  const scale = Math.max(0, ...rows.map((r) => Math.abs(r.drift)));
  const cols = reviewColumns(layout, scale);
  const widths = fitted(cols, rows, columns);
  const cell = (c: Column<ReviewRow>, i: number, text: string, color: string | undefined, bold: boolean) => (
    <Box key={c.title} width={widths[i]} justifyContent={c.align === 'right' ? 'flex-end' : 'flex-start'} flexShrink={0}>
      <Text color={color} bold={bold} wrap="truncate-end">
        {text}
      </Text>
    </Box>
  );
  const visible = rows.slice(top, top + page);
  return (
    <Box flexDirection="column">
      <Box gap={GAP} height={1} overflow="hidden">
        <Text> </Text>
        {cols.map((c, i) => cell(c, i, c.title, theme.accent, true))}
      </Box>
      {visible.map((r, k) => (
        <Box key={r.tradingsymbol} gap={GAP} height={1} overflow="hidden">
          <Text color={theme.accent}>{top + k === cursor ? '▸' : ' '}</Text>
          {cols.map((c, i) => cell(c, i, c.cell(r), styleColor(c.style?.(r)), false))}
        </Box>
      ))}
    </Box>
  );
}

/** "rows 1–8 of 23 · ↓ more" under a table longer than the screen. */
export function ScrollNote({ top, page, total }: { top: number; page: number; total: number }) {
  if (total <= page) return null;
  const more = [top > 0 ? '↑ more' : '', top + page < total ? '↓ more' : ''].filter(Boolean).join(' · ');
  return (
    <Text color={theme.muted} wrap="truncate-end">
      rows {top + 1}–{Math.min(total, top + page)} of {total}
      {more ? ` · ${more}` : ''}
    </Text>
  );
}
