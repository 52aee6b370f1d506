import { Box, Text } from 'ink';
import type { OrderStatusView } from '../../core/events.js';
import { isFinalStatus } from '../../core/order-status.js';
import { bar, ORDER_LIMITS, orderRate, type Progress } from '../../present/execution.js';
import { rupees } from '../../present/review.js';
import { theme } from '../theme.js';
import { OrderRow } from './order-row.js';

/**
 * Progress (orders and rupees), the order rate against Kite's limits, and one row per order of the batch under
 * way, updating in place (the finished ones move into the history when the batch ends).
 */
export function ExecutionView(props: {
  orders: OrderStatusView[];
  filed: string[];
  progress: Progress;
  placedAt: number[];
  at: number | null;
  details: boolean;
  maxRows: number;
  columns: number;
}) {
  const { orders, filed, progress, placedAt, at, details, maxRows, columns } = props;
  // This batch's rows: those in flight first, then the finished ones not yet moved into the history.
  const current = orders.filter((o) => !filed.includes(o.legId));
  const live = [...current.filter((o) => !isFinalStatus(o.status)), ...current.filter((o) => isFinalStatus(o.status))];
  const shown = live.slice(0, Math.max(1, maxRows));
  const width = Math.max(10, Math.min(30, columns - 50));
  const rate = orderRate(placedAt, at ?? 0);
  const money = progress.planned > 0 ? progress.traded / progress.planned : 0;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text color={theme.accent}>{bar(progress.total ? progress.done / progress.total : 0, width)}</Text> {progress.done}/{progress.total} orders finished
      </Text>
      <Text wrap="truncate-end">
        <Text color={theme.success}>{bar(money, width)}</Text> {rupees(progress.traded)} of {rupees(progress.planned)} traded
      </Text>
      <Text color={theme.muted} wrap="truncate-end">
        order rate {rate.perSecond}/s of {ORDER_LIMITS.perSecond}/s · {rate.perMinute}/min of {ORDER_LIMITS.perMinute}/min
      </Text>
      {live.length === 0 ? <Text color={theme.muted}>No order in flight.</Text> : null}
      {shown.map((o) => (
        <OrderRow key={o.legId} order={o} details={details} />
      ))}
      {live.length > shown.length ? <Text color={theme.muted}>… and {live.length - shown.length} more</Text> : null}
    </Box>
  );
}

/** Lines the view takes with `rows` live rows shown. */
export const executionViewHeight = (rows: number, more: boolean): number => 3 + Math.max(1, rows) + (more ? 1 : 0);
