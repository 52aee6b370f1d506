import { Box, Text } from 'ink';
import type { RunSummary } from '../../core/events.js';
import { pct } from '../format.js';
import { sideColor, statusTone, theme, toneColor } from '../theme.js';

/** Filled / rejected / skipped, every order's end state, and the drift after. */
export function RunSummaryView({ summary }: { summary: RunSummary }) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold color={summary.complete ? theme.success : theme.warning}>
        Run {summary.runId}: {summary.message}
      </Text>
      <Text>
        placed {summary.placed} · <Text color={theme.success}>filled {summary.filled}</Text> ·{' '}
        <Text color={summary.rejected ? theme.error : undefined}>rejected {summary.rejected}</Text> ·{' '}
        <Text color={summary.skipped ? theme.warning : undefined}>skipped {summary.skipped}</Text>
      </Text>
      {summary.orders.map((o) => (
        <Text key={o.legId} wrap="truncate-end">
          {'  '}
          <Text color={sideColor(o.transaction_type)}>{o.transaction_type.padEnd(4)}</Text> {String(o.quantity).padStart(6)} {o.tradingsymbol.padEnd(12)}{' '}
          <Text color={toneColor(statusTone(o.status))}>{o.status}</Text> {o.filled_quantity}/{o.quantity}
          {o.average_price ? ` @ ${o.average_price.toFixed(2)}` : ''}
          {o.status_message ? <Text color={theme.muted}> ({o.status_message})</Text> : null}
        </Text>
      ))}
      {summary.driftAfter !== null ? <Text>drift after ≈ {pct(summary.driftAfter)}</Text> : null}
    </Box>
  );
}
