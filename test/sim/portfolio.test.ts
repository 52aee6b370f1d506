import { afterEach, describe, expect, it } from 'vitest';
import { marketBuy, marketSell, place, startTestSim, type TestSim } from '../support/test-sim.js';

let t: TestSim;
afterEach(() => t?.close());

const equity = async (t: TestSim) => (await t.kite.getMargins('equity')) as any;

describe('holdings, positions and margins after fills', () => {
  it('a sell of settled holdings: holdings keep the start-of-day quantity, used_quantity grows, the position goes negative, cash goes up', async () => {
    t = await startTestSim();
    const before = await equity(t);
    expect(before.net).toBe(100_000);
    const id = await place(t, marketSell('INFY', 4));
    t.clock.advance(1_000);
    const [order] = (await t.kite.getOrderHistory(id)).slice(-1);
    const proceeds = 4 * order!.average_price;

    const infy = (await t.kite.getHoldings()).find((h) => h.tradingsymbol === 'INFY')!;
    expect(infy).toMatchObject({ quantity: 10, used_quantity: 4, t1_quantity: 0, opening_quantity: 10 });
    const pos = (await t.kite.getPositions()).net.find((p) => p.tradingsymbol === 'INFY')!;
    expect(pos).toMatchObject({ product: 'CNC', quantity: -4, sell_quantity: 4, day_sell_quantity: 4, buy_quantity: 0 });
    expect(infy.quantity + pos.quantity).toBe(6); // held now

    const after = await equity(t);
    expect(after.available.live_balance).toBeCloseTo(100_000 + proceeds, 2);
    expect(after.net).toBeCloseTo(100_000 + proceeds, 2);
    expect(after.available.cash).toBeCloseTo(100_000 + proceeds, 2);
    expect(after.available.opening_balance).toBe(100_000);
  });

  it('a buy today shows in positions, not in holdings, and lowers the cash', async () => {
    t = await startTestSim();
    const id = await place(t, marketBuy('TCS', 5));
    t.clock.advance(1_000);
    const [order] = (await t.kite.getOrderHistory(id)).slice(-1);
    expect((await t.kite.getHoldings()).map((h) => h.tradingsymbol)).not.toContain('TCS');
    const pos = (await t.kite.getPositions()).net.find((p) => p.tradingsymbol === 'TCS')!;
    expect(pos).toMatchObject({ quantity: 5, buy_quantity: 5, average_price: order!.average_price });
    expect((await equity(t)).net).toBeCloseTo(100_000 - 5 * order!.average_price, 2);
  });

  it('sale proceeds are usable the same day: a buy bigger than the opening cash succeeds after a sell', async () => {
    t = await startTestSim({ cash: 1_000 });
    const tooBig = await place(t, marketBuy('TCS', 2)); // ~₹6,200 > ₹1,000
    t.clock.advance(1_000);
    expect((await t.kite.getOrderHistory(tooBig)).at(-1)!.status).toBe('REJECTED');
    await place(t, marketSell('INFY', 10)); // ~₹15,000 of settled holdings
    t.clock.advance(1_000);
    const ok = await place(t, marketBuy('TCS', 2));
    t.clock.advance(1_000);
    expect((await t.kite.getOrderHistory(ok)).at(-1)!.status).toBe('COMPLETE');
    expect((await equity(t)).net).toBeGreaterThan(0);
  });

  it('proceeds of T1 shares are not usable today', async () => {
    t = await startTestSim(); // ITC: 100 held, 20 of them T1
    const id = await place(t, marketSell('ITC', 100));
    t.clock.advance(1_000);
    const price = (await t.kite.getOrderHistory(id)).at(-1)!.average_price;
    const m = await equity(t);
    expect(m.net).toBeCloseTo(100_000 + 80 * price, 2);
    expect(m.utilised.delivery).toBeCloseTo(20 * price, 2);
    expect((await t.kite.getHoldings()).find((h) => h.tradingsymbol === 'ITC')).toMatchObject({
      quantity: 100,
      t1_quantity: 20,
      realised_quantity: 80,
      used_quantity: 100,
    });
  });

  it('pledged (collateral) shares cannot be sold', async () => {
    t = await startTestSim({ holdings: [{ tradingsymbol: 'INFY', quantity: 10, collateral_quantity: 6 }] });
    const id = await place(t, marketSell('INFY', 5));
    t.clock.advance(1_000);
    expect((await t.kite.getOrderHistory(id)).at(-1)!.status).toBe('REJECTED');
  });

  it('scenario positions show up as today’s trades', async () => {
    t = await startTestSim({ positions: [{ tradingsymbol: 'TCS', quantity: 3, average_price: 3000 }] });
    const pos = (await t.kite.getPositions()).day.find((p) => p.tradingsymbol === 'TCS')!;
    expect(pos).toMatchObject({ quantity: 3, buy_price: 3000, buy_value: 9000 });
  });

  it('the test-inspection state agrees with the HTTP answers', async () => {
    t = await startTestSim();
    await place(t, marketBuy('TCS', 1));
    t.clock.advance(1_000);
    expect(t.sim.state.cash()).toBe((await equity(t)).net);
    expect(t.sim.state.orders()).toHaveLength(1);
    expect(t.sim.state.trades()).toHaveLength(1);
    expect(t.sim.state.holdings().map((h) => h.tradingsymbol)).toEqual(['INFY', 'ITC']);
  });
});
