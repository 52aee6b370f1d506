import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { createCalendar, mergeCalendarData, NSE_CALENDAR } from '../../source/core/calendar.js';
import { isAppError } from '../../source/core/errors.js';

const ist = (s: string) => DateTime.fromISO(s, { zone: 'Asia/Kolkata' }).toMillis();
const cal = createCalendar();

describe('NSE calendar data', () => {
  it('lists every weekday trading holiday of 2025 (14) and 2026 (16), each with a name', () => {
    const byYear = (y: string) => Object.keys(NSE_CALENDAR.holidays).filter((d) => d.startsWith(y));
    expect(byYear('2025')).toHaveLength(14);
    expect(byYear('2026')).toHaveLength(16);
    for (const [date, name] of Object.entries(NSE_CALENDAR.holidays)) {
      const wd = DateTime.fromISO(date).weekday;
      expect(wd, date).toBeLessThan(6);
      expect(name.length, date).toBeGreaterThan(2);
    }
  });
});

describe('sessionOn / closedReason', () => {
  it('2026-11-24 (Tue) is a holiday with its name', () => {
    expect(cal.sessionOn('2026-11-24')).toBeNull();
    expect(cal.closedReason('2026-11-24')).toEqual({ reason: 'holiday', name: 'Prakash Gurpurb Sri Guru Nanak Dev' });
  });

  it('the 2026-01-15 election holiday added by NSE/CMTR/72260 is closed', () => {
    expect(cal.sessionOn('2026-01-15')).toBeNull();
  });

  it('an ordinary weekday is a regular 09:15–15:30 session', () => {
    const s = cal.sessionOn('2026-11-23');
    expect(s).toMatchObject({ date: '2026-11-23', open: '09:15', close: '15:30', kind: 'regular' });
    expect(s!.openMs).toBe(ist('2026-11-23T09:15'));
    expect(s!.closeMs).toBe(ist('2026-11-23T15:30'));
    expect(cal.closedReason('2026-11-23')).toBeNull();
  });

  it('weekends are closed', () => {
    expect(cal.sessionOn('2026-11-28')).toBeNull();
    expect(cal.closedReason('2026-11-29')).toEqual({ reason: 'weekend' });
  });

  it('the Sunday 2026-02-01 and Saturday 2025-02-01 budget sessions are open with normal hours', () => {
    for (const d of ['2026-02-01', '2025-02-01']) {
      expect(cal.sessionOn(d)).toMatchObject({ open: '09:15', close: '15:30', kind: 'special' });
      expect(cal.closedReason(d)).toBeNull();
    }
    expect(cal.isOpen(ist('2026-02-01T10:00'))).toBe(true);
  });

  it('Muhurat 2025-10-21 opens 13:45–14:45 on a holiday; Muhurat 2026-11-08 (timings not notified) is closed', () => {
    const m = cal.sessionOn('2025-10-21');
    expect(m).toMatchObject({ kind: 'muhurat', open: '13:45', close: '14:45' });
    expect(cal.isOpen(ist('2025-10-21T10:00'))).toBe(false);
    expect(cal.isOpen(ist('2025-10-21T14:00'))).toBe(true);
    expect(cal.sessionOn('2026-11-08')).toBeNull();
  });

  it('rejects a malformed date with a one-line usage error', () => {
    try {
      cal.sessionOn('24/11/2026');
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.kind === 'usage').toBe(true);
    }
  });
});

