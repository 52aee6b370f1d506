import { Box, Text } from 'ink';
import type { OrderStatusView } from '../../core/events.js';
import { orderStateText } from '../../present/execution.js';
import { sideColor, styleColor, theme } from '../theme.js';

/** One order on one line: side, quantity, stock, its state in words; the order id only when asked for (`d`). */
export function OrderRow({ order, details }: { order: OrderStatusView; details: boolean }) {
  const state = orderStateText(order);
  return (
    <Box height={1} overflow="hidden">
      <Text wrap="truncate-end">
        <Text color={sideColor(order.transaction_type)}>{order.transaction_type.padEnd(4)}</Text>
        {` ${String(order.quantity).padStart(6)} ${order.tradingsymbol.padEnd(12)} `}
        <Text color={styleColor(state.tone)}>{state.text}</Text>
        {details && order.order_id ? <Text color={theme.muted}> #{order.order_id}</Text> : null}
      </Text>
    </Box>
  );
}
