import { afterEach, describe, expect, it } from 'vitest';
import { ist, kiteError, marketBuy, marketSell, place, rawGet, startTestSim, type TestSim } from '../support/test-sim.js';

let t: TestSim;
afterEach(() => t?.close());

const history = async (t: TestSim, id: string) => (await t.kite.getOrderHistory(id)).map((o) => o.status);
/** Tokens die at 06:00 IST: log in again after a jump across days. */
const relogin = (t: TestSim) => t.kite.setAccessToken(t.sim.issueAccessToken());
const current = async (t: TestSim, id: string) => {
  const h = await t.kite.getOrderHistory(id);
  return h[h.length - 1]!;
};

describe('order lifecycle', () => {
  it('a market order goes PUT ORDER REQ RECEIVED → VALIDATION PENDING → OPEN PENDING → OPEN → COMPLETE on the clock', async () => {
    t = await startTestSim(); // fill delay 400 ms
    const id = await place(t, marketBuy('INFY', 2));
    expect(await history(t, id)).toEqual(['PUT ORDER REQ RECEIVED']);
    t.clock.advance(200);
    expect(await history(t, id)).toEqual(['PUT ORDER REQ RECEIVED', 'VALIDATION PENDING', 'OPEN PENDING']);
    t.clock.advance(300);
    expect(await history(t, id)).toEqual(['PUT ORDER REQ RECEIVED', 'VALIDATION PENDING', 'OPEN PENDING', 'OPEN', 'COMPLETE']);
    const done = await current(t, id);
    expect(done).toMatchObject({ status: 'COMPLETE', filled_quantity: 2, pending_quantity: 0, quantity: 2 });
    expect(done.average_price).toBeGreaterThan(0);
    expect(typeof done.exchange_order_id).toBe('string');
  });

  it('order ids are 19-digit strings in the raw JSON and stay strings through the client', async () => {
    t = await startTestSim();
    const id = await place(t, marketBuy('INFY', 1));
    expect(id).toMatch(/^\d{19}$/);
    expect(Number(id) > Number.MAX_SAFE_INTEGER).toBe(true);
    const raw = await rawGet(t, '/orders');
    expect(raw.text).toContain(`"order_id":"${id}"`);
    const orders = await t.kite.getOrders();
    expect(orders.map((o) => o.order_id)).toEqual([id]);
  });

  it('the tag round-trips; market-protected orders carry mktp tags', async () => {
    t = await startTestSim();
    const id = await place(t, marketBuy('INFY', 1, { tag: 'Kab12cd341B007', market_protection: 3 }));
    const limitId = await place(t, { ...marketBuy('INFY', 1), order_type: 'LIMIT', price: 1000, market_protection: undefined });
    const orders = await t.kite.getOrders();
    const o = orders.find((x) => x.order_id === id)!;
    expect(o.tag).toBe('Kab12cd341B007');
    expect((o as any).tags).toEqual(['mktp', 'mktp:3.00']);
    expect(o.market_protection).toBe(3);
    const l = orders.find((x) => x.order_id === limitId)!;
    expect(l.tag).toBeNull();
    expect((l as any).tags).toBeUndefined();
  });

  it('a market buy fills near the LTP and never beyond its protection band', async () => {
    t = await startTestSim({ volatility: 0.05 });
    const placed: { id: string; at: number }[] = [];
    for (let i = 0; i < 10; i++) {
      placed.push({ id: await place(t, marketBuy('INFY', 1, { market_protection: 0.5 })), at: t.clock.now() });
      t.clock.advance(1_000);
    }
    const orders = await t.kite.getOrders();
    const trades = await t.kite.getTrades();
    for (const { id, at } of placed) {
      const done = orders.find((o) => o.order_id === id)!;
      expect(done.status).toBe('COMPLETE');
      const band = t.sim.state.prices.ltp('INFY', at) * 1.005; // validation happens in the same clock second
      expect(done.average_price).toBeLessThanOrEqual(band);
      const fillLtp = t.sim.state.prices.ltp('INFY', at + 400);
      expect(Math.abs(done.average_price / fillLtp - 1)).toBeLessThanOrEqual(0.0006);
      expect(trades.filter((tr) => tr.order_id === id)).toHaveLength(1);
    }
  });

  it('partial fill: the order stays OPEN with filled < quantity until cancelled', async () => {
    t = await startTestSim({ fill: { delay_ms: 400, partial: { TCS: 0.4 } } });
    const id = await place(t, marketBuy('TCS', 10));
    t.clock.advance(1_000);
    expect(await current(t, id)).toMatchObject({ status: 'OPEN', filled_quantity: 4, pending_quantity: 6 });
    expect((await t.kite.getPositions()).net.find((p) => p.tradingsymbol === 'TCS')?.quantity).toBe(4);
    await t.kite.cancelOrder('regular', id);
    expect(await current(t, id)).toMatchObject({ status: 'CANCELLED', filled_quantity: 4, cancelled_quantity: 6 });
    expect((await history(t, id)).slice(-2)).toEqual(['CANCEL PENDING', 'CANCELLED']);
  });

  it('stay_open keeps an order OPEN unfilled; cancelling releases its blocked money', async () => {
    t = await startTestSim({ fill: { delay_ms: 400, stay_open: ['TCS'] } });
    const before = t.sim.state.cash();
    const id = await place(t, marketBuy('TCS', 10));
    t.clock.advance(5_000);
    expect(await current(t, id)).toMatchObject({ status: 'OPEN', filled_quantity: 0 });
    const blocked = before - t.sim.state.cash();
    expect(blocked).toBeGreaterThan(10 * 3000);
    expect(((await t.kite.getMargins('equity')) as any).available.live_balance).toBeCloseTo(before - blocked, 2);
    await expect(t.kite.cancelOrder('regular', id)).resolves.toEqual({ order_id: id });
    expect(await current(t, id)).toMatchObject({ status: 'CANCELLED', cancelled_quantity: 10 });
    expect(t.sim.state.cash()).toBeCloseTo(before, 2);
    // a finished order cannot be cancelled again
    expect((await kiteError(t.kite.cancelOrder('regular', id))).error_type).toBe('InputException');
  });

  it('a LIMIT order away from the market rests OPEN and is cancelled at the session close', async () => {
    t = await startTestSim({}, '2026-11-23T15:00:00');
    const id = await place(t, { ...marketBuy('INFY', 1), order_type: 'LIMIT', price: 1000, market_protection: undefined });
    t.clock.advance(60_000);
    expect((await current(t, id)).status).toBe('OPEN');
    t.clock.set(ist('2026-11-23T15:30:00'));
    expect(await current(t, id)).toMatchObject({ status: 'CANCELLED', cancelled_quantity: 1 });
  });

  it('a LIMIT price off the tick grid is refused synchronously', async () => {
    t = await startTestSim();
    const err = await kiteError(place(t, { ...marketBuy('INFY', 1), order_type: 'LIMIT', price: 1000.03 }));
    expect(err.error_type).toBe('InputException');
    expect(err.message).toMatch(/tick size/i);
  });
});

