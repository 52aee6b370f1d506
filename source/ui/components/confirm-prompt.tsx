import { Box, Text } from 'ink';
import { batchTotal, inr, sideWord } from '../format.js';
import type { PendingBatch } from '../state.js';
import { sideColor, theme } from '../theme.js';

/** One batch, its orders and total, and the keys: an explicit `y` places; `n` or Esc declines; Enter does nothing. */
export function ConfirmPrompt({ batch, nudge }: { batch: PendingBatch; nudge: boolean }) {
  const word = sideWord(batch.side);
  return (
    <Box flexDirection="column" alignSelf="flex-start" borderStyle="round" borderColor={sideColor(batch.side)} paddingX={1}>
      <Text bold>
        Round {batch.round}: {batch.orders.length} {sideWord(batch.side, batch.orders.length !== 1)}, about {inr(batchTotal(batch.orders))}
      </Text>
      {batch.orders.map((o, i) => (
        <Text key={i}>
          {'  '}
          <Text color={sideColor(o.transaction_type)}>{o.transaction_type.padEnd(4)}</Text> {String(o.quantity).padStart(6)} {o.tradingsymbol.padEnd(12)} ≈ {inr(o.value)}
        </Text>
      ))}
      <Text>
        Place these {word}? <Text bold color={theme.success}>y</Text> place · <Text bold color={theme.error}>n</Text>/Esc decline ·{' '}
        <Text color={theme.muted}>Ctrl+C cancel</Text>
      </Text>
      {nudge ? <Text color={theme.warning}>Enter alone does nothing: press y to place these {word}, or n to decline.</Text> : null}
    </Box>
  );
}
