import type { OrderStatusView } from '../core/events.js';
import { isCancelledStatus, isFinalStatus, isOpenStatus } from '../core/order-status.js';
import { statusTone, type Tone } from './tone.js';

/** Kite's limits on placing orders (reference/kite-api.md): the order rate is shown against them. */
export const ORDER_LIMITS = { perSecond: 10, perMinute: 400 } as const;

/** An order's state in words: queued, placed, open, partly filled x/y, complete @ avg, rejected: Kite's words, skipped: why. */
export function orderStateText(o: OrderStatusView): { text: string; tone: Tone } {
  const avg = o.average_price ? ` @ ${o.average_price.toFixed(2)}` : '';
  const words = o.status_message ? `: ${o.status_message}` : '';
  if (o.status === 'PENDING') return { text: 'queued', tone: 'muted' };
  if (o.status === 'COMPLETE') return { text: `complete${avg}`, tone: 'success' };
  if (o.status === 'REJECTED') return { text: `rejected${words}`, tone: 'danger' };
  if (o.status === 'SKIPPED') return { text: `skipped${words}`, tone: 'warning' };
  if (isCancelledStatus(o.status)) return { text: `cancelled, ${o.filled_quantity}/${o.quantity} filled${avg}${words}`, tone: statusTone(o.status) };
  if (o.filled_quantity > 0) return { text: `partly filled ${o.filled_quantity}/${o.quantity}${avg}`, tone: 'info' };
  if (o.status === 'OPEN') return { text: 'open at the exchange', tone: 'info' };
  if (isOpenStatus(o.status)) return { text: `placed (${o.status.toLowerCase()})`, tone: 'muted' };
  return { text: `${o.status}${words}`, tone: 'warning' };
}

/** Orders finished and rupees traded so far, of those the run has confirmed. */
export interface Progress {
  done: number;
  total: number;
  traded: number;
  planned: number;
}

export function progressOf(orders: readonly OrderStatusView[], confirmed: { count: number; value: number }): Progress {
  return {
    done: orders.filter((o) => isFinalStatus(o.status)).length,
    total: Math.max(orders.length, confirmed.count),
    traded: orders.reduce((s, o) => s + o.filled_quantity * (o.average_price ?? 0), 0),
    planned: confirmed.value,
  };
}

/** "██████░░░░" for a fraction, `width` cells. */
export function bar(fraction: number, width: number): string {
  const n = Math.max(0, Math.min(width, Math.round(Math.max(0, Math.min(1, fraction)) * width)));
  return '█'.repeat(n) + '░'.repeat(width - n);
}

/** Orders placed in the last second and the last minute before `at`. */
export function orderRate(placedAt: readonly number[], at: number): { perSecond: number; perMinute: number } {
  return {
    perSecond: placedAt.filter((t) => t > at - 1000 && t <= at).length,
    perMinute: placedAt.filter((t) => t > at - 60_000 && t <= at).length,
  };
}

/** "ITC 300 (id 2611250000012)": an order still open at the exchange, for the cancellation screen. */
export const openOrderText = (o: OrderStatusView): string =>
  `${o.transaction_type} ${o.tradingsymbol} ${o.quantity - o.filled_quantity} of ${o.quantity} open (order id ${o.order_id ?? '—'})`;

/** The orders still open at the exchange: they may fill after the app has stopped. */
export const openAtExchange = (orders: readonly OrderStatusView[]): OrderStatusView[] => orders.filter((o) => o.order_id !== null && !isFinalStatus(o.status));
