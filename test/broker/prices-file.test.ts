import { describe, expect, it } from 'vitest';
import type { KiteHolding, KitePosition } from '../../source/broker/kite-types.js';
import type { Broker } from '../../source/broker/port.js';
import { fetchPrices } from '../../source/broker/prices.js';
import { manualClock } from '../../source/core/clock.js';
import { nseInstrument, permissionDenied, quoteBroker } from '../support/quote-broker.js';

/** A free-plan account: no quotes, and an instruments dump whose NSE EQ last_price is 0 (Kite's mock). */
const freePlanBroker = (): Broker =>
  quoteBroker({ ltpError: permissionDenied(), instruments: ['INFY', 'TCS', 'HDFCBANK'].map((s, i) => nseInstrument(s, 0, i + 1)) }).broker;

const holding = (tradingsymbol: string, last_price: number) => ({ tradingsymbol, exchange: 'NSE', last_price, quantity: 10 }) as unknown as KiteHolding;
const position = (tradingsymbol: string, quantity: number, last_price: number, buy_price: number) =>
  ({ tradingsymbol, exchange: 'NSE', product: 'CNC', quantity, last_price, buy_price, sell_price: 0, average_price: buy_price }) as unknown as KitePosition;
const file = { label: 'cm25NOV2026bhav.csv', date: '2026-11-25', prices: { INFY: 1500, TCS: 3100, HDFCBANK: 1950, SBIN: 800 } };
const clock = manualClock(0);

describe('fetchPrices with a --prices file (free plan)', () => {
  it("file prices fill only what Kite does not price: holdings and today's positions (last, else fill price) come first", async () => {
    const { prices, warnings } = await fetchPrices(freePlanBroker(), ['INFY', 'TCS', 'HDFCBANK', 'SBIN'], [holding('INFY', 1512.4)], {
      clock,
      positions: [position('TCS', 3, 0, 3120.5), position('HDFCBANK', 2, 1990.1, 1985)],
      file,
    });
    expect(prices).toEqual({
      INFY: { price: 1512.4, source: 'holdings', stale: true },
      TCS: { price: 3120.5, source: 'positions', stale: true }, // bought today: the fill price
      HDFCBANK: { price: 1990.1, source: 'positions', stale: true },
      SBIN: { price: 800, source: 'file', stale: true },
    });
    expect(warnings).toContain('stale prices from cm25NOV2026bhav.csv (close of 2026-11-25) for SBIN: buys of these are sized with a 5% buffer');
  });

  it("without a file, the unpriced symbols are named with how to fix it; the dump's zero prices are not prices", async () => {
    const { prices, warnings } = await fetchPrices(freePlanBroker(), ['INFY', 'TCS'], [], { clock });
    expect(prices).toEqual({});
    const line = warnings.find((w) => w.startsWith('no price at all'))!;
    expect(line).toMatch(/^no price at all for INFY, TCS: left out of the plan; give yesterday's closing prices with --prices FILE: NSE's CM bhavcopy/);
    expect(line).toContain('CM-UDiFF Common Bhavcopy Final (zip)');
  });

  it('a symbol the file lacks is named as such', async () => {
    const { warnings } = await fetchPrices(freePlanBroker(), ['INFY', 'ITC'], [], { clock, file });
    expect(warnings).toContain('no price at all for ITC: left out of the plan (not in cm25NOV2026bhav.csv either)');
  });
});
