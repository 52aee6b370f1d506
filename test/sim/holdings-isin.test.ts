import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { basketForRun, readNseListing } from '../../source/app/listing.js';
import { basketOnNse } from '../../source/core/basket-listing.js';
import { snapshotReader } from '../../source/app/account.js';
import type { LoadedPriceFile } from '../../source/app/price-file.js';
import { createKiteBroker } from '../../source/broker/kite-adapter.js';
import type { Broker } from '../../source/broker/port.js';
import { manualClock } from '../../source/core/clock.js';
import { isAppError } from '../../source/core/errors.js';
import { planRebalance } from '../../source/core/planner/index.js';
import type { Basket } from '../../source/core/types.js';
import { loadScenario, startSimulator, type RunningSim, type ScenarioInput } from '../../source/sim/index.js';
import { kiteError, marketSell, place, startTestSim, type TestSim } from '../support/test-sim.js';

/**
 * Holdings that are the basket's NSE stock under another name (a BSE row, a trade-to-trade `-BE` symbol, a
 * company's old symbol) or that NSE does not list at all, served by the simulator and read through the
 * official kiteconnect client and the app's adapter.
 */
const SCENARIO: Partial<ScenarioInput> = {
  cash: 50_000,
  holdings: [
    { tradingsymbol: 'SBIN', exchange: 'BSE', quantity: 30, average_price: 700, isin: 'INE062A01020' },
    { tradingsymbol: 'CENTRALBK-BE', quantity: 1000, average_price: 35, isin: 'INE483A01010' },
    { tradingsymbol: 'ETERNAL', reported_as: 'ZOMATO', quantity: 200, average_price: 180, isin: 'INE758T01015' },
    { tradingsymbol: 'BSEONLY', exchange: 'BSE', nse_listed: false, quantity: 10, average_price: 240, isin: 'INE999Z01011' },
  ],
  prices: { SBIN: 800, 'CENTRALBK-BE': 38.5, ETERNAL: 300, BSEONLY: 250, INFY: 1500 },
  volatility: 0,
};

let t: TestSim | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('the simulator presents holdings under other names (kiteconnect client)', () => {
  it('reports a BSE row, a -BE symbol, a renamed symbol and a BSE-only stock; NSE lists and trades only the current symbols', async () => {
    t = await startTestSim(SCENARIO);
    const holdings = await t.kite.getHoldings();
    const bySymbol = Object.fromEntries(holdings.map((h) => [h.tradingsymbol, h]));
    expect(Object.keys(bySymbol).sort()).toEqual(['BSEONLY', 'CENTRALBK-BE', 'SBIN', 'ZOMATO']);
    expect(bySymbol.SBIN).toMatchObject({ exchange: 'BSE', isin: 'INE062A01020', quantity: 30 });
    expect(bySymbol.BSEONLY).toMatchObject({ exchange: 'BSE', quantity: 10 });
    expect(bySymbol.ZOMATO).toMatchObject({ exchange: 'NSE', isin: 'INE758T01015', quantity: 200 });

    const listed = (await t.kite.getInstruments('NSE')).map((i) => i.tradingsymbol);
    expect(listed).toEqual(expect.arrayContaining(['SBIN', 'CENTRALBK-BE', 'ETERNAL', 'INFY']));
    for (const missing of ['ZOMATO', 'BSEONLY', 'CENTRALBK']) expect(listed).not.toContain(missing);
    const eternal = (await t.kite.getInstruments('NSE')).find((i) => i.tradingsymbol === 'ETERNAL')!;
    expect(Number(eternal.instrument_token)).toBe(bySymbol.ZOMATO!.instrument_token);

    expect(Object.keys(await t.kite.getLTP(['NSE:ZOMATO', 'NSE:BSEONLY', 'NSE:ETERNAL']))).toEqual(['NSE:ETERNAL']);
    for (const symbol of ['ZOMATO', 'BSEONLY']) {
      expect(await kiteError(place(t, marketSell(symbol, 1)))).toMatchObject({ error_type: 'InputException' });
    }
    expect(await place(t, marketSell('SBIN', 5))).toMatch(/^\d{19}$/); // the BSE-held shares sell on NSE
  });

  it('holdings_semantics and quantity_drops_after_sale change only what /portfolio/holdings says', async () => {
    const rows = [];
    for (const [semantics, drops] of [
      ['documented', false],
      ['observed', true],
    ] as const) {
      t = await startTestSim({
        holdings: [{ tradingsymbol: 'ITC', quantity: 100, t1_quantity: 20, collateral_quantity: 30 }],
        holdings_semantics: semantics,
        quantity_drops_after_sale: drops,
      });
      await place(t, marketSell('ITC', 10));
      t.clock.advance(2_000);
      const [itc] = await t.kite.getHoldings();
      rows.push(itc);
      // What may be sold does not depend on the presentation: 100 − 30 pledged − 10 sold (the simulator lets T1 go).
      expect(t.sim.state.ledger.sellable('ITC')).toBe(60);
      const rejected = await place(t, marketSell('ITC', 61));
      t.clock.advance(2_000);
      expect((await t.kite.getOrderHistory(rejected)).at(-1)).toMatchObject({ status: 'REJECTED', status_message: expect.stringMatching(/at most 60 ITC/) });
      await t.close();
      t = undefined;
    }
    expect(rows[0]).toMatchObject({ quantity: 100, opening_quantity: 100, realised_quantity: 80, used_quantity: 10, t1_quantity: 20, collateral_quantity: 30 });
    expect(rows[1]).toMatchObject({ quantity: 40, opening_quantity: 50, realised_quantity: 80, used_quantity: 10, t1_quantity: 20, collateral_quantity: 30 });
  });
});

