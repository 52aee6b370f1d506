import { describe, expect, it } from 'vitest';
import type { KiteHolding } from '../../source/broker/kite-types.js';
import { BrokerError } from '../../source/broker/port.js';
import { fetchPrices, LTP_MAX_QUERY_BYTES } from '../../source/broker/prices.js';
import { manualClock } from '../../source/core/clock.js';
import { hasMocks, mockHoldings } from '../support/core-fixtures.js';
import { nseInstrument, permissionDenied, quoteBroker } from '../support/quote-broker.js';

describe('fetchPrices', () => {
  it('keeps each batch under LTP_MAX_QUERY_BYTES of URL: 1,000 real-length symbols take two calls', async () => {
    const clock = manualClock(0);
    const symbols = Array.from({ length: 1000 }, (_, i) => `BAJAJHLDNG${String(i).padStart(3, '0')}`);
    const fake = quoteBroker({ ltp: () => ({}), clock });
    await fetchPrices(fake.broker, symbols, [], { clock });
    const sizes = fake.ltpCalls.map((c) => c.instruments.length);
    expect(sizes.length).toBeGreaterThan(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(1000);
    for (const call of fake.ltpCalls)
      expect(call.instruments.map((i) => `i=${encodeURIComponent(i)}&`).join('').length).toBeLessThanOrEqual(LTP_MAX_QUERY_BYTES);
  });

  it('asks for at most 1000 instruments per call, at least one second apart', async () => {
    const clock = manualClock(Date.UTC(2026, 0, 5, 4, 0));
    // Three letters each: 1000 of them are exactly LTP_MAX_QUERY_BYTES of query.
    const letter = (n: number) => String.fromCharCode(65 + (n % 26));
    const symbols = Array.from({ length: 2500 }, (_, i) => `${letter(i / 676)}${letter(i / 26)}${letter(i)}`);
    const fake = quoteBroker({ ltp: (ins) => Object.fromEntries(ins.map((k) => [k, { instrument_token: 1, last_price: 100 }])), clock });
    const { prices, warnings } = await fetchPrices(fake.broker, symbols, [], { clock });
    expect(fake.ltpCalls.map((c) => c.instruments.length)).toEqual([1000, 1000, 500]);
    expect(fake.ltpCalls[0]!.instruments[0]).toBe('NSE:AAA');
    for (let i = 1; i < fake.ltpCalls.length; i++) expect(fake.ltpCalls[i]!.at - fake.ltpCalls[i - 1]!.at).toBeGreaterThanOrEqual(1000);
    expect(Object.keys(prices)).toHaveLength(2500);
    expect(prices.ABQ).toEqual({ price: 100, source: 'ltp', stale: false });
    expect(warnings).toEqual([]);
    expect(fake.instrumentCalls()).toBe(0);
  });

  it.skipIf(!hasMocks)('without quote permission falls back to holdings last_price, then the instruments dump, and flags them stale', async () => {
    const clock = manualClock(0);
    const holdings: KiteHolding[] = mockHoldings(); // AARON 352.95 (NSE), SBIN 762.45 (BSE)
    const fake = quoteBroker({ ltpError: permissionDenied(), instruments: [nseInstrument('INFY', 1500.5), nseInstrument('ZERO', 0)], clock });
    const { prices, warnings } = await fetchPrices(fake.broker, ['AARON', 'SBIN', 'INFY', 'ZERO', 'GHOST'], holdings, { clock });
    expect(fake.ltpCalls).toHaveLength(1);
    expect(prices.AARON).toEqual({ price: 352.95, source: 'holdings', stale: true });
    expect(prices.SBIN).toEqual({ price: 762.45, source: 'holdings', stale: true });
    expect(prices.INFY).toEqual({ price: 1500.5, source: 'instruments', stale: true });
    expect(prices.ZERO).toBeUndefined(); // a zero in the dump is no price, never priced at zero
    expect(prices.GHOST).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/not permitted/);
    expect(warnings.join('\n')).toMatch(/holdings' last price\) for AARON, SBIN/);
    expect(warnings.join('\n')).toMatch(/instruments list, previous close\) for INFY/);
    expect(warnings.join('\n')).toMatch(/no price at all for ZERO, GHOST/);
  });

  it('fills symbols a live quote omitted from the fallbacks', async () => {
    const clock = manualClock(0);
    const fake = quoteBroker({
      ltp: () => ({ 'NSE:INFY': { instrument_token: 1, last_price: 1490 } }),
      instruments: [nseInstrument('TCS', 3100)],
      clock,
    });
    const { prices } = await fetchPrices(fake.broker, ['INFY', 'TCS'], [], { clock });
    expect(prices.INFY).toEqual({ price: 1490, source: 'ltp', stale: false });
    expect(prices.TCS).toEqual({ price: 3100, source: 'instruments', stale: true });
  });

  it('lets other broker errors through', async () => {
    const clock = manualClock(0);
    const fake = quoteBroker({ ltpError: new BrokerError('session-expired', 'TokenException', 'session expired', { httpStatus: 403 }), clock });
    await expect(fetchPrices(fake.broker, ['INFY'], [], { clock })).rejects.toMatchObject({ errorType: 'TokenException' });
  });
});
