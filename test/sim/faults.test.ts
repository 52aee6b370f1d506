import { afterEach, describe, expect, it } from 'vitest';
import { kiteError, marketBuy, place, rawGet, startTestSim, type PlaceParams, type TestSim } from '../support/test-sim.js';

let t: TestSim;
afterEach(() => t?.close());

const restingLimit = (tag?: string): PlaceParams => ({
  ...marketBuy('INFY', 1),
  order_type: 'LIMIT',
  price: 100,
  market_protection: undefined,
  ...(tag ? { tag } : {}),
});

describe('injected faults', () => {
  it('429 / 500 / 503 answer Kite error envelopes and create no order; count is honoured', async () => {
    t = await startTestSim();
    t.sim.faults.inject({ endpoint: 'place_order', kind: '429', count: 2 });
    t.sim.faults.inject({ endpoint: 'place_order', kind: '500', count: 1 });
    t.sim.faults.inject({ endpoint: 'place_order', kind: '503', count: 1 });
    expect(await kiteError(place(t, restingLimit()))).toMatchObject({ error_type: 'NetworkException', message: 'Too many requests' });
    expect(await kiteError(place(t, restingLimit()))).toMatchObject({ error_type: 'NetworkException' });
    expect(await kiteError(place(t, restingLimit()))).toMatchObject({ error_type: 'GeneralException' });
    expect(await kiteError(place(t, restingLimit()))).toMatchObject({ error_type: 'NetworkException' });
    expect(t.sim.state.orders()).toHaveLength(0);
    await expect(place(t, restingLimit())).resolves.toMatch(/^\d{19}$/);
    expect(t.sim.faults.pending()).toEqual([]);
  });

  it('HTTP statuses of the error faults are 429, 500 and 503', async () => {
    t = await startTestSim();
    for (const [kind, status] of [
      ['429', 429],
      ['500', 500],
      ['503', 503],
    ] as const) {
      t.sim.faults.inject({ endpoint: 'holdings', kind });
      const res = await rawGet(t, '/portfolio/holdings');
      expect(res.status).toBe(status);
      expect(res.contentType).toBe('application/json');
      expect(res.body.status).toBe('error');
      expect(res.body.data).toBeNull();
    }
  });

  it('token: a 403 TokenException on the targeted endpoint only', async () => {
    t = await startTestSim();
    t.sim.faults.inject({ endpoint: 'margins', kind: 'token' });
    await expect(t.kite.getProfile()).resolves.toMatchObject({ user_id: 'TS0001' });
    expect((await kiteError(t.kite.getMargins())).error_type).toBe('TokenException');
    await expect(t.kite.getMargins()).resolves.toHaveProperty('equity');
  });

  it("'*' hits whatever endpoint comes next", async () => {
    t = await startTestSim();
    t.sim.faults.inject({ endpoint: '*', kind: '503' });
    expect((await kiteError(t.kite.getPositions())).error_type).toBe('NetworkException');
    await expect(t.kite.getPositions()).resolves.toHaveProperty('net');
  });

  it('drop: the connection dies without a response and the order is NOT created', async () => {
    t = await startTestSim();
    t.sim.faults.inject({ endpoint: 'place_order', kind: 'drop' });
    const err = await kiteError(place(t, restingLimit('Kdrop0001B001')));
    expect(err.error_type).toBe('NetworkException');
    expect(err.message).toMatch(/No response from server/);
    expect(await t.kite.getOrders()).toEqual([]);
  });

  it('timeout-after-accept: the client times out but the order exists (find it by tag)', async () => {
    t = await startTestSim({}, undefined, { timeout: 300 });
    t.sim.faults.inject({ endpoint: 'place_order', kind: 'timeout-after-accept' });
    const err = await kiteError(place(t, restingLimit('Ktime0001B001')));
    expect(err.error_type).toBe('NetworkException');
    expect(err.message).toMatch(/ECONNABORTED|No response/);
    const orders = await t.kite.getOrders();
    expect(orders.map((o) => o.tag)).toEqual(['Ktime0001B001']);
  });

  it('close() does not hang on a withheld response', async () => {
    t = await startTestSim();
    t.sim.faults.inject({ endpoint: 'profile', kind: 'timeout-after-accept' });
    const pending = t.kite.getProfile().then(
      () => 'resolved',
      () => 'rejected',
    );
    await new Promise((r) => setTimeout(r, 50));
    await t.close();
    expect(await pending).toBe('rejected');
  });

  it('after: the first N matching requests pass, then the fault fires for its count', async () => {
    t = await startTestSim();
    t.sim.faults.inject({ endpoint: 'margins', kind: '503', count: 1, after: 2 });
    await expect(t.kite.getProfile()).resolves.toMatchObject({ user_id: 'TS0001' }); // another endpoint: not counted
    await expect(t.kite.getMargins()).resolves.toHaveProperty('equity');
    await expect(t.kite.getMargins()).resolves.toHaveProperty('equity');
    expect((await kiteError(t.kite.getMargins())).error_type).toBe('NetworkException');
    await expect(t.kite.getMargins()).resolves.toHaveProperty('equity');
    expect(t.sim.faults.pending()).toEqual([]);
  });

  it('502: an HTML Bad Gateway page, and no order is created', async () => {
    t = await startTestSim();
    t.sim.faults.inject({ endpoint: 'place_order', kind: '502' });
    const err = await kiteError(place(t, restingLimit('Kgate0001B001')));
    expect(err).toMatchObject({ error_type: 'NetworkException', message: 'Bad Gateway' });
    expect(await t.kite.getOrders()).toEqual([]);
  });

  it('unheeded (cancel_order only): the cancellation is acknowledged but the order stays open', async () => {
    t = await startTestSim();
    expect(() => t.sim.faults.inject({ endpoint: 'place_order', kind: 'unheeded' })).toThrow(/cancel_order only/);
    const id = await place(t, restingLimit('Kunhd0001B001'));
    t.clock.advance(5_000);
    t.sim.faults.inject({ endpoint: 'cancel_order', kind: 'unheeded' });
    await expect(t.kite.cancelOrder('regular', id)).resolves.toMatchObject({ order_id: id });
    expect((await t.kite.getOrders()).find((o) => o.order_id === id)?.status).toBe('OPEN');
    await t.kite.cancelOrder('regular', id);
    expect((await t.kite.getOrders()).find((o) => o.order_id === id)?.status).toBe('CANCELLED');
  });

  it('scenario faults are armed at start', async () => {
    t = await startTestSim({ faults: [{ endpoint: 'ltp', kind: '500', count: 1 }] });
    expect((await kiteError(t.kite.getLTP(['NSE:INFY']))).error_type).toBe('GeneralException');
  });
});

