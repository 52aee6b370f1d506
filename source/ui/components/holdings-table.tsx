import { Box, Text } from 'ink';
import type { PlanRow } from '../../core/types.js';
import { pct, signed } from '../format.js';
import { theme } from '../theme.js';

interface Column {
  title: string;
  right: boolean;
  cell(r: PlanRow): string;
  color?(r: PlanRow): string | undefined;
}

const COLUMNS: Column[] = [
  { title: 'symbol', right: false, cell: (r) => r.tradingsymbol },
  {
    title: 'price',
    right: true,
    cell: (r) => (r.price === null ? 'n/a' : `${r.price.toFixed(2)}${r.stale ? '*' : ''}`),
    color: (r) => (r.stale || r.price === null ? theme.warning : undefined),
  },
  { title: 'held', right: true, cell: (r) => String(r.quantity) },
  { title: 'weight', right: true, cell: (r) => pct(r.currentWeight) },
  { title: 'target', right: true, cell: (r) => pct(r.targetWeight) },
  { title: 'drift', right: true, cell: (r) => pct(r.drift), color: (r) => (Math.abs(r.drift) >= 0.05 ? theme.warning : undefined) },
  {
    title: 'trade',
    right: true,
    cell: (r) => (r.plannedDelta === 0 ? '' : signed(r.plannedDelta)),
    color: (r) => (r.plannedDelta > 0 ? theme.buy : r.plannedDelta < 0 ? theme.sell : undefined),
  },
  { title: 'after', right: true, cell: (r) => pct(r.weightAfter) },
];

/** Holdings vs targets: our own <Box> table (ink-table cannot load under Ink 6). */
export function HoldingsTable({ rows }: { rows: PlanRow[] }) {
  const widths = COLUMNS.map((c) => Math.max(c.title.length, ...rows.map((r) => c.cell(r).length)));
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Box gap={2}>
        {COLUMNS.map((c, i) => (
          <Box key={c.title} width={widths[i]} justifyContent={c.right ? 'flex-end' : 'flex-start'}>
            <Text bold color={theme.accent}>
              {c.title}
            </Text>
          </Box>
        ))}
      </Box>
      {rows.map((r) => (
        <Box key={r.tradingsymbol} gap={2}>
          {COLUMNS.map((c, i) => (
            <Box key={c.title} width={widths[i]} justifyContent={c.right ? 'flex-end' : 'flex-start'}>
              <Text color={c.color?.(r)}>{c.cell(r)}</Text>
            </Box>
          ))}
        </Box>
      ))}
      {rows.some((r) => r.stale) ? <Text color={theme.warning}>* stale price (no live quote): holdings, positions, instruments or --prices file</Text> : null}
    </Box>
  );
}
