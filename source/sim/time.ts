import { DateTime } from 'luxon';

const IST = 'Asia/Kolkata';

/** Kite's 'yyyy-MM-dd HH:mm:ss' (IST). */
export const kiteTimestamp = (ms: number): string => DateTime.fromMillis(ms, { zone: IST }).toFormat('yyyy-MM-dd HH:mm:ss');
/** Kite trades' order_timestamp: time only. */
export const kiteTime = (ms: number): string => DateTime.fromMillis(ms, { zone: IST }).toFormat('HH:mm:ss');
export const istDate = (ms: number): string => DateTime.fromMillis(ms, { zone: IST }).toFormat('yyyy-MM-dd');

/** Access tokens live until the next 06:00 IST (kite-api.md §1.7). */
export function tokenExpiry(issuedMs: number): number {
  const t = DateTime.fromMillis(issuedMs, { zone: IST });
  const six = t.set({ hour: 6, minute: 0, second: 0, millisecond: 0 });
  return (six.toMillis() > issuedMs ? six : six.plus({ days: 1 })).toMillis();
}
