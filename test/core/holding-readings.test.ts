import { describe, expect, it } from 'vitest';
import type { KiteHolding } from '../../source/broker/kite-types.js';
import { heldAcrossReadings, holdingFields, readingsSupported } from '../../source/core/holding-readings.js';
import { planRebalance } from '../../source/core/planner/index.js';
import { buildSnapshot } from '../../source/core/snapshot.js';
import type { PriceQuote } from '../../source/core/types.js';
import { basketOf } from '../support/core-fixtures.js';

const row = (over: Partial<KiteHolding>): KiteHolding => ({
  tradingsymbol: 'ITC',
  exchange: 'NSE',
  instrument_token: 424961,
  isin: 'INE154A01025',
  product: 'CNC',
  quantity: 0,
  used_quantity: 0,
  t1_quantity: 0,
  realised_quantity: 0,
  authorised_quantity: 0,
  opening_quantity: 0,
  collateral_quantity: 0,
  average_price: 400,
  last_price: 410,
  close_price: 405,
  pnl: 0,
  ...over,
});
const margins = {
  enabled: true,
  net: 100_000,
  available: { adhoc_margin: 0, cash: 100_000, opening_balance: 100_000, live_balance: 100_000, collateral: 0, intraday_payin: 0 },
  utilised: {},
};
const prices: Record<string, PriceQuote> = { ITC: { price: 410, source: 'ltp', stale: false }, INFY: { price: 1500, source: 'ltp', stale: false } };
const listing = { symbols: new Set(['ITC', 'INFY']), byToken: new Map<string, string>() };
const snapshotOf = (h: KiteHolding) => buildSnapshot({ holdings: [h], positions: { net: [], day: [] }, margins, prices, basketSymbols: ['INFY'], listing });

describe("held quantity across the readings of Kite's holdings fields", () => {
  it('the official mock row fits every reading, and they agree', () => {
    const r = heldAcrossReadings({ rows: [holdingFields(row({ quantity: 1, realised_quantity: 1, opening_quantity: 1 }))], position: 0 });
    expect(r).toMatchObject({ known: true, heldAtStart: 1 });
    expect(r.known && r.readings).toHaveLength(4);
  });

  it('a fully pledged holding shown as quantity 0 (the observed reading) still counts, at its full value, and is not sold', () => {
    const s = snapshotOf(row({ quantity: 0, collateral_quantity: 50, realised_quantity: 50, opening_quantity: 0 }));
    const itc = s.lines.find((l) => l.tradingsymbol === 'ITC')!;
    expect(itc).toMatchObject({ quantity: 50, sellable: 0, collateralQuantity: 50 });
    expect(itc.untradable).toBeUndefined();
    expect(s.holdingsValue).toBe(50 * 410);
  });

  it('T1 shares on top of quantity (observed) are not bought again the day after a buy', async () => {
    // Yesterday's rebalance bought 30 ITC: observed shows quantity 70 (free) + t1 30, realised 70.
    const s = snapshotOf(row({ quantity: 70, t1_quantity: 30, realised_quantity: 70, opening_quantity: 70 }));
    expect(s.lines.find((l) => l.tradingsymbol === 'ITC')).toMatchObject({ quantity: 100, sellable: 70, t1Quantity: 30 });
    const weights = { ITC: (100 * 410) / s.totalValue };
    const plan = await planRebalance(basketOf(weights), s, { tradeDate: '2026-11-25' });
    expect(plan.orders.filter((o) => o.tradingsymbol === 'ITC')).toEqual([]);
  });

  it('fields that fit no reading: the symbol is shown at the lowest reading, never traded, and the plan says why', async () => {
    const s = snapshotOf(row({ quantity: 10, t1_quantity: 5, realised_quantity: 2, opening_quantity: 10 }));
    const itc = s.lines.find((l) => l.tradingsymbol === 'ITC')!;
    expect(itc.sellable).toBe(0);
    expect(itc.untradable).toMatch(
      /the holdings fields contradict each other \(quantity 10, t1 5, realised 2, opening 10, used 0, pledged 0; CNC position today 0\), so the number held cannot be known/,
    );
    expect(itc.notes.join(' ')).toMatch(/not traded: /);
    // Far off target both ways: neither sold (not in the basket) nor bought (in the basket).
    for (const weights of [{ INFY: 0.5 }, { ITC: 0.9 }] as Record<string, number>[]) {
      const plan = await planRebalance(basketOf(weights), s, { tradeDate: '2026-11-25' });
      expect(plan.orders.map((o) => o.tradingsymbol)).not.toContain('ITC');
      expect(plan.skipped.find((k) => k.tradingsymbol === 'ITC')?.reason).toMatch(/^not traded: the holdings fields contradict each other/);
    }
  });

  it('fields that fit two readings with different answers (no realised or opening figures): not traded, both answers named', () => {
    const h = row({ quantity: 10, t1_quantity: 5 }) as Partial<KiteHolding>;
    delete h.realised_quantity;
    delete h.opening_quantity;
    const itc = snapshotOf(h as KiteHolding).lines.find((l) => l.tradingsymbol === 'ITC')!;
    expect(itc.untradable).toMatch(/fit more than one reading .*holds 10 \(documented\) or 15 \(observed\)/);
    expect(itc.quantity).toBe(10);
    expect(itc.sellable).toBe(0);
  });

  it('a same-day sale counted once whether quantity dropped or not', () => {
    const position = { net: [{ tradingsymbol: 'ITC', exchange: 'NSE', product: 'CNC', quantity: -40, instrument_token: 424961 } as never], day: [] };
    const kept = buildSnapshot({
      holdings: [row({ quantity: 100, realised_quantity: 100, opening_quantity: 100, used_quantity: 40 })],
      positions: position,
      margins,
      prices,
      basketSymbols: [],
      listing,
    });
    const dropped = buildSnapshot({
      holdings: [row({ quantity: 60, realised_quantity: 100, opening_quantity: 100, used_quantity: 40 })],
      positions: position,
      margins,
      prices,
      basketSymbols: [],
      listing,
    });
    for (const s of [kept, dropped]) expect(s.lines.find((l) => l.tradingsymbol === 'ITC')).toMatchObject({ quantity: 60, sellable: 60 });
  });
});

describe('which reading an account supports', () => {
  const symbol = (over: Partial<KiteHolding>, position = 0) => ({ rows: [holdingFields(row(over))], position });
  it('a T1 holding tells the documented reading from the observed one, and a sale tells whether quantity drops', () => {
    const t1Documented = symbol({ quantity: 100, t1_quantity: 30, realised_quantity: 70, opening_quantity: 100 });
    const t1Observed = symbol({ quantity: 70, t1_quantity: 30, realised_quantity: 70, opening_quantity: 70 });
    const soldDropped = symbol({ quantity: 60, used_quantity: 40, realised_quantity: 100, opening_quantity: 100 }, -40);
    // Nothing sold today: whether quantity drops after a sale is still open.
    expect(readingsSupported([t1Documented])).toEqual([
      { semantics: 'documented', dropsAfterSale: false },
      { semantics: 'documented', dropsAfterSale: true },
    ]);
    expect(readingsSupported([t1Observed, soldDropped])).toEqual([{ semantics: 'observed', dropsAfterSale: true }]);
    expect(readingsSupported([symbol({ quantity: 5, realised_quantity: 5, opening_quantity: 5 })])).toHaveLength(4);
    expect(readingsSupported([t1Documented, t1Observed])).toEqual([]);
  });
});
