import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock, type ManualClock } from '../../source/core/clock.js';
import { HINTS } from '../../source/broker/classify.js';
import { createKiteBroker, type KiteAdapterOptions } from '../../source/broker/kite-adapter.js';
import type { PlaceOrderParams } from '../../source/broker/kite-types.js';
import { BrokerError, type Broker, type BrokerErrorKind } from '../../source/broker/port.js';
import { fetchPrices } from '../../source/broker/prices.js';
import { READ_RETRY } from '../../source/broker/retry-policy.js';
import { loadScenario, startSimulator, type FaultKind, type RunningSim, type ScenarioInput } from '../../source/sim/index.js';
import { marketBuy } from '../support/test-sim.js';

/** Monday 2026-11-23 10:00 IST: the session is open. */
const OPEN = DateTime.fromISO('2026-11-23T10:00:00', { zone: 'Asia/Kolkata' }).toMillis();

const SCENARIO: ScenarioInput = {
  user: { user_id: 'TS0002', user_name: 'Adapter Test' },
  cash: 5_000_000,
  holdings: [{ tradingsymbol: 'INFY', quantity: 50, average_price: 1400 }],
  prices: { INFY: 1500, ITC: 410, TCS: 3100 },
  unknown_symbols: ['NOSUCHSYMBOL'],
  seed: 3,
  volatility: 0.01,
  fill: { delay_ms: 400 },
};

interface Harness {
  sim: RunningSim;
  clock: ManualClock;
  broker: Broker;
  expired: number;
}

let running: RunningSim | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function harness(overrides: Partial<ScenarioInput> = {}, adapter: Partial<KiteAdapterOptions> = {}): Promise<Harness> {
  const clock = manualClock(OPEN);
  const sim = await startSimulator({ clock, scenario: loadScenario({ ...SCENARIO, ...overrides }), port: 0, timeoutHoldMs: 1_500 });
  running = sim;
  const h: Harness = { sim, clock, expired: 0, broker: undefined as unknown as Broker };
  h.broker = createKiteBroker({
    apiKey: sim.apiKey,
    accessToken: sim.issueAccessToken(),
    root: sim.url,
    clock,
    timeoutMs: 400,
    onSessionExpired: () => h.expired++,
    ...adapter,
  });
  return h;
}

const buy = (tradingsymbol: string, quantity: number, tag?: string) => marketBuy(tradingsymbol, quantity, tag ? { tag } : {}) as unknown as PlaceOrderParams;

async function failure(p: Promise<unknown>): Promise<BrokerError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof BrokerError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

