import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createCalendar, mergeCalendarData, NSE_CALENDAR } from '../../source/core/calendar.js';
import { inAmoWindow, marketWait, nextStartMs, sessionDeadline } from '../../source/core/market-session.js';

const cal = createCalendar();
const ist = (s: string) => DateTime.fromISO(s, { zone: 'Asia/Kolkata' }).toMillis();
const fmt = (ms: number) => DateTime.fromMillis(ms, { zone: 'Asia/Kolkata' }).toFormat('ccc yyyy-MM-dd HH:mm:ss');

describe('marketWait', () => {
  it('is open during the normal market of a trading day: to 15:30 before 2026-08-03, to 15:15 (closing auction) from it', () => {
    expect(marketWait(cal, ist('2026-11-23T09:15:00'))).toEqual({ kind: 'open' });
    expect(marketWait(cal, ist('2026-07-31T15:29:59'))).toEqual({ kind: 'open' });
    expect(marketWait(cal, ist('2026-08-03T15:14:59'))).toEqual({ kind: 'open' });
    expect(marketWait(cal, ist('2026-11-23T15:14:59'))).toEqual({ kind: 'open' });
  });

  it('from 2026-08-03, 15:15–15:30 waits for the next session and says why', () => {
    const w = marketWait(cal, ist('2026-08-03T15:15:00'));
    expect(w).toMatchObject({ kind: 'wait', reason: 'after-close', untilMs: ist('2026-08-04T09:14:00') });
    expect(w.kind === 'wait' && w.detail).toMatch(/continuous trading ended at 15:15 IST \(NSE closing auction session until 15:35\)/);
    // Friday after 15:15 → Monday; before the effective date Friday 15:20 is still open.
    expect(marketWait(cal, ist('2026-11-20T15:20:00'))).toMatchObject({ kind: 'wait', untilMs: ist('2026-11-23T09:14:00') });
    expect(marketWait(cal, ist('2026-07-31T15:20:00'))).toEqual({ kind: 'open' });
    // --amo: the AMO window still opens at 16:00.
    expect(marketWait(cal, ist('2026-11-23T15:20:00'), { amo: true })).toMatchObject({ kind: 'wait', untilMs: ist('2026-11-23T16:00:00') });
  });

  it('starts trying at once between 09:14 and 09:15', () => {
    expect(marketWait(cal, ist('2026-11-23T09:14:30'))).toEqual({ kind: 'start-trying', openMs: ist('2026-11-23T09:15:00') });
    expect(marketWait(cal, ist('2026-11-23T09:14:00')).kind).toBe('start-trying');
  });

  it('Friday 16:00 waits until Monday 09:14, saying the market is closed for the day', () => {
    const w = marketWait(cal, ist('2026-11-20T16:00:00'));
    expect(w.kind).toBe('wait');
    if (w.kind !== 'wait') return;
    expect(fmt(w.untilMs)).toBe('Mon 2026-11-23 09:14:00');
    expect(w.reason).toBe('after-close');
    expect(w.detail).toContain('market closed for the day');
    expect(w.noCalendarData).toBeUndefined();
  });

  it('on a weekend says "weekend"', () => {
    const w = marketWait(cal, ist('2026-11-21T11:00:00'));
    expect(w).toMatchObject({ kind: 'wait', reason: 'weekend', detail: 'weekend', untilMs: ist('2026-11-23T09:14:00') });
  });

  it('skips the Tuesday 2026-11-24 holiday and names it', () => {
    const monday = marketWait(cal, ist('2026-11-23T15:30:00'));
    expect(monday.kind === 'wait' && fmt(monday.untilMs)).toBe('Wed 2026-11-25 09:14:00');
    expect(monday.kind === 'wait' && monday.detail).toContain('NSE holiday: Prakash Gurpurb Sri Guru Nanak Dev');
    const tuesday = marketWait(cal, ist('2026-11-24T10:00:00'));
    expect(tuesday).toMatchObject({
      kind: 'wait',
      reason: 'holiday',
      detail: 'NSE holiday: Prakash Gurpurb Sri Guru Nanak Dev',
      untilMs: ist('2026-11-25T09:14:00'),
    });
  });

  it('before the open waits until 09:14 the same day', () => {
    expect(marketWait(cal, ist('2026-11-23T07:00:00'))).toMatchObject({ kind: 'wait', reason: 'before-open', untilMs: ist('2026-11-23T09:14:00') });
  });

  it('warns loudly when the wait runs into a year without holiday data, until the user adds it', () => {
    const w = marketWait(cal, ist('2026-12-31T16:00:00'));
    expect(w).toMatchObject({ kind: 'wait', noCalendarData: true, untilMs: ist('2027-01-01T09:14:00') });
    expect(w.kind === 'wait' && w.detail).toMatch(/NO NSE HOLIDAY DATA FOR 2027/);
    const withUserData = createCalendar(mergeCalendarData(NSE_CALENDAR, { years: [2027], holidays: { '2027-01-01': 'Test Holiday' } }));
    const w2 = marketWait(withUserData, ist('2026-12-31T16:00:00'));
    expect(w2).toMatchObject({ kind: 'wait', untilMs: ist('2027-01-04T09:14:00') });
    expect(w2.kind === 'wait' && w2.noCalendarData).toBeFalsy();
    expect(w2.kind === 'wait' && w2.detail).toContain('NSE holiday: Test Holiday');
  });

  it('with --amo places now inside the AMO window (16:00–08:58, any time on closed days)', () => {
    expect(marketWait(cal, ist('2026-11-20T16:00:00'), { amo: true })).toEqual({ kind: 'amo-window' });
    expect(marketWait(cal, ist('2026-11-21T12:00:00'), { amo: true })).toEqual({ kind: 'amo-window' });
    expect(marketWait(cal, ist('2026-11-24T12:00:00'), { amo: true })).toEqual({ kind: 'amo-window' });
    expect(marketWait(cal, ist('2026-11-23T08:57:59'), { amo: true })).toEqual({ kind: 'amo-window' });
    // 08:58–09:14: no AMO, wait for 09:14; 15:30–16:00: wait for the AMO window.
    expect(marketWait(cal, ist('2026-11-23T09:00:00'), { amo: true })).toMatchObject({ kind: 'wait', untilMs: ist('2026-11-23T09:14:00') });
    expect(marketWait(cal, ist('2026-11-23T15:45:00'), { amo: true })).toMatchObject({ kind: 'wait', untilMs: ist('2026-11-23T16:00:00') });
    expect(inAmoWindow(cal, ist('2026-11-23T12:00:00'))).toBe(false);
  });

  it('uses special-session hours (Budget Sunday 2026-02-01)', () => {
    expect(marketWait(cal, ist('2026-02-01T10:00:00'))).toEqual({ kind: 'open' });
    expect(marketWait(cal, ist('2026-01-31T10:00:00'))).toMatchObject({ kind: 'wait', reason: 'weekend', untilMs: ist('2026-02-01T09:14:00') });
  });
});

