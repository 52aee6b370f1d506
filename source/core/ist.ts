import { DateTime } from 'luxon';

/** Instants as a person in India reads them (NSE and Kite run on IST). */
const IST = 'Asia/Kolkata';

/** The IST calendar date, e.g. 2026-11-25 (charges and order limits go by it). */
export const istDate = (ms: number): string => DateTime.fromMillis(ms, { zone: IST }).toFormat('yyyy-MM-dd');

/** e.g. "10:00:01" (the time that starts every event line). */
export const istTime = (ms: number): string => DateTime.fromMillis(ms, { zone: IST }).toFormat('HH:mm:ss');

/** e.g. "06:00" (hours and minutes). */
export const istClock = (ms: number): string => DateTime.fromMillis(ms, { zone: IST }).toFormat('HH:mm');

/** e.g. "Sat 28 Nov 2026". */
export const istDay = (ms: number): string => DateTime.fromMillis(ms, { zone: IST }).toFormat('ccc d LLL yyyy');

/** e.g. "Mon 30 Nov 2026 09:14 IST". */
export const istDateTime = (ms: number): string => DateTime.fromMillis(ms, { zone: IST }).toFormat("ccc d LLL yyyy HH:mm 'IST'");
