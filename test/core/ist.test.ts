import { describe, expect, it } from 'vitest';
import { istClock, istDate, istDateTime, istDay } from '../../source/core/ist.js';

const ist = (s: string) => Date.parse(`${s}+05:30`);

describe('instants in IST', () => {
  it('the trade date is the IST date (before 05:30 IST the UTC date is the day before)', () => {
    expect(istDate(ist('2026-11-25T01:00:00'))).toBe('2026-11-25');
  });

  it('reads as a person in India reads it', () => {
    const t = ist('2026-11-30T09:14:00');
    expect(istDateTime(t)).toBe('Mon 30 Nov 2026 09:14 IST');
    expect(istDay(t)).toBe('Mon 30 Nov 2026');
    expect(istClock(t)).toBe('09:14');
  });
});
