/** Kite access tokens die at 06:00 IST after login (kite-api.md §1.7). */
import { DateTime } from 'luxon';
import type { TokenRecord } from '../store/ports.js';

const IST = 'Asia/Kolkata';

/** The first 06:00 IST strictly after the login instant (a 02:00 login dies the same morning). */
export function kiteTokenExpiry(loginMs: number): number {
  const login = DateTime.fromMillis(loginMs, { zone: IST });
  let six = login.set({ hour: 6, minute: 0, second: 0, millisecond: 0 });
  if (six.toMillis() <= loginMs) six = six.plus({ days: 1 });
  return six.toMillis();
}

export function recordExpiry(record: TokenRecord): number {
  if (record.expires_at) {
    const t = Date.parse(record.expires_at);
    if (Number.isFinite(t)) return t;
  }
  const created = Date.parse(record.created_time);
  return Number.isFinite(created) ? kiteTokenExpiry(created) : 0;
}

export const isRecordExpired = (record: TokenRecord, nowMs: number): boolean => nowMs >= recordExpiry(record);

export function formatIst(ms: number): string {
  return DateTime.fromMillis(ms, { zone: IST }).toFormat('yyyy-MM-dd HH:mm') + ' IST';
}