describe('rejections', () => {
  it('from 2026-08-03 a regular MARKET order in the closing auction window (15:15–15:35) is REJECTED; a LIMIT order is not', async () => {
    t = await startTestSim({}, '2026-11-23T15:16:00');
    const market = await place(t, marketBuy('INFY', 1));
    const limit = await place(t, { ...marketBuy('INFY', 1), order_type: 'LIMIT', price: 1000, market_protection: undefined });
    t.clock.advance(1_000);
    expect(await current(t, market)).toMatchObject({
      status: 'REJECTED',
      status_message: expect.stringMatching(/continuous trading has ended.*closing auction/),
    });
    expect((await current(t, limit)).status).toBe('OPEN');
  });

  it('before 2026-08-03 the same MARKET order at 15:16 fills (continuous trading to 15:30)', async () => {
    t = await startTestSim({}, '2026-07-27T15:16:00');
    const id = await place(t, marketBuy('INFY', 1));
    t.clock.advance(1_000);
    expect((await current(t, id)).status).toBe('COMPLETE');
  });

  it('a buy beyond the cash is REJECTED asynchronously with Kite’s insufficient-funds message', async () => {
    t = await startTestSim({ cash: 50_000 });
    const id = await place(t, marketBuy('TCS', 100)); // ~₹3.1 lakh
    t.clock.advance(1_000);
    const o = await current(t, id);
    expect(o.status).toBe('REJECTED');
    expect(o.status_message).toMatch(
      /^Insufficient funds\. Required margin is \d+\.\d{2} but available margin is 50000\.00\. Check the orderbook for open orders\.$/,
    );
    expect(o.status_message_raw).toMatch(/^RMS:Margin Exceeds,Required:/);
    expect(o.exchange_order_id).toBeNull();
    expect(t.sim.state.cash()).toBe(50_000);
  });

  it('selling more than held (holdings + today’s net position) is REJECTED', async () => {
    t = await startTestSim();
    const tooMany = await place(t, marketSell('INFY', 11)); // holds 10
    t.clock.advance(1_000);
    expect((await current(t, tooMany)).status).toBe('REJECTED');
    expect((await current(t, tooMany)).status_message).toMatch(/Insufficient holdings/);
    const all = await place(t, marketSell('INFY', 10));
    t.clock.advance(1_000);
    expect((await current(t, all)).status).toBe('COMPLETE');
    const oneMore = await place(t, marketSell('INFY', 1));
    t.clock.advance(1_000);
    expect((await current(t, oneMore)).status).toBe('REJECTED');
  });

  it('MARKET without market_protection, or with 0, is a synchronous 400 InputException and creates no order', async () => {
    t = await startTestSim();
    const expected = {
      error_type: 'InputException',
      message: 'Market orders without market protection are not allowed via API. Please set market protection or use a Limit order.',
    };
    expect(await kiteError(place(t, marketBuy('INFY', 1, { market_protection: undefined })))).toMatchObject(expected);
    expect(await kiteError(place(t, marketBuy('INFY', 1, { market_protection: 0 })))).toMatchObject(expected);
    expect(await t.kite.getOrders()).toEqual([]);
  });

  it('missing fields and unknown instruments are 400 InputException', async () => {
    t = await startTestSim({ unknown_symbols: ['DELISTED'] });
    expect(await kiteError(place(t, marketBuy('INFY', 1, { product: undefined })))).toMatchObject({
      error_type: 'InputException',
      message: 'Missing or empty field `product`.',
    });
    expect((await kiteError(place(t, marketBuy('DELISTED', 1)))).message).toMatch(/expired or does not exist/);
  });

  it('a regular order while the market is closed is REJECTED (place an AMO instead)', async () => {
    t = await startTestSim({}, '2026-11-23T16:00:00');
    const id = await place(t, marketBuy('INFY', 1));
    t.clock.advance(1_000);
    const o = await current(t, id);
    expect(o.status).toBe('REJECTED');
    expect(o.status_message).toBe('Your order could not be placed as the markets are closed. Place an AMO instead.');
  });

  it('selling above the CDSL-authorised quantity without DDPI is HTTP 428', async () => {
    t = await startTestSim({
      ddpi: false,
      holdings: [{ tradingsymbol: 'INFY', quantity: 10, authorised_quantity: 4, average_price: 1400 }],
    });
    const res = await fetch(`${t.sim.url}/orders/regular`, {
      method: 'POST',
      headers: {
        'X-Kite-Version': '3',
        Authorization: `token ${t.sim.apiKey}:${(t.kite as any).access_token}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        exchange: 'NSE',
        tradingsymbol: 'INFY',
        transaction_type: 'SELL',
        quantity: '6',
        product: 'CNC',
        order_type: 'MARKET',
        market_protection: '-1',
        validity: 'DAY',
      }),
    });
    expect(res.status).toBe(428);
    expect(((await res.json()) as { message: string }).message).toMatch(/^2 quantity of INFY needs authorisation/);
    const ok = await place(t, marketSell('INFY', 4));
    t.clock.advance(1_000);
    expect((await current(t, ok)).status).toBe('COMPLETE');
    expect((await t.kite.getHoldings())[0]!.authorised_quantity).toBe(0);
  });

  it('orders from an unregistered IP (static_ip_ok=false) are refused with PermissionException; reads still work', async () => {
    t = await startTestSim({ static_ip_ok: false });
    expect((await kiteError(place(t, marketBuy('INFY', 1)))).error_type).toBe('PermissionException');
    await expect(t.kite.getOrders()).resolves.toEqual([]);
  });
});

describe('a status Kite does not document (statuses.unknown)', () => {
  it('orders for the symbol stay in that status, verbatim, until cancelled; other symbols are unaffected', async () => {
    t = await startTestSim({ statuses: { unknown: { TCS: 'HELD FOR RMS REVIEW' } } });
    const odd = await place(t, marketBuy('TCS', 1));
    const normal = await place(t, marketBuy('INFY', 1));
    t.clock.advance(60_000);
    expect(await history(t, odd)).toEqual(['PUT ORDER REQ RECEIVED', 'VALIDATION PENDING', 'HELD FOR RMS REVIEW']);
    expect((await current(t, normal)).status).toBe('COMPLETE');
    expect((await t.kite.getOrders()).find((o) => o.order_id === odd)).toMatchObject({ status: 'HELD FOR RMS REVIEW', pending_quantity: 1 });
    await t.kite.cancelOrder('regular', odd);
    expect((await current(t, odd)).status).toBe('CANCELLED');
  });

  it('a documented status is refused as an unknown one', async () => {
    const { loadScenario } = await import('../../source/sim/index.js');
    expect(() => loadScenario({ statuses: { unknown: { TCS: 'OPEN' } } })).toThrow(/^Scenario: statuses\.unknown: a status Kite documents/);
  });
});

describe('funds of protected market buys', () => {
  /** The protection price of a buy: LTP × (1 + p %), on the tick grid (never above the band). */
  const protectionPrice = (t: TestSim, symbol: string, pct: number) => {
    const ltp = t.sim.state.prices.ltp(symbol, t.clock.now());
    const tick = t.sim.state.prices.tick(symbol);
    return Math.floor(Math.round(((ltp * (1 + pct / 100)) / tick) * 1e6) / 1e6) * tick;
  };
  const liveBalance = async (t: TestSim) => ((await t.kite.getMargins('equity')) as unknown as { net: number }).net;

  it.each([
    { name: 'auto (-1) at the scenario’s 3 %', mp: -1, pct: 3, scenario: { auto_market_protection_pct: 3 } },
    { name: 'auto (-1) at the default 2 %', mp: -1, pct: 2, scenario: {} },
    { name: 'an explicit 5 %', mp: 5, pct: 5, scenario: { auto_market_protection_pct: 3 } },
  ])('a MARKET buy with $name blocks qty × the protection price until it fills', async ({ mp, pct, scenario }) => {
    t = await startTestSim({ ...scenario, cash: 100_000, fill: { delay_ms: 400, stay_open: ['TCS'] } });
    const band = protectionPrice(t, 'TCS', pct);
    const id = await place(t, marketBuy('TCS', 10, { market_protection: mp }));
    t.clock.advance(200); // validated, not filled
    expect((await current(t, id)).status).not.toBe('REJECTED');
    expect(await liveBalance(t)).toBeCloseTo(100_000 - 10 * band, 2);
    expect(10 * band).toBeGreaterThan(10 * t.sim.state.prices.ltp('TCS', t.clock.now()) * (1 + (pct - 0.1) / 100));
    await t.kite.cancelOrder('regular', id);
    expect(await liveBalance(t)).toBeCloseTo(100_000, 2);
  });

  it('a fill spends the fill price and releases the rest of the block', async () => {
    t = await startTestSim({ auto_market_protection_pct: 3, cash: 100_000 });
    const id = await place(t, marketBuy('TCS', 10));
    t.clock.advance(1_000);
    const done = await current(t, id);
    expect(done.status).toBe('COMPLETE');
    expect(await liveBalance(t)).toBeCloseTo(100_000 - 10 * done.average_price, 2);
  });

  it('a buy the cash covers at the LTP but not at the protection price is REJECTED with Kite’s insufficient-funds message', async () => {
    // Frozen prices: TCS trades at 3100, so 10 shares cost 31,000 at the LTP and block 31,930 at LTP + 3 %.
    t = await startTestSim({ auto_market_protection_pct: 3, cash: 31_500, volatility: 0 });
    const id = await place(t, marketBuy('TCS', 10));
    t.clock.advance(1_000);
    const o = await current(t, id);
    expect(o.status).toBe('REJECTED');
    expect(o.status_message).toBe('Insufficient funds. Required margin is 31930.00 but available margin is 31500.00. Check the orderbook for open orders.');
    expect(o.status_message_raw).toBe(
      'RMS:Margin Exceeds,Required:31930.00, Available:31500.00 for entity account-TS0001 across exchange across segment across product ',
    );
    expect(t.sim.state.cash()).toBe(31_500);
    const fits = await place(t, marketBuy('TCS', 10, { market_protection: 1 })); // 31,310 at LTP + 1 %
    t.clock.advance(1_000);
    expect((await current(t, fits)).status).toBe('COMPLETE');
  });

  it('auto_market_protection_pct is checked: above 0, at most 100', async () => {
    const { loadScenario } = await import('../../source/sim/index.js');
    expect(() => loadScenario({ auto_market_protection_pct: 0 })).toThrow(/^Scenario: auto_market_protection_pct: /);
    expect(() => loadScenario({ auto_market_protection_pct: 101 })).toThrow(/^Scenario: auto_market_protection_pct: /);
    expect(loadScenario({}).auto_market_protection_pct).toBe(2);
  });
});

describe('after-market orders', () => {
  it('an AMO placed on Friday evening waits as AMO REQ RECEIVED and fills at Monday’s open', async () => {
    t = await startTestSim({}, '2026-11-27T18:00:00'); // Friday
    const id = await place(t, marketBuy('INFY', 3), 'amo');
    t.clock.set(ist('2026-11-30T09:14:59')); // Monday, before the open
    relogin(t);
    expect(await history(t, id)).toEqual(['AMO REQ RECEIVED']);
    t.clock.set(ist('2026-11-30T09:15:01'));
    const h = await t.kite.getOrderHistory(id);
    expect(h.map((o) => o.status)).toEqual(['AMO REQ RECEIVED', 'VALIDATION PENDING', 'OPEN PENDING', 'OPEN', 'COMPLETE']);
    expect(h[h.length - 1]).toMatchObject({ variety: 'amo', filled_quantity: 3 });
    const [trade] = await rawGet(t, `/orders/${id}/trades`).then((r) => r.body.data);
    expect(trade.fill_timestamp).toBe('2026-11-30 09:15:00');
    expect(trade.order_timestamp).toBe('09:15:00');
  });

  it('an AMO before a holiday fills at the next session (2026-11-24 is Guru Nanak Jayanti)', async () => {
    t = await startTestSim({}, '2026-11-23T20:00:00');
    const id = await place(t, marketBuy('INFY', 1), 'amo');
    t.clock.set(ist('2026-11-24T12:00:00'));
    relogin(t);
    expect((await current(t, id)).status).toBe('AMO REQ RECEIVED');
    t.clock.set(ist('2026-11-25T09:16:00'));
    relogin(t);
    expect((await current(t, id)).status).toBe('COMPLETE');
  });

  it('an AMO can be cancelled before the open', async () => {
    t = await startTestSim({}, '2026-11-23T20:00:00');
    const id = await place(t, marketBuy('INFY', 1), 'amo');
    await t.kite.cancelOrder('amo', id);
    t.clock.set(ist('2026-11-25T10:00:00'));
    relogin(t);
    expect((await current(t, id)).status).toBe('CANCELLED');
    expect(await t.kite.getTrades()).toEqual([]);
  });

  it('statuses.cancelled_amo: an AMO cancelled before the open ends CANCELLED AMO, as live accounts show', async () => {
    t = await startTestSim({ statuses: { cancelled_amo: true } }, '2026-11-23T20:00:00');
    const id = await place(t, marketBuy('INFY', 1), 'amo');
    await t.kite.cancelOrder('amo', id);
    expect(await history(t, id)).toEqual(['AMO REQ RECEIVED', 'CANCEL PENDING', 'CANCELLED AMO']);
    expect(await current(t, id)).toMatchObject({ pending_quantity: 0, cancelled_quantity: 1 });
    expect((await kiteError(t.kite.cancelOrder('amo', id))).error_type).toBe('InputException');
  });

  it('variety amo during market hours is refused', async () => {
    t = await startTestSim();
    expect((await kiteError(place(t, marketBuy('INFY', 1), 'amo'))).error_type).toBe('InputException');
  });
});