describe('isOpen / sessionAt / nextSession', () => {
  it('isOpen is [09:15, 15:30)', () => {
    expect(cal.isOpen(ist('2026-11-23T09:14:59'))).toBe(false);
    expect(cal.isOpen(ist('2026-11-23T09:15'))).toBe(true);
    expect(cal.isOpen(ist('2026-11-23T15:29:59'))).toBe(true);
    expect(cal.isOpen(ist('2026-11-23T15:30'))).toBe(false);
    expect(cal.isOpen(ist('2026-11-24T11:00'))).toBe(false);
  });

  it('sessionAt returns the day session even outside its hours', () => {
    expect(cal.sessionAt(ist('2026-11-23T20:00'))?.date).toBe('2026-11-23');
    expect(cal.sessionAt(ist('2026-11-24T11:00'))).toBeNull();
  });

  it('Friday 16:00 → next session is Monday 09:15', () => {
    const s = cal.nextSession(ist('2026-11-27T16:00'));
    expect(s.date).toBe('2026-11-30');
    expect(s.openMs).toBe(ist('2026-11-30T09:15'));
  });

  it('during a session, the next session is the ongoing one; before the open, today', () => {
    expect(cal.nextSession(ist('2026-11-23T12:00')).date).toBe('2026-11-23');
    expect(cal.nextSession(ist('2026-11-23T07:00')).date).toBe('2026-11-23');
  });

  it('skips a holiday: Monday 2026-11-23 after close → Wednesday 2026-11-25', () => {
    expect(cal.nextSession(ist('2026-11-23T15:30')).date).toBe('2026-11-25');
  });

  it('Saturday 2026-01-31 → the Sunday budget session 2026-02-01', () => {
    expect(cal.nextSession(ist('2026-01-31T12:00')).date).toBe('2026-02-01');
  });

  it('Diwali 2026: Friday 11-06 evening → Monday 11-09 (Sunday Muhurat not notified), then 11-10 holiday skipped', () => {
    expect(cal.nextSession(ist('2026-11-06T18:00')).date).toBe('2026-11-09');
    expect(cal.nextSession(ist('2026-11-09T16:00')).date).toBe('2026-11-11');
  });

  it('throws a market error when no session exists within 30 days', () => {
    const allClosed = createCalendar({
      holidays: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [DateTime.fromISO('2026-12-01').plus({ days: i }).toISODate()!, 'x'])),
      specialSessions: {},
      years: [2026],
    });
    expect(() => allClosed.nextSession(ist('2026-12-01T08:00'))).toThrow(/No NSE session/);
  });
});

describe('coverage and user data', () => {
  it('covers 2025 and 2026 but not 2027', () => {
    expect(cal.covers(2025)).toBe(true);
    expect(cal.covers(2026)).toBe(true);
    expect(cal.covers(2027)).toBe(false);
  });

  it('mergeCalendarData adds a user-supplied 2027 list and a Muhurat session', () => {
    const merged = createCalendar(
      mergeCalendarData(NSE_CALENDAR, {
        years: [2027],
        holidays: { '2027-01-26': 'Republic Day' },
        specialSessions: { '2026-11-08': { open: '18:00', close: '19:00', name: 'Muhurat', kind: 'muhurat' } },
      }),
    );
    expect(merged.covers(2027)).toBe(true);
    expect(merged.sessionOn('2027-01-26')).toBeNull();
    expect(merged.sessionOn('2026-11-08')).toMatchObject({ kind: 'muhurat', open: '18:00' });
    expect(merged.sessionOn('2026-11-24')).toBeNull();
    expect(merged.data.years).toEqual([2025, 2026, 2027]);
    // the base data is untouched
    expect(cal.sessionOn('2026-11-08')).toBeNull();
  });

  it('the closing auction (NSE, from 2026-08-03) ends continuous trading at 15:15 on regular days from its date only', () => {
    expect(cal.sessionOn('2026-07-31')).toMatchObject({ continuousUntil: '15:30', close: '15:30' });
    expect(cal.sessionOn('2026-07-31')?.closingAuction).toBeUndefined();
    expect(cal.sessionOn('2026-08-03')).toMatchObject({ continuousUntil: '15:15', close: '15:30', closingAuction: { start: '15:15', end: '15:35' } });
    const s = cal.sessionOn('2027-03-01')!;
    expect(s.continuousUntilMs).toBe(s.closeMs - 15 * 60_000);
    // A Muhurat session in the evening has no 15:15 inside it: it runs to its own close.
    const muhurat = createCalendar(
      mergeCalendarData(NSE_CALENDAR, { specialSessions: { '2026-11-08': { open: '18:00', close: '19:00', name: 'Muhurat', kind: 'muhurat' } } }),
    );
    expect(muhurat.sessionOn('2026-11-08')).toMatchObject({ continuousUntil: '19:00' });
    expect(muhurat.sessionOn('2026-11-08')?.closingAuction).toBeUndefined();
  });

  it('a later closing-auction rule replaces the earlier one from its own date', () => {
    const later = createCalendar(
      mergeCalendarData(NSE_CALENDAR, { closingAuctions: [{ from: '2027-04-01', start: '15:00', end: '15:20', name: 'longer auction' }] }),
    );
    expect(later.sessionOn('2027-03-31')?.continuousUntil).toBe('15:15');
    expect(later.sessionOn('2027-04-01')).toMatchObject({ continuousUntil: '15:00', closingAuction: { name: 'longer auction' } });
    expect(later.nextContinuousSession(DateTime.fromISO('2027-04-01T15:05', { zone: 'Asia/Kolkata' }).toMillis()).date).toBe('2027-04-02');
  });
});