describe('the app matches those holdings to the basket by NSE listing (adapter over the kiteconnect client)', () => {
  let sim: RunningSim | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  async function broker(over: Partial<ScenarioInput> = {}): Promise<{ broker: Broker; clock: ReturnType<typeof manualClock> }> {
    const clock = manualClock(DateTime.fromISO('2026-11-23T10:00:00', { zone: 'Asia/Kolkata' }).toMillis());
    sim = await startSimulator({ clock, scenario: loadScenario({ ...SCENARIO, user: { user_id: 'TS0003', user_name: 'Isin' }, ...over }), port: 0 });
    return { clock, broker: createKiteBroker({ apiKey: sim.apiKey, accessToken: sim.issueAccessToken(), root: sim.url, clock }) };
  }
  const basketOf = (weights: Record<string, number>): Basket => ({ file: 'b.json', weights, cashWeight: 0.05, warnings: [], meta: { format: 'stocks' } });

  it('counts each holding under the NSE symbol, renames the BE ticker, and never trades the BSE-only stock', async () => {
    const { broker: b, clock } = await broker();
    const nse = await readNseListing(b);
    const basket = basketOnNse(basketOf({ SBIN: 0.3, CENTRALBK: 0.3, ETERNAL: 0.35 }), nse.listing);
    expect(basket.weights).toEqual({ SBIN: 0.3, 'CENTRALBK-BE': 0.3, ETERNAL: 0.35 });
    expect(basket.warnings.join(' ')).toMatch(/CENTRALBK trades on NSE as CENTRALBK-BE/);

    const snapshot = await snapshotReader(() => b, basket, clock, undefined, undefined, nse)();
    const line = (s: string) => snapshot.lines.find((l) => l.tradingsymbol === s);
    expect(snapshot.lines.map((l) => l.tradingsymbol)).toEqual(['BSEONLY', 'CENTRALBK-BE', 'ETERNAL', 'SBIN']);
    expect(line('SBIN')).toMatchObject({ exchange: 'NSE', quantity: 30, sellable: 30, isin: 'INE062A01020' });
    expect(line('SBIN')!.notes.join(' ')).toMatch(/held via BSE as SBIN/);
    expect(line('ETERNAL')).toMatchObject({ quantity: 200, sellable: 200 });
    expect(line('ETERNAL')!.notes.join(' ')).toMatch(/reported as ZOMATO; NSE trades it as ETERNAL now \(same instrument token: renamed\)/);
    expect(line('CENTRALBK-BE')).toMatchObject({ quantity: 1000, sellable: 1000 });
    expect(line('BSEONLY')).toMatchObject({ exchange: 'BSE', quantity: 10, sellable: 0 });
    expect(line('BSEONLY')!.untradable).toMatch(
      /held via BSE as BSEONLY \(ISIN INE999Z01011\): NSE does not list it, so it is not traded here; sell it on BSE in Kite/,
    );
    expect(snapshot.totalValue).toBeCloseTo(50_000 + 30 * 800 + 1000 * 38.5 + 200 * 300 + 10 * 250, 2);

    const plan = await planRebalance(basket, snapshot, { tradeDate: '2026-11-23' });
    expect(plan.orders.map((o) => o.tradingsymbol)).not.toContain('BSEONLY');
    expect(plan.orders.map((o) => o.tradingsymbol)).not.toContain('ZOMATO');
    expect(plan.skipped.find((s) => s.tradingsymbol === 'BSEONLY')?.reason).toMatch(/^not traded: held via BSE/);
    expect(plan.orders.length).toBeGreaterThan(0);
  });

  it('without quote access, a renamed holding is priced from its own holdings row', async () => {
    const { broker: b, clock } = await broker({ ltp_permission: false });
    const snapshot = await snapshotReader(() => b, basketOf({ ETERNAL: 0.5 }), clock)();
    expect(snapshot.lines.find((l) => l.tradingsymbol === 'ETERNAL')).toMatchObject({ quantity: 200, price: 300, priceSource: 'holdings', stale: true });
    expect(snapshot.unpriced).not.toContain('ETERNAL');
  });

  it('a --prices bhavcopy row of a trade-to-trade stock (bare symbol, series BE) prices the XYZ-BE the app trades', async () => {
    const { broker: b, clock } = await broker({ ltp_permission: false, holdings: [] });
    const nse = await readNseListing(b);
    const basket = basketOnNse(basketOf({ CENTRALBK: 0.5 }), nse.listing);
    const file = {
      label: 'bhav.csv',
      format: 'udiff',
      date: '2026-11-20',
      prices: { CENTRALBK: 39.1 },
      fromBeSeries: ['CENTRALBK'],
    } as unknown as LoadedPriceFile;
    const snapshot = await snapshotReader(() => b, basket, clock, undefined, file, nse)();
    expect(snapshot.lines.find((l) => l.tradingsymbol === 'CENTRALBK-BE')).toMatchObject({ price: 39.1, priceSource: 'file', stale: true });
  });

  it('basket tickers NSE does not list: one error naming each and the closest listed symbols (a renamed holding first)', async () => {
    const { broker: b } = await broker();
    const nse = await readNseListing(b);
    const error = await basketForRun(b, basketOf({ ZOMATO: 0.4, RELIANC: 0.3, INFY: 0.25 }), nse).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isAppError(error) && error.exitCode).toBe(2);
    expect((error as Error).message).toBe('NSE does not list these 2 basket tickers: ZOMATO (closest listed: ETERNAL); RELIANC (closest listed: RELIANCE)');
    // Without the account's holdings nothing ties the old name to the new one.
    expect(() => basketOnNse(basketOf({ ZOMATO: 0.4 }), nse.listing)).toThrow(/ZOMATO \(nothing close is listed\)/);
  });
});
