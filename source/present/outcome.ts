import { deliveryCharges, DP_CHARGE_PER_SCRIP } from '../core/charges.js';
import type { OrderStatusView, RunSummary } from '../core/events.js';
import { ExitCode } from '../core/exit-codes.js';
import { istDate } from '../core/ist.js';
import { isCancelledStatus } from '../core/order-status.js';
import { istDateTime } from './format.js';
import type { Broker } from './mode.js';
import { orderStateText } from './execution.js';

/**
 * Charges of what actually filled (contract-note charges of each fill's value, plus the DP charge once per stock
 * sold), at the schedule of the day the run ended.
 */
export function chargesPaid(orders: readonly OrderStatusView[], at: number): number {
  const day = istDate(at);
  let total = 0;
  const sold = new Set<string>();
  for (const o of orders) {
    if (o.filled_quantity <= 0 || !o.average_price) continue;
    total += deliveryCharges(o.transaction_type, o.filled_quantity * o.average_price, day).total;
    if (o.transaction_type === 'SELL') sold.add(o.tradingsymbol);
  }
  return Math.round((total + sold.size * DP_CHARGE_PER_SCRIP) * 100) / 100;
}

/** Orders that did not end filled: rejected, skipped, cancelled part-filled, unknown; each with why. */
export const unfinishedOrders = (orders: readonly OrderStatusView[]): OrderStatusView[] =>
  orders.filter(
    (o) =>
      o.status !== 'COMPLETE' &&
      (o.status === 'REJECTED' || o.status === 'SKIPPED' || o.status === 'UNKNOWN' || isCancelledStatus(o.status) || o.filled_quantity < o.quantity),
  );

/** "SELL ITC 300: rejected: Insufficient holdings" */
export const unfinishedText = (o: OrderStatusView): string => `${o.transaction_type} ${o.tradingsymbol} ${o.quantity}: ${orderStateText(o).text}`;

/** The exit code of a finished run: 0 complete (or every batch declined with nothing placed), 3 otherwise. */
export const runExitCode = (summary: RunSummary | null, declinedAll: boolean): number =>
  !summary || summary.complete || (declinedAll && summary.placed === 0) ? ExitCode.ok : ExitCode.partial;

/**
 * The exact next step after a run. A live run the engine stopped mid-way (its message names `resume`) is
 * resumed; a paper run never is (its simulator ended with the process): it is run again.
 */
export function nextStep(summary: RunSummary, broker: Broker, declinedAll: boolean): string {
  if (declinedAll && summary.placed === 0) return 'Nothing was placed. Run the basket again when you want to trade.';
  if (summary.complete) return 'Nothing more to do.';
  if (summary.runAgainAt !== undefined) return `Run the basket again from ${istDateTime(summary.runAgainAt)} to place what is left.`;
  if (broker === 'live' && summary.message.includes('kite-rebalance resume')) return `kite-rebalance resume ${summary.runId}`;
  return 'Check the orders above, then run the basket again to place what is left.';
}

export const exitCodeText = (code: number): string =>
  `exit code ${code}${code === ExitCode.ok ? ' (done)' : code === ExitCode.partial ? ' (partly done)' : code === ExitCode.cancelled ? ' (cancelled)' : ''}`;