describe('rate limits (per calendar second of the clock)', () => {
  it('orders: 10 per second, the 11th is HTTP 429 with Kite’s body; the next second is fine', async () => {
    t = await startTestSim();
    for (let i = 0; i < 10; i++) await place(t, restingLimit());
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
        transaction_type: 'BUY',
        quantity: '1',
        product: 'CNC',
        order_type: 'LIMIT',
        price: '100',
      }),
    });
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ status: 'error', message: 'Too many requests', error_type: 'NetworkException', data: null });
    t.clock.advance(1_000);
    await expect(place(t, restingLimit())).resolves.toMatch(/^\d{19}$/);
  });

  it('orders: 400 per minute', async () => {
    t = await startTestSim({ cash: 1_000_000 });
    t.clock.set(Math.ceil(t.clock.now() / 60_000) * 60_000); // start of a calendar minute
    for (let s = 0; s < 40; s++) {
      for (let i = 0; i < 10; i++) await place(t, restingLimit());
      t.clock.advance(1_000);
    }
    expect((await kiteError(place(t, restingLimit()))).message).toBe('Too many requests');
    t.clock.advance(20_000); // next minute
    await expect(place(t, restingLimit())).resolves.toMatch(/^\d{19}$/);
  });

  it('orders: the daily cap (lowered through the scenario) answers "Maximum allowed order requests exceeded"', async () => {
    t = await startTestSim({ limits: { orders_per_day: 12 } });
    for (let i = 0; i < 12; i++) {
      await place(t, restingLimit());
      t.clock.advance(200);
    }
    expect((await kiteError(place(t, restingLimit()))).message).toBe('Maximum allowed order requests exceeded');
  });

  it('ltp: 1 request per second', async () => {
    t = await startTestSim();
    await t.kite.getLTP(['NSE:INFY']);
    expect((await kiteError(t.kite.getLTP(['NSE:INFY']))).message).toBe('Too many requests');
    t.clock.advance(1_000);
    await expect(t.kite.getLTP(['NSE:INFY'])).resolves.toHaveProperty('NSE:INFY');
  });

  it('other endpoints: 10 requests per second, shared', async () => {
    t = await startTestSim();
    for (let i = 0; i < 5; i++) await t.kite.getOrders();
    for (let i = 0; i < 5; i++) await t.kite.getHoldings();
    expect((await kiteError(t.kite.getMargins())).error_type).toBe('NetworkException');
    // orders have their own budget
    await expect(place(t, restingLimit())).resolves.toMatch(/^\d{19}$/);
    t.clock.advance(1_000);
    await expect(t.kite.getMargins()).resolves.toHaveProperty('equity');
  });
});