describe('Kite adapter against the simulator (Kite limits active)', () => {
  it('places 30 orders back to back without a single 429, all tagged and all in the order book', async () => {
    const h = await harness();
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await h.broker.placeOrder('regular', buy('ITC', 1, `Kbench001B${String(i).padStart(3, '0')}`))).order_id);
    expect(new Set(ids).size).toBe(30);
    const book = await h.broker.orders();
    expect(book.filter((o) => o.tag?.startsWith('Kbench001B'))).toHaveLength(30);
    expect(h.clock.now() - OPEN).toBeGreaterThanOrEqual(2000); // three bursts of ten needed two waits
  });

  it('control: with the limiter opened up, the simulator does answer 429 (transient) to a burst', async () => {
    const h = await harness({}, { limits: { ordersPerSecond: 1000, ordersPerMinute: 1000 } });
    const results = await Promise.allSettled(Array.from({ length: 15 }, () => h.broker.placeOrder('regular', buy('ITC', 1))));
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as BrokerError);
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.every((e) => e.kind === 'transient' && e.httpStatus === 429)).toBe(true);
  });

  it('prices 1,000 symbols of real length: batched under the 16 KB header limit (one batch of 1,000 was refused)', async () => {
    const h = await harness();
    const symbols = ['INFY', 'ITC', 'TCS', ...Array.from({ length: 997 }, (_, i) => `BAJAJHLDNG${String(i).padStart(3, '0')}`)];
    const { prices } = await fetchPrices(h.broker, symbols, [], { clock: h.clock });
    expect(prices.INFY?.source).toBe('ltp');
    expect(prices.TCS?.source).toBe('ltp');
    expect(Object.keys(prices)).toHaveLength(1000);
  });

  it('reads every account shape the app uses', async () => {
    const h = await harness();
    const { order_id } = await h.broker.placeOrder('regular', buy('TCS', 2, 'Kread0001B000'));
    h.clock.advance(1_000);
    expect((await h.broker.profile()).user_id).toBe('TS0002');
    const margins = await h.broker.margins();
    expect(typeof margins.net).toBe('number');
    expect(typeof margins.available.live_balance).toBe('number');
    expect((await h.broker.holdings()).find((x) => x.tradingsymbol === 'INFY')?.quantity).toBe(50);
    expect((await h.broker.positions()).net.find((p) => p.tradingsymbol === 'TCS')?.quantity).toBe(2);
    const ltp = await h.broker.ltp(['NSE:INFY', 'NSE:NOSUCHSYMBOL']);
    expect(ltp['NSE:INFY']?.last_price).toBeGreaterThan(0);
    expect(ltp['NSE:NOSUCHSYMBOL']).toBeUndefined();
    const instruments = await h.broker.instruments('NSE');
    expect(instruments.length).toBeGreaterThan(0);
    expect(instruments.every((i) => i.tradingsymbol !== '')).toBe(true);
    const history = await h.broker.orderHistory(order_id);
    expect(history.at(-1)).toMatchObject({ order_id, status: 'COMPLETE', filled_quantity: 2 });
    expect(history.at(-1)?.order_timestamp).toMatch(/^2026-11-23 10:00:0\d$/);
    const charges = await h.broker.charges([
      {
        exchange: 'NSE',
        tradingsymbol: 'TCS',
        transaction_type: 'BUY',
        variety: 'regular',
        product: 'CNC',
        order_type: 'MARKET',
        quantity: 2,
        average_price: 3100,
      },
    ]);
    expect(charges).toHaveLength(1);
  });

  it('cancels an open order', async () => {
    const h = await harness({ fill: { delay_ms: 400, stay_open: ['TCS'] } });
    const { order_id } = await h.broker.placeOrder('regular', buy('TCS', 1));
    h.clock.advance(1_000);
    expect(await h.broker.cancelOrder('regular', order_id)).toEqual({ order_id });
    h.clock.advance(1_000);
    expect((await h.broker.orderHistory(order_id)).at(-1)?.status).toBe('CANCELLED');
  });
});

/** Every fault but 'unheeded', which only a cancellation can meet (test/engine/order-status.test.ts). */
type RequestFault = Exclude<FaultKind, 'unheeded'>;
const placementKinds: Record<RequestFault, BrokerErrorKind> = {
  '429': 'transient',
  '500': 'ambiguous',
  '502': 'ambiguous',
  '503': 'ambiguous',
  drop: 'ambiguous',
  'timeout-after-accept': 'ambiguous',
  token: 'session-expired',
};
const readKinds: Record<RequestFault, BrokerErrorKind> = {
  '429': 'transient',
  '500': 'transient',
  '502': 'transient',
  '503': 'transient',
  drop: 'transient',
  'timeout-after-accept': 'transient',
  token: 'session-expired',
};

describe('each simulator fault surfaces as the right BrokerError kind', () => {
  for (const kind of Object.keys(placementKinds) as RequestFault[]) {
    it(`place_order fault "${kind}" → ${placementKinds[kind]}, and the adapter does not retry it`, async () => {
      const h = await harness();
      h.sim.faults.inject({ endpoint: 'place_order', kind, count: 1 });
      const err = await failure(h.broker.placeOrder('regular', buy('ITC', 1, 'Kfault001B001')));
      expect(err.kind).toBe(placementKinds[kind]);
      if (kind === 'token') expect(h.expired).toBe(1);
      // The order exists only when the simulator accepted it before withholding the answer.
      const book = await h.broker.orders();
      expect(book.filter((o) => o.tag === 'Kfault001B001')).toHaveLength(kind === 'timeout-after-accept' ? 1 : 0);
    });
  }

  for (const kind of Object.keys(readKinds) as RequestFault[]) {
    it(`holdings fault "${kind}" → ${readKinds[kind]} once retries are spent`, async () => {
      const h = await harness();
      h.sim.faults.inject({ endpoint: 'holdings', kind, count: READ_RETRY.attempts });
      expect((await failure(h.broker.holdings())).kind).toBe(readKinds[kind]);
    });
  }

  it(`a read failing transiently every time makes ${READ_RETRY.attempts} calls (READ_RETRY), within its time budget, then fails`, async () => {
    const h = await harness();
    const start = h.clock.now();
    h.sim.faults.inject({ endpoint: 'orders', kind: '503', count: 100 });
    expect((await failure(h.broker.orders())).kind).toBe('transient');
    const calls = 100 - (h.sim.faults.pending()[0]?.count ?? 0);
    expect(calls).toBe(READ_RETRY.attempts);
    expect(h.clock.now() - start).toBeLessThanOrEqual(READ_RETRY.budgetMs);
  });

  it('a single transient read fault is absorbed by the retry', async () => {
    const h = await harness();
    h.sim.faults.inject({ endpoint: 'margins', kind: '503', count: 1 });
    h.sim.faults.inject({ endpoint: 'margins', kind: 'drop', count: 1 });
    expect(typeof (await h.broker.margins()).net).toBe('number');
  });
});

