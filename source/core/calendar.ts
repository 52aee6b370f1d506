import { DateTime } from 'luxon';
import { AppError } from './errors.js';
import {
  NSE_CALENDAR_YEARS,
  NSE_CLOSING_AUCTIONS,
  NSE_HOLIDAYS,
  NSE_REGULAR_CLOSE,
  NSE_REGULAR_OPEN,
  NSE_SPECIAL_SESSIONS,
  type ClosingAuctionRule,
} from './calendar-data.js';

export type { ClosingAuctionRule } from './calendar-data.js';

const IST = 'Asia/Kolkata';
const SEARCH_DAYS = 30;

export interface SessionDay {
  /** yyyy-MM-dd (IST) */
  date: string;
  openMs: number;
  closeMs: number;
  /** 'HH:mm' IST */
  open: string;
  close: string;
  kind: 'regular' | 'special' | 'muhurat';
  name?: string;
  /**
   * End of continuous trading: the close, or the start of the closing auction where one runs that day. The app
   * places MARKET orders only before it.
   */
  continuousUntil: string;
  continuousUntilMs: number;
  /** The closing auction of this session, when a rule in force that day falls inside it. */
  closingAuction?: { name: string; start: string; end: string; startMs: number; endMs: number };
}

export interface CalendarData {
  holidays: Record<string, string>;
  specialSessions: Record<string, { open: string; close: string; name: string; kind: 'special' | 'muhurat' }>;
  years: number[];
  /** Closing-auction rules by effective date (the latest one in force applies); none: continuous to the close. */
  closingAuctions?: ClosingAuctionRule[];
}

export const NSE_CALENDAR: CalendarData = {
  holidays: NSE_HOLIDAYS,
  specialSessions: NSE_SPECIAL_SESSIONS,
  years: NSE_CALENDAR_YEARS,
  closingAuctions: NSE_CLOSING_AUCTIONS,
};

/** Adds a user's data (e.g. the 2027 list once NSE publishes it) on top of the built-in calendar. */
export function mergeCalendarData(base: CalendarData, extra: Partial<CalendarData>): CalendarData {
  return {
    holidays: { ...base.holidays, ...(extra.holidays ?? {}) },
    specialSessions: { ...base.specialSessions, ...(extra.specialSessions ?? {}) },
    years: [...new Set([...base.years, ...(extra.years ?? [])])].sort((a, b) => a - b),
    // A user's rule with the same effective date replaces the built-in one.
    closingAuctions: [
      ...(base.closingAuctions ?? []).filter((r) => !(extra.closingAuctions ?? []).some((x) => x.from === r.from)),
      ...(extra.closingAuctions ?? []),
    ].sort((a, b) => a.from.localeCompare(b.from)),
  };
}

export interface MarketCalendar {
  data: CalendarData;
  /** The session of an IST date, or null when the market is closed that day. */
  sessionOn(date: string): SessionDay | null;
  closedReason(date: string): { reason: 'weekend' | 'holiday'; name?: string } | null;
  /** Inside a session's normal market [open, close). */
  isOpen(ms: number): boolean;
  /** The session of the IST date of `ms`, if any (whether or not `ms` is inside it). */
  sessionAt(ms: number): SessionDay | null;
  /** First session whose close is after `ms` (today's if still to come or ongoing); searches ≤ 30 days ahead. */
  nextSession(ms: number): SessionDay;
  /** First session in which MARKET orders may still be placed after `ms` (its continuous trading ends later). */
  nextContinuousSession(ms: number): SessionDay;
  /** false for a year with no holiday data (every weekday would wrongly look open). */
  covers(year: number): boolean;
}

function parseDate(date: string): DateTime {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(date) ? DateTime.fromISO(date, { zone: IST }) : null;
  if (!d || !d.isValid) throw new AppError('usage', `Not a calendar date (yyyy-MM-dd): "${date}"`);
  return d;
}

