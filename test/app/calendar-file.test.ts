import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { CALENDAR_FILE, loadCalendar } from '../../source/app/calendar-file.js';
import { marketWait } from '../../source/core/market-session.js';

const ist = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Kolkata' }).toMillis();
const dirWith = (content: string | null) => {
  const dir = mkdtempSync(join(tmpdir(), 'kr-cal-'));
  if (content !== null) writeFileSync(join(dir, CALENDAR_FILE), content);
  return dir;
};

describe('user calendar file (holidays NSE publishes later)', () => {
  it('without a file, 2027 is not covered and a wait into it is flagged', () => {
    const cal = loadCalendar(dirWith(null));
    expect(cal.covers(2027)).toBe(false);
    const wait = marketWait(cal, ist('2026-12-31T16:00:00'));
    expect(wait).toMatchObject({ kind: 'wait', noCalendarData: true });
  });

  it('adds holidays and years: a 2027 holiday is skipped and the year counts as covered', () => {
    const cal = loadCalendar(dirWith(JSON.stringify({ years: [2027], holidays: { '2027-01-26': 'Republic Day' } })));
    expect(cal.covers(2027)).toBe(true);
    expect(cal.closedReason('2027-01-26')).toEqual({ reason: 'holiday', name: 'Republic Day' });
    // Monday 2027-01-25 after the close → Tuesday is the holiday → Wednesday 09:14
    const wait = marketWait(cal, ist('2027-01-25T16:00:00'));
    expect(wait).toMatchObject({ kind: 'wait', untilMs: ist('2027-01-27T09:14:00') });
    expect(wait.kind === 'wait' && wait.noCalendarData).toBeFalsy();
  });

  it('adds special sessions (a Sunday Muhurat session opens the market)', () => {
    const cal = loadCalendar(
      dirWith(JSON.stringify({ specialSessions: { '2027-10-31': { open: '18:00', close: '19:00', name: 'Muhurat', kind: 'muhurat' } } })),
    );
    expect(cal.isOpen(ist('2027-10-31T18:30:00'))).toBe(true);
    expect(cal.isOpen(ist('2027-10-31T17:30:00'))).toBe(false);
  });

  it('carries a closing-auction rule for a later year', () => {
    const cal = loadCalendar(
      dirWith(JSON.stringify({ years: [2027], closingAuctions: [{ from: '2027-06-01', start: '15:10', end: '15:30', name: 'NSE closing auction session' }] })),
    );
    expect(cal.sessionOn('2027-05-31')?.continuousUntil).toBe('15:15');
    expect(cal.sessionOn('2027-06-01')?.continuousUntil).toBe('15:10');
    expect(marketWait(cal, ist('2027-06-01T15:12:00'))).toMatchObject({ kind: 'wait', untilMs: ist('2027-06-02T09:14:00') });
  });

  it.each([
    ['not json', '{', /not valid JSON/],
    [
      'an auction that ends before it starts',
      JSON.stringify({ closingAuctions: [{ from: '2027-06-01', start: '15:30', end: '15:10', name: 'x' }] }),
      /closingAuctions\.0.*start must be before end/,
    ],
    ['a bad date', JSON.stringify({ holidays: { '27-1-26': 'x' } }), /holidays\.27-1-26|yyyy-MM-dd/],
    ['an unknown field', JSON.stringify({ holiday: {} }), /holiday/],
    ['a bad time', JSON.stringify({ specialSessions: { '2027-10-31': { open: '6pm', close: '19:00', name: 'M' } } }), /HH:mm/],
  ])('%s is a one-line config error naming the file', (_n, content, pattern) => {
    const dir = dirWith(content);
    expect(() => loadCalendar(dir)).toThrow(pattern);
    expect(() => loadCalendar(dir)).toThrow(CALENDAR_FILE);
  });
});
