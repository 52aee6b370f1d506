import { describe, expect, it } from 'vitest';
import type { KitePosition } from '../../source/broker/kite-types.js';
import { buildSnapshot } from '../../source/core/snapshot.js';
import type { PriceQuote } from '../../source/core/types.js';
import { hasMocks, mockEquityMargins, mockHoldings, mockMarginsEquityFromAll, mockPositions, mocksDir } from '../support/core-fixtures.js';

if (!hasMocks) console.warn(`SKIPPED buildSnapshot on the official Kite mocks: ${mocksDir} not found (needs ../shared next to the repo)`);

const ltp = (price: number): PriceQuote => ({ price, source: 'ltp', stale: false });
/** NSE lists the mock's stocks (its SBIN row is on BSE). */
const listing = { symbols: new Set(['AARON', 'SBIN', 'INFY']), byToken: new Map<string, string>() };

/** A CNC position on NSE in the shape of positions.json. */
function cncPosition(template: KitePosition, symbol: string, quantity: number): KitePosition {
  return { ...template, tradingsymbol: symbol, exchange: 'NSE', product: 'CNC', quantity, overnight_quantity: 0 };
}

describe.skipIf(!hasMocks)('buildSnapshot on the official mock shapes (../shared/kite-mocks)', () => {
  const prices = { AARON: ltp(350), SBIN: ltp(760) };

  it('merges the BSE holding into the NSE symbol, ignores non-CNC positions and reads cash from margins', () => {
    const s = buildSnapshot({ holdings: mockHoldings(), listing, positions: mockPositions(), margins: mockEquityMargins(), prices, basketSymbols: ['INFY'] });
    const sbin = s.lines.find((l) => l.tradingsymbol === 'SBIN')!;
    expect(sbin.exchange).toBe('NSE');
    expect(sbin.quantity).toBe(16);
    expect(sbin.sellable).toBe(16);
    expect(sbin.isin).toBe('INE062A01020');
    expect(sbin.notes.join(' ')).toMatch(/BSE/);
    expect(s.lines.find((l) => l.tradingsymbol === 'AARON')!.quantity).toBe(1);
    // MCX futures and the CO position are not part of the rebalance.
    expect(s.lines.map((l) => l.tradingsymbol).sort()).toEqual(['AARON', 'INFY', 'SBIN']);
    expect(s.warnings.some((w) => /non-delivery position/.test(w))).toBe(true);
    // The mock's AARON row carries 1000 more under MTF, on top of its CNC quantity.
    expect(s.warnings).toContain('AARON: 1000 more held under MTF (margin-funded), not counted or traded by the rebalance');
    expect(s.cash).toBe(99725.05);
    expect(s.holdingsValue).toBe(350 + 16 * 760);
    expect(s.totalValue).toBeCloseTo(350 + 16 * 760 + 99725.05, 6);
    expect(buildSnapshot({ holdings: [], positions: { net: [], day: [] }, margins: mockMarginsEquityFromAll(), prices, basketSymbols: [] }).cash).toBe(
      99725.05,
    );
  });

  it('reports a basket symbol without a price and a held symbol without a price, and leaves them out of the value', () => {
    const s = buildSnapshot({
      holdings: mockHoldings(),
      listing,
      positions: mockPositions(),
      margins: mockEquityMargins(),
      prices: { SBIN: ltp(760) },
      basketSymbols: ['INFY'],
    });
    expect(s.unpriced).toEqual(['AARON', 'INFY']);
    const aaron = s.lines.find((l) => l.tradingsymbol === 'AARON')!;
    expect(aaron.price).toBeNull();
    expect(s.holdingsValue).toBe(16 * 760);
    expect(s.warnings.filter((w) => /no price/.test(w))).toHaveLength(2);
  });

  it('counts T1 shares as held (quantity includes them) but not as sellable', () => {
    const holdings = mockHoldings();
    holdings[1] = { ...holdings[1]!, quantity: 20, t1_quantity: 4, opening_quantity: 20 }; // documented: quantity = realised 16 + t1 4
    const s = buildSnapshot({ holdings, listing, positions: mockPositions(), margins: mockEquityMargins(), prices, basketSymbols: [] });
    const sbin = s.lines.find((l) => l.tradingsymbol === 'SBIN')!;
    expect(sbin.quantity).toBe(20);
    expect(sbin.t1Quantity).toBe(4);
    expect(sbin.sellable).toBe(16);
  });

  it("adds today's net CNC position and never also subtracts used_quantity", () => {
    const holdings = mockHoldings();
    holdings[1] = { ...holdings[1]!, used_quantity: 6 }; // 6 of 16 sold today…
    const positions = mockPositions();
    const template = positions.net[0]!;
    positions.net.push(cncPosition(template, 'SBIN', -6)); // …and the same sell in positions
    positions.net.push(cncPosition(template, 'INFY', 3)); // bought today, not yet in holdings
    const s = buildSnapshot({ holdings, listing, positions, margins: mockEquityMargins(), prices: { ...prices, INFY: ltp(1500) }, basketSymbols: [] });
    const sbin = s.lines.find((l) => l.tradingsymbol === 'SBIN')!;
    expect(sbin.quantity).toBe(10);
    expect(sbin.sellable).toBe(10);
    const infy = s.lines.find((l) => l.tradingsymbol === 'INFY')!;
    expect(infy.quantity).toBe(3);
    expect(infy.sellable).toBe(0);
    expect(s.positionsValue).toBe(-6 * 760 + 3 * 1500);
    expect(s.totalValue).toBeCloseTo(s.holdingsValue + s.positionsValue + s.cash, 6);
  });

  it('shows pledged (collateral) shares and never counts them as sellable', () => {
    const holdings = mockHoldings();
    holdings[1] = { ...holdings[1]!, collateral_quantity: 10, collateral_type: 'pledge' };
    const s = buildSnapshot({ holdings, listing, positions: mockPositions(), margins: mockEquityMargins(), prices, basketSymbols: [] });
    const sbin = s.lines.find((l) => l.tradingsymbol === 'SBIN')!;
    expect(sbin.collateralQuantity).toBe(10);
    expect(sbin.sellable).toBe(6);
    expect(sbin.notes.join(' ')).toMatch(/10 pledged/);
  });

  it('without DDPI only the authorised quantity is sellable; the rest is shown as unauthorised', () => {
    const holdings = mockHoldings();
    holdings[1] = { ...holdings[1]!, authorised_quantity: 5 };
    const noDdpi = buildSnapshot({ holdings, listing, positions: mockPositions(), margins: mockEquityMargins(), prices, basketSymbols: [], ddpi: false });
    const sbin = noDdpi.lines.find((l) => l.tradingsymbol === 'SBIN')!;
    expect(sbin.sellable).toBe(5);
    expect(sbin.unauthorisedQuantity).toBe(11);
    expect(sbin.notes.join(' ')).toMatch(/11 need CDSL authorisation/);
    expect(noDdpi.lines.find((l) => l.tradingsymbol === 'AARON')!.sellable).toBe(0); // authorised_quantity 0 in the mock
    const ddpi = buildSnapshot({ holdings, listing, positions: mockPositions(), margins: mockEquityMargins(), prices, basketSymbols: [], ddpi: true });
    expect(ddpi.lines.find((l) => l.tradingsymbol === 'SBIN')!.sellable).toBe(16);
  });

  it("without NSE's listing, a holding reported only on BSE is shown but not traded", () => {
    const s = buildSnapshot({ holdings: mockHoldings(), positions: mockPositions(), margins: mockEquityMargins(), prices, basketSymbols: [] });
    const sbin = s.lines.find((l) => l.tradingsymbol === 'SBIN')!;
    expect(sbin).toMatchObject({ exchange: 'BSE', quantity: 16, sellable: 0 });
    expect(sbin.untradable).toMatch(/held via BSE as SBIN \(ISIN INE062A01020\): whether NSE lists it is unknown/);
    expect(s.lines.find((l) => l.tradingsymbol === 'AARON')!.untradable).toBeUndefined();
  });

  it('flags stale prices on the line', () => {
    const s = buildSnapshot({
      holdings: mockHoldings(),
      listing,
      positions: mockPositions(),
      margins: mockEquityMargins(),
      prices: { AARON: { price: 352.95, source: 'holdings', stale: true }, SBIN: ltp(760) },
      basketSymbols: [],
    });
    const aaron = s.lines.find((l) => l.tradingsymbol === 'AARON')!;
    expect(aaron.stale).toBe(true);
    expect(aaron.priceSource).toBe('holdings');
  });

  it('does not let pledged-stock margin count as cash for buying', () => {
    const margins = mockEquityMargins();
    margins.net = 150_000;
    margins.available.collateral = 50_000;
    expect(buildSnapshot({ holdings: [], positions: { net: [], day: [] }, margins, prices: {}, basketSymbols: [] }).cash).toBe(100_000);
  });
});