describe('sessionDeadline', () => {
  it('is 15:30 of the current session, or of the next one after the close (before 2026-08-03)', () => {
    expect(sessionDeadline(cal, ist('2026-07-27T10:00:00'))).toBe(ist('2026-07-27T15:30:00'));
    expect(sessionDeadline(cal, ist('2026-07-27T09:14:30'))).toBe(ist('2026-07-27T15:30:00'));
    expect(sessionDeadline(cal, ist('2026-07-27T15:30:00'))).toBe(ist('2026-07-28T15:30:00'));
    // Friday 2026-07-31's next session is Monday 2026-08-03, when the closing auction starts.
    expect(sessionDeadline(cal, ist('2026-07-31T15:30:00'))).toBe(ist('2026-08-03T15:15:00'));
  });

  it("is 15:15 (the closing auction) from 2026-08-03; after it, the next session's 15:15", () => {
    expect(sessionDeadline(cal, ist('2026-11-23T10:00:00'))).toBe(ist('2026-11-23T15:15:00'));
    expect(sessionDeadline(cal, ist('2026-11-23T15:15:00'))).toBe(ist('2026-11-25T15:15:00'));
    expect(sessionDeadline(cal, ist('2026-11-23T15:29:00'))).toBe(ist('2026-11-25T15:15:00'));
  });
});

describe('nextStartMs', () => {
  it('is 09:14 of the next session in which market orders may still be placed', () => {
    expect(nextStartMs(cal, ist('2026-11-23T15:15:00'))).toBe(ist('2026-11-25T09:14:00'));
    expect(nextStartMs(cal, ist('2026-07-27T15:20:00'))).toBe(ist('2026-07-27T09:14:00'));
    expect(nextStartMs(cal, ist('2026-07-27T15:30:00'))).toBe(ist('2026-07-28T09:14:00'));
  });
});

describe('why a wait happens', () => {
  const cal = createCalendar();
  it('Friday after the close says the weekend follows', () => {
    const w = marketWait(cal, ist('2026-11-27T16:00:00'));
    expect(w).toMatchObject({ kind: 'wait', untilMs: ist('2026-11-30T09:14:00'), detail: 'market closed for the day; then the weekend' });
  });
  it('Saturday says weekend (once), Monday evening names the Tuesday holiday', () => {
    expect(marketWait(cal, ist('2026-11-28T10:00:00'))).toMatchObject({ detail: 'weekend' });
    expect(marketWait(cal, ist('2026-11-23T16:00:00'))).toMatchObject({
      untilMs: ist('2026-11-25T09:14:00'),
      detail: 'market closed for the day; Tue 24 Nov: NSE holiday: Prakash Gurpurb Sri Guru Nanak Dev',
    });
  });
});
