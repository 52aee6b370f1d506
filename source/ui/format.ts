import { DateTime } from 'luxon';
import { formatInr } from '../core/money.js';
import type { OrderStatusView } from '../core/events.js';
import type { PlannedOrder, Side } from '../core/types.js';

const ist = (ms: number) => DateTime.fromMillis(ms, { zone: 'Asia/Kolkata' });

export const pct = (f: number): string => `${(f * 100).toFixed(2)}%`;
export const signed = (n: number): string => (n > 0 ? `+${n}` : `${n}`);
export const inr = formatInr;
/** 10:00:01 (IST), for log lines. */
export const clockTime = (ms: number): string => ist(ms).toFormat('HH:mm:ss');
/** Mon 30 Nov 09:14 IST, for the countdown. */
export const waitTarget = (ms: number): string => ist(ms).toFormat("ccc d LLL HH:mm 'IST'");

/** 2h 03m 10s (seconds rounded up, so the line never shows 0s while still waiting). */
export function duration(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}h ${String(m).padStart(2, '0')}m ${String(s % 60).padStart(2, '0')}s`;
}

export const sideWord = (side: Side, plural = true): string => (side === 'SELL' ? (plural ? 'sells' : 'sell') : plural ? 'buys' : 'buy');

export const batchTotal = (orders: readonly PlannedOrder[]): number => orders.reduce((s, o) => s + o.value, 0);

/** "ITC SELL 300 COMPLETE filled 300/300 @ 404.85 #9488…" — the same facts as the headless line. */
export function orderLine(o: OrderStatusView): string {
  const fill = o.filled_quantity > 0 ? ` filled ${o.filled_quantity}/${o.quantity}${o.average_price ? ` @ ${o.average_price.toFixed(2)}` : ''}` : '';
  const msg = o.status_message ? ` (${o.status_message})` : '';
  return `${o.tradingsymbol} ${o.transaction_type} ${o.quantity} ${o.status}${fill}${o.order_id ? ` #${o.order_id}` : ''}${msg}`;
}
