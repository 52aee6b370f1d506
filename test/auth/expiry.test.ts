import { describe, expect, it } from 'vitest';
import { formatIst, isRecordExpired, kiteTokenExpiry } from '../../source/auth/expiry.js';

const ist = (s: string) => Date.parse(`${s}+05:30`);

describe('Kite token expiry (06:00 IST after login)', () => {
  it.each([
    ['2026-11-23T10:00:00', '2026-11-24T06:00:00'],
    ['2026-11-23T23:59:00', '2026-11-24T06:00:00'],
    ['2026-11-24T02:00:00', '2026-11-24T06:00:00'],
    ['2026-11-24T06:00:00', '2026-11-25T06:00:00'],
    ['2026-12-31T18:00:00', '2027-01-01T06:00:00'],
  ])('login at %s IST expires at %s IST', (login, expiry) => {
    expect(kiteTokenExpiry(ist(login))).toBe(ist(expiry));
  });

  const rec = (created: string, expires?: string) => ({
    user_id: 'AB1234',
    encrypted_access_token: 'x',
    created_time: new Date(ist(created)).toISOString(),
    is_active: true,
    ...(expires ? { expires_at: new Date(ist(expires)).toISOString() } : {}),
  });

  it('a record without expires_at (the original tool wrote none) expires by its created_time', () => {
    expect(isRecordExpired(rec('2026-11-23T10:00:00'), ist('2026-11-24T05:59:59'))).toBe(false);
    expect(isRecordExpired(rec('2026-11-23T10:00:00'), ist('2026-11-24T06:00:00'))).toBe(true);
  });

  it('expires_at wins when present', () => {
    expect(isRecordExpired(rec('2026-11-23T10:00:00', '2026-11-23T11:00:00'), ist('2026-11-23T11:00:01'))).toBe(true);
  });

  it('formats instants in IST', () => {
    expect(formatIst(ist('2026-11-23T09:15:00'))).toBe('2026-11-23 09:15 IST');
  });
});
