import { istDateTime as coreIstDateTime, istTime } from '../core/ist.js';
import { formatInr, formatPct } from '../core/money.js';
import type { PlannedOrder, Side } from '../core/types.js';

/** 0.4123 → 41.23% */
export const pct = formatPct;
/** +20, -100, 0 (a share delta) */
export const signed = (n: number): string => (n > 0 ? `+${n}` : `${n}`);
/** ₹1,234.50 */
export const inr = formatInr;
/** 10:00:01, the IST time that starts every event line. */
export const clockTime = istTime;
/** Mon 30 Nov 2026 09:14 IST */
export const istDateTime = coreIstDateTime;

/** 2h 03m 10s (seconds rounded up, so the line never shows 0s while still waiting). */
export function duration(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}h ${String(m).padStart(2, '0')}m ${String(s % 60).padStart(2, '0')}s`;
}

export const sideWord = (side: Side, plural = true): string => (side === 'SELL' ? (plural ? 'sells' : 'sell') : plural ? 'buys' : 'buy');

export const batchTotal = (orders: readonly PlannedOrder[]): number => orders.reduce((s, o) => s + o.value, 0);
