import { DateTime } from 'luxon';
import type { MarketCalendar, SessionDay } from './calendar.js';
import type { WaitReason } from './events.js';

/**
 * When may orders be placed? The original tool's rules with the NSE calendar added:
 * - inside a session's normal market → place now;
 * - in the minute before the open (09:14–09:15) → start trying at once (orders refused before the open are retried);
 * - otherwise wait until one minute before the next session's open (09:14 IST on a regular day);
 * - with `--amo`, inside Zerodha's AMO window (16:00 → 08:58 of the next trading day, any time on a closed day)
 *   after-market orders can be placed now instead of waiting.
 */
const IST = 'Asia/Kolkata';

/** How long before the open we start trying (09:14 for a 09:15 open). */
export const START_TRYING_LEAD_MS = 60_000;
/** Zerodha's AMO window opens this long after the close (15:30 → 16:00)… */
export const AMO_OPENS_AFTER_CLOSE_MS = 30 * 60_000;
/** …and closes this long before the open (09:15 → 08:58). */
export const AMO_CLOSES_BEFORE_OPEN_MS = 17 * 60_000;

export type MarketWait =
  | { kind: 'open' }
  | { kind: 'start-trying'; openMs: number }
  | { kind: 'wait'; untilMs: number; reason: WaitReason; detail: string; noCalendarData?: boolean }
  | { kind: 'amo-window' };

const istDay = (ms: number) => DateTime.fromMillis(ms, { zone: IST }).startOf('day');
const isoDate = (d: DateTime) => d.toFormat('yyyy-MM-dd');

/** Inside Zerodha's AMO placement window for NSE equity. */
export function inAmoWindow(cal: MarketCalendar, nowMs: number): boolean {
  const today = cal.sessionAt(nowMs);
  if (!today) return true;
  return nowMs < today.openMs - AMO_CLOSES_BEFORE_OPEN_MS || nowMs >= today.closeMs + AMO_OPENS_AFTER_CLOSE_MS;
}

function closedDayDetail(cal: MarketCalendar, date: string): { reason: WaitReason; detail: string } | null {
  const closed = cal.closedReason(date);
  if (!closed) return null;
  if (closed.reason === 'holiday') return { reason: 'holiday', detail: `NSE holiday: ${closed.name ?? 'trading holiday'}` };
  return { reason: 'weekend', detail: 'weekend' };
}

/** Closed days strictly between `fromMs`'s day and the session day: holidays by name, a weekend once. */
function holidaysSkipped(cal: MarketCalendar, fromMs: number, next: SessionDay): string[] {
  const out: string[] = [];
  let weekend = false;
  for (let d = istDay(fromMs).plus({ days: 1 }); isoDate(d) < next.date; d = d.plus({ days: 1 })) {
    const closed = cal.closedReason(isoDate(d));
    if (closed?.reason === 'holiday') out.push(`${d.toFormat('ccc d LLL')}: NSE holiday: ${closed.name ?? 'trading holiday'}`);
    if (closed?.reason === 'weekend' && !weekend && cal.closedReason(isoDate(istDay(fromMs)))?.reason !== 'weekend') {
      weekend = true;
      out.push('then the weekend');
    }
  }
  return out;
}

function yearsUncovered(cal: MarketCalendar, fromMs: number, untilMs: number): number[] {
  const out: number[] = [];
  for (let y = istDay(fromMs).year; y <= istDay(untilMs).year; y++) if (!cal.covers(y)) out.push(y);
  return out;
}

/** Why no MARKET order goes out between the closing auction's start and the close, in words. */
export const auctionDetail = (s: SessionDay): string =>
  s.closingAuction
    ? `continuous trading ended at ${s.continuousUntil} IST (${s.closingAuction.name} until ${s.closingAuction.end}): no market orders until the next session`
    : 'market closed for the day';

export function marketWait(cal: MarketCalendar, nowMs: number, opts: { amo?: boolean } = {}): MarketWait {
  const today = cal.sessionAt(nowMs);
  if (today && nowMs >= today.openMs && nowMs < today.continuousUntilMs) return { kind: 'open' };
  if (today && nowMs >= today.openMs - START_TRYING_LEAD_MS && nowMs < today.openMs) {
    return { kind: 'start-trying', openMs: today.openMs };
  }
  if (opts.amo && inAmoWindow(cal, nowMs)) return { kind: 'amo-window' };

  const next = cal.nextContinuousSession(nowMs);
  let untilMs = next.openMs - START_TRYING_LEAD_MS;
  let why: { reason: WaitReason; detail: string };
  if (!today) {
    why = closedDayDetail(cal, isoDate(istDay(nowMs))) ?? { reason: 'after-close', detail: 'market closed today' };
  } else if (nowMs < today.openMs) {
    why = { reason: 'before-open', detail: `market opens at ${today.open} IST` };
  } else {
    why = { reason: 'after-close', detail: nowMs < today.closeMs ? auctionDetail(today) : 'market closed for the day' };
    if (opts.amo && nowMs < today.closeMs + AMO_OPENS_AFTER_CLOSE_MS) {
      // Between the close and 16:00 the AMO window is about to open: waiting for it is shorter.
      untilMs = Math.min(untilMs, today.closeMs + AMO_OPENS_AFTER_CLOSE_MS);
      why = {
        reason: 'after-close',
        detail: `${nowMs < today.closeMs ? auctionDetail(today) : 'market closed for the day'}; after-market orders open at 16:00 IST`,
      };
    }
  }
  const skipped = holidaysSkipped(cal, nowMs, next);
  const detail = [why.detail, ...skipped].join('; ');
  const uncovered = yearsUncovered(cal, nowMs, untilMs);
  return {
    kind: 'wait',
    untilMs,
    reason: why.reason,
    detail: uncovered.length
      ? `${detail}; NO NSE HOLIDAY DATA FOR ${uncovered.join(', ')}: the next session is a guess (add the holidays to the calendar file)`
      : detail,
    ...(uncovered.length ? { noCalendarData: true } : {}),
  };
}

/**
 * When MARKET orders stop for the current session, or the next one when none is running: the close (15:30 IST),
 * or the start of the closing auction (15:15 IST from 2026-08-03).
 */
export function sessionDeadline(cal: MarketCalendar, nowMs: number): number {
  return cal.nextContinuousSession(nowMs).continuousUntilMs;
}

/** When a run stopped at `nowMs` should be started again: one minute before the next session's open (09:14 IST). */
export function nextStartMs(cal: MarketCalendar, nowMs: number): number {
  return cal.nextContinuousSession(nowMs).openMs - START_TRYING_LEAD_MS;
}
