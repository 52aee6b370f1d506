import { Box, Text } from 'ink';
import type { OrderStatusView } from '../../core/events.js';
import { openAtExchange, openOrderText } from '../../present/execution.js';
import { keyHint } from '../../present/keys.js';
import { theme } from '../theme.js';

/** After q, Ctrl+C or a signal: what the engine says, and every order still open at the exchange (they may still fill). */
export function CancelView(props: { message: string; settled: boolean; forced: boolean; orders: OrderStatusView[] }) {
  const { message, settled, forced, orders } = props;
  const open = openAtExchange(orders);
  return (
    <Box flexDirection="column">
      <Text bold color={theme.error}>
        {message}
        {!settled && !forced ? <Text color={theme.muted}> ({keyHint('cancel')} again to quit now)</Text> : null}
      </Text>
      {open.length > 0 ? (
        <>
          <Text color={theme.warning}>Still open at the exchange (they may fill; cancel them in Kite if you do not want them):</Text>
          {open.map((o) => (
            <Text key={o.legId} wrap="truncate-end">
              {'  '}
              {openOrderText(o)}
            </Text>
          ))}
        </>
      ) : null}
      {settled ? <Text color={theme.muted}>The run is recorded in the journal.</Text> : null}
    </Box>
  );
}
