import { DateTime } from 'luxon';
import { AppError } from './errors.js';
import {
  NSE_CALENDAR_YEARS,
  NSE_HOLIDAYS,
  NSE_REGULAR_CLOSE,
  NSE_REGULAR_OPEN,
  NSE_SPECIAL_SESSIONS,
} from './calendar-data.js';

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
}

export interface CalendarData {
  holidays: Record<string, string>;
  specialSessions: Record<string, { open: string; close: string; name: string; kind: 'special' | 'muhurat' }>;
  years: number[];
}

export const NSE_CALENDAR: CalendarData = {
  holidays: NSE_HOLIDAYS,
  specialSessions: NSE_SPECIAL_SESSIONS,
  years: NSE_CALENDAR_YEARS,
};

/** Adds a user's data (e.g. the 2027 list once NSE publishes it) on top of the built-in calendar. */
export function mergeCalendarData(base: CalendarData, extra: Partial<CalendarData>): CalendarData {
  return {
    holidays: { ...base.holidays, ...(extra.holidays ?? {}) },
    specialSessions: { ...base.specialSessions, ...(extra.specialSessions ?? {}) },
    years: [...new Set([...base.years, ...(extra.years ?? [])])].sort((a, b) => a - b),
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

export function createCalendar(data: CalendarData = NSE_CALENDAR): MarketCalendar {
  const sessionOn = (date: string): SessionDay | null => {
    const day = parseDate(date);
    const special = data.specialSessions[date];
    if (special) {
      return {
        date,
        open: special.open,
        close: special.close,
        openMs: atTime(day, special.open),
        closeMs: atTime(day, special.close),
        kind: special.kind,
        name: special.name,
      };
    }
    if (isWeekend(day) || data.holidays[date] !== undefined) return null;
    return {
      date,
      open: NSE_REGULAR_OPEN,
      close: NSE_REGULAR_CLOSE,
      openMs: atTime(day, NSE_REGULAR_OPEN),
      closeMs: atTime(day, NSE_REGULAR_CLOSE),
      kind: 'regular',
    };
  };

  const istDate = (ms: number) => DateTime.fromMillis(ms, { zone: IST }).toFormat('yyyy-MM-dd');

  const sessionAt = (ms: number) => sessionOn(istDate(ms));

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
    nextSession(ms) {
      let day = DateTime.fromMillis(ms, { zone: IST }).startOf('day');
      for (let i = 0; i <= SEARCH_DAYS; i++) {
        const s = sessionOn(day.toFormat('yyyy-MM-dd'));
        if (s && s.closeMs > ms) return s;
        day = day.plus({ days: 1 });
      }
      throw new AppError('market', `No NSE session within ${SEARCH_DAYS} days of ${istDate(ms)}`);
    },
    covers(year) {
      return data.years.includes(year);
    },
  };
}
