import { describe, expect, it } from 'vitest';
import type { KiteHolding, KiteInstrument, KiteLtp } from '../../source/broker/kite-types.js';
import { BrokerError, type Broker } from '../../source/broker/port.js';
import { fetchPrices } from '../../source/broker/prices.js';
import { manualClock } from '../../source/core/clock.js';
import { hasMocks, mockHoldings } from '../support/core-fixtures.js';

interface FakeOpts {
  ltp?: (instruments: string[]) => Record<string, KiteLtp>;
  ltpError?: Error;
  instruments?: KiteInstrument[];
}

function fakeBroker(opts: FakeOpts, now: () => number) {
  const ltpCalls: { at: number; instruments: string[] }[] = [];
  let instrumentCalls = 0;
  const notUsed = () => Promise.reject(new Error('not used in this test'));
  const broker: Broker = {
    profile: notUsed,
    margins: notUsed,
    holdings: notUsed,
    positions: notUsed,
    ltp: async (instruments) => {
      ltpCalls.push({ at: now(), instruments });
      if (opts.ltpError) throw opts.ltpError;
      return opts.ltp ? opts.ltp(instruments) : {};
    },
    instruments: async () => {
      instrumentCalls += 1;
      return opts.instruments ?? [];
    },
    placeOrder: notUsed,
    orders: notUsed,
    orderHistory: notUsed,
    cancelOrder: notUsed,
    charges: notUsed,
    invalidateSession: notUsed,
    authoriseHoldings: notUsed,
  };
  return { broker, ltpCalls, instrumentCalls: () => instrumentCalls };
}

const instrument = (tradingsymbol: string, last_price: number): KiteInstrument => ({
  instrument_token: 1,
  exchange_token: 1,
  tradingsymbol,
  name: tradingsymbol,
  last_price,
  expiry: '',
  strike: 0,
  tick_size: 0.05,
  lot_size: 1,
  instrument_type: 'EQ',
  segment: 'NSE',
  exchange: 'NSE',
});
const permissionDenied = () => new BrokerError('permanent', 'PermissionException', 'Insufficient permission for that call.', { httpStatus: 403 });

describe('fetchPrices', () => {
  it('asks for at most 1000 instruments per call, at least one second apart', async () => {
    const clock = manualClock(Date.UTC(2026, 0, 5, 4, 0));
    const symbols = Array.from({ length: 2500 }, (_, i) => `S${i}`);
    const fake = fakeBroker({ ltp: (ins) => Object.fromEntries(ins.map((k) => [k, { instrument_token: 1, last_price: 100 }])) }, clock.now);
    const { prices, warnings } = await fetchPrices(fake.broker, symbols, [], { clock });
    expect(fake.ltpCalls.map((c) => c.instruments.length)).toEqual([1000, 1000, 500]);
    expect(fake.ltpCalls[0]!.instruments[0]).toBe('NSE:S0');
    for (let i = 1; i < fake.ltpCalls.length; i++) expect(fake.ltpCalls[i]!.at - fake.ltpCalls[i - 1]!.at).toBeGreaterThanOrEqual(1000);
    expect(Object.keys(prices)).toHaveLength(2500);
    expect(prices.S42).toEqual({ price: 100, source: 'ltp', stale: false });
    expect(warnings).toEqual([]);
    expect(fake.instrumentCalls()).toBe(0);
  });

  it.skipIf(!hasMocks)('without quote permission falls back to holdings last_price, then the instruments dump, and flags them stale', async () => {
    const clock = manualClock(0);
    const holdings: KiteHolding[] = mockHoldings(); // AARON 352.95 (NSE), SBIN 762.45 (BSE)
    const fake = fakeBroker({ ltpError: permissionDenied(), instruments: [instrument('INFY', 1500.5), instrument('ZERO', 0)] }, clock.now);
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
    const fake = fakeBroker({ ltp: () => ({ 'NSE:INFY': { instrument_token: 1, last_price: 1490 } }), instruments: [instrument('TCS', 3100)] }, clock.now);
    const { prices } = await fetchPrices(fake.broker, ['INFY', 'TCS'], [], { clock });
    expect(prices.INFY).toEqual({ price: 1490, source: 'ltp', stale: false });
    expect(prices.TCS).toEqual({ price: 3100, source: 'instruments', stale: true });
  });

  it('lets other broker errors through', async () => {
    const clock = manualClock(0);
    const fake = fakeBroker({ ltpError: new BrokerError('session-expired', 'TokenException', 'session expired', { httpStatus: 403 }) }, clock.now);
    await expect(fetchPrices(fake.broker, ['INFY'], [], { clock })).rejects.toMatchObject({ errorType: 'TokenException' });
  });
});