describe('account conditions that need the user, not a retry', () => {
  it('selling holdings not authorised at the depository → needs-authorisation with the CDSL/DDPI hint', async () => {
    const h = await harness({ ddpi: false });
    const err = await failure(h.broker.placeOrder('regular', { ...buy('INFY', 5), transaction_type: 'SELL' }));
    expect(err).toMatchObject({ kind: 'needs-authorisation', httpStatus: 428, hint: HINTS.depository });
  });

  it('holdings authorisation (not in the JS client): repeated ISIN/quantity pairs with the session headers → the request id', async () => {
    const h = await harness({
      ddpi: false,
      holdings_authorise_api: 'allowed',
      holdings: [
        { tradingsymbol: 'INFY', quantity: 50, isin: 'INE009A01021' },
        { tradingsymbol: 'ITC', quantity: 20, isin: 'INE154A01025' },
      ],
    });
    const { request_id } = await h.broker.authoriseHoldings([
      { isin: 'INE009A01021', quantity: 5 },
      { isin: 'INE154A01025', quantity: 20 },
    ]);
    expect(request_id).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(h.sim.state.cdsl.pending(request_id)).toEqual([
      { isin: 'INE009A01021', tradingsymbol: 'INFY', quantity: 5 },
      { isin: 'INE154A01025', tradingsymbol: 'ITC', quantity: 20 },
    ]);
  });

  it('holdings authorisation refused to the app → app-refused PermissionException (403), not a session error', async () => {
    const h = await harness({ ddpi: false, holdings: [{ tradingsymbol: 'INFY', quantity: 50, isin: 'INE009A01021' }] });
    const err = await failure(h.broker.authoriseHoldings([{ isin: 'INE009A01021', quantity: 5 }]));
    expect(err).toMatchObject({ kind: 'app-refused', errorType: 'PermissionException', httpStatus: 403 });
    expect(h.expired).toBe(0);
  });

  it('holdings authorisation with an expired session → session-expired', async () => {
    const h = await harness({ ddpi: false, holdings_authorise_api: 'allowed', holdings: [{ tradingsymbol: 'INFY', quantity: 50, isin: 'INE009A01021' }] });
    h.sim.faults.inject({ endpoint: 'holdings_authorise', kind: 'token', count: 1 });
    expect(await failure(h.broker.authoriseHoldings([{ isin: 'INE009A01021', quantity: 5 }]))).toMatchObject({ kind: 'session-expired' });
    expect(h.expired).toBe(1);
  });

  it('an IP missing from the whitelist → app-refused with the whitelist hint', async () => {
    const h = await harness({ static_ip_ok: false });
    const err = await failure(h.broker.placeOrder('regular', buy('ITC', 1)));
    expect(err).toMatchObject({ kind: 'app-refused', errorType: 'PermissionException', hint: HINTS.staticIp });
  });

  it('quotes without the Connect plan → app-refused with the plan hint', async () => {
    const h = await harness({ ltp_permission: false });
    expect(await failure(h.broker.ltp(['NSE:INFY']))).toMatchObject({ kind: 'app-refused', hint: HINTS.quotesPlan });
  });

  it("the day's order cap (HTTP 429 with Kite's cap wording) → order-cap, not a rate limit, and Kite's words are kept", async () => {
    const h = await harness({ limits: { orders_per_day: 1 } });
    await h.broker.placeOrder('regular', buy('ITC', 1));
    const err = await failure(h.broker.placeOrder('regular', buy('ITC', 1)));
    expect(err).toMatchObject({ kind: 'order-cap', httpStatus: 429, message: 'Maximum allowed order requests exceeded', hint: HINTS.orderCap });
  });

  it('a market order with market protection switched off → permanent with the protection hint', async () => {
    const h = await harness();
    expect(await failure(h.broker.placeOrder('regular', { ...buy('ITC', 1), market_protection: 0 }))).toMatchObject({
      kind: 'permanent',
      hint: HINTS.marketProtection,
    });
  });
});