function atTime(day: DateTime, hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new AppError('config', `Not a session time (HH:mm): "${hhmm}"`);
  return day.set({ hour: Number(m[1]), minute: Number(m[2]), second: 0, millisecond: 0 }).toMillis();
}

const isWeekend = (d: DateTime) => d.weekday === 6 || d.weekday === 7;

/** The closing-auction rule in force on `date` (the one with the latest `from` not after it), if any. */
function auctionRuleOn(rules: readonly ClosingAuctionRule[], date: string): ClosingAuctionRule | null {
  let found: ClosingAuctionRule | null = null;
  for (const r of rules) if (r.from <= date && (!found || r.from >= found.from)) found = r;
  return found;
}

/** Adds the end of continuous trading (and the auction, where one falls inside the session) to a session. */
function withContinuousEnd(day: DateTime, s: Omit<SessionDay, 'continuousUntil' | 'continuousUntilMs'>, rule: ClosingAuctionRule | null): SessionDay {
  const startMs = rule ? atTime(day, rule.start) : NaN;
  if (!rule || !(startMs > s.openMs && startMs < s.closeMs)) return { ...s, continuousUntil: s.close, continuousUntilMs: s.closeMs };
  return {
    ...s,
    continuousUntil: rule.start,
    continuousUntilMs: startMs,
    closingAuction: { name: rule.name, start: rule.start, end: rule.end, startMs, endMs: atTime(day, rule.end) },
  };
}

export function createCalendar(data: CalendarData = NSE_CALENDAR): MarketCalendar {
  const sessionOn = (date: string): SessionDay | null => {
    const day = parseDate(date);
    const rule = auctionRuleOn(data.closingAuctions ?? [], date);
    const special = data.specialSessions[date];
    if (special) {
      return withContinuousEnd(
        day,
        {
          date,
          open: special.open,
          close: special.close,
          openMs: atTime(day, special.open),
          closeMs: atTime(day, special.close),
          kind: special.kind,
          name: special.name,
        },
        rule,
      );
    }
    if (isWeekend(day) || data.holidays[date] !== undefined) return null;
    return withContinuousEnd(
      day,
      {
        date,
        open: NSE_REGULAR_OPEN,
        close: NSE_REGULAR_CLOSE,
        openMs: atTime(day, NSE_REGULAR_OPEN),
        closeMs: atTime(day, NSE_REGULAR_CLOSE),
        kind: 'regular',
      },
      rule,
    );
  };

  const istDate = (ms: number) => DateTime.fromMillis(ms, { zone: IST }).toFormat('yyyy-MM-dd');

  const sessionAt = (ms: number) => sessionOn(istDate(ms));

  const nextSession = (ms: number): SessionDay => {
    let day = DateTime.fromMillis(ms, { zone: IST }).startOf('day');
    for (let i = 0; i <= SEARCH_DAYS; i++) {
      const s = sessionOn(day.toFormat('yyyy-MM-dd'));
      if (s && s.closeMs > ms) return s;
      day = day.plus({ days: 1 });
    }
    throw new AppError('market', `No NSE session within ${SEARCH_DAYS} days of ${istDate(ms)}`);
  };

  return {
    data,
    sessionOn,
    sessionAt,
    closedReason(date) {
      const day = parseDate(date);
      if (data.specialSessions[date]) return null;
      const holiday = data.holidays[date];
      if (holiday !== undefined) return { reason: 'holiday', name: holiday };
      if (isWeekend(day)) return { reason: 'weekend' };
      return null;
    },
    isOpen(ms) {
      const s = sessionAt(ms);
      return s !== null && ms >= s.openMs && ms < s.closeMs;
    },
    nextSession,
    nextContinuousSession(ms) {
      const s = nextSession(ms);
      return s.continuousUntilMs > ms ? s : nextSession(s.closeMs);
    },
    covers(year) {
      return data.years.includes(year);
    },
  };
}
