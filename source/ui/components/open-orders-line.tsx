import { Text } from 'ink';
import type { OrderStatusView } from '../../core/events.js';
import { isFinalStatus } from '../../core/order-status.js';
import { theme } from '../theme.js';

/** The live line under the log: how many legs are finished and which are still open. */
export function OpenOrdersLine({ orders }: { orders: OrderStatusView[] }) {
  if (orders.length === 0) return <Text color={theme.muted}>Working…</Text>;
  const open = orders.filter((o) => !isFinalStatus(o.status));
  return (
    <Text wrap="truncate-end">
      <Text color={theme.accent}>
        Executing: {orders.length - open.length}/{orders.length} finished
      </Text>
      {open.length > 0 ? <Text color={theme.muted}> · open: {open.map((o) => `${o.tradingsymbol} ${o.transaction_type} ${o.status}`).join(', ')}</Text> : null}
    </Text>
  );
}
