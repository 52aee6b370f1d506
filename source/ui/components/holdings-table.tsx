import { Box, Text } from 'ink';
import type { PlanRow } from '../../core/types.js';
import { columnWidths, PLAN_COLUMNS, stalePriceNote } from '../../present/table.js';
import { styleColor, theme } from '../theme.js';

/** Holdings vs targets: our own <Box> table (ink-table cannot load under Ink 6), columns from present/table. */
export function HoldingsTable({ rows }: { rows: PlanRow[] }) {
  const widths = columnWidths(PLAN_COLUMNS, rows);
  const note = stalePriceNote(rows);
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Box gap={2}>
        {PLAN_COLUMNS.map((c, i) => (
          <Box key={c.title} width={widths[i]} justifyContent={c.align === 'right' ? 'flex-end' : 'flex-start'}>
            <Text bold color={theme.accent}>
              {c.title}
            </Text>
          </Box>
        ))}
      </Box>
      {rows.map((r) => (
        <Box key={r.tradingsymbol} gap={2}>
          {PLAN_COLUMNS.map((c, i) => (
            <Box key={c.title} width={widths[i]} justifyContent={c.align === 'right' ? 'flex-end' : 'flex-start'}>
              <Text color={styleColor(c.style?.(r))}>{c.cell(r)}</Text>
            </Box>
          ))}
        </Box>
      ))}
      {note ? <Text color={theme.warning}>{note}</Text> : null}
    </Box>
  );
}
