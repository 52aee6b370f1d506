import { Box, Text } from 'ink';
import type { Basket, Snapshot } from '../../core/types.js';
import { inr, pct } from '../format.js';
import { theme } from '../theme.js';

/** Basket size and cash target, account value, and any warnings about either. */
export function AccountLine({ basket, snapshot }: { basket: Basket; snapshot: Snapshot }) {
  const warnings = [...basket.warnings, ...snapshot.warnings];
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text>
        Basket: {Object.keys(basket.weights).length} symbols, cash target {pct(basket.cashWeight)}
        {basket.meta.reasonSummary ? <Text color={theme.muted}> · {basket.meta.reasonSummary}</Text> : null}
      </Text>
      <Text>
        Account: cash {inr(snapshot.cash)} · holdings {inr(snapshot.holdingsValue)} · positions {inr(snapshot.positionsValue)} ·{' '}
        <Text bold>total {inr(snapshot.totalValue)}</Text>
      </Text>
      {warnings.map((w, i) => (
        <Text key={i} color={theme.warning}>
          warning: {w}
        </Text>
      ))}
      {snapshot.unpriced.length > 0 ? <Text color={theme.warning}>no price (left out): {snapshot.unpriced.join(', ')}</Text> : null}
    </Box>
  );
}
