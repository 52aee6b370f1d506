import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../source/core/clock.js';
import { createKiteBroker, type KiteAdapterOptions } from '../../source/broker/kite-adapter.js';
import type { PlaceOrderParams } from '../../source/broker/kite-types.js';
import { BrokerError } from '../../source/broker/port.js';
import { READ_RETRY } from '../../source/broker/retry-policy.js';
import { kiteError, kiteOk, sendJson, startStub, type Stub, type StubHandler } from '../support/kite-stub-server.js';

const mocksDir = path.resolve(import.meta.dirname, '../../../shared/kite-mocks');
const haveMocks = existsSync(mocksDir);
if (!haveMocks) console.warn(`SKIPPED Kite mock payload tests: ${mocksDir} not found`);
const mock = (name: string) => readFileSync(path.join(mocksDir, name), 'utf8');

const T0 = Date.parse('2026-11-24T04:00:00.000Z');
const stubs: Stub[] = [];
afterEach(async () => {
  await Promise.all(stubs.splice(0).map((s) => s.close()));
});

async function setup(handler: StubHandler, extra: Partial<KiteAdapterOptions> = {}) {
  const stub = await startStub(handler);
  stubs.push(stub);
  const clock = manualClock(T0);
  const broker = createKiteBroker({ apiKey: 'paper_api_key', accessToken: 'fake_token_not_real', root: stub.url, clock, timeoutMs: 1000, ...extra });
  return { stub, clock, broker };
}

const marketBuy: PlaceOrderParams = {
  exchange: 'NSE',
  tradingsymbol: 'INFY',
  transaction_type: 'BUY',
  quantity: 5,
  product: 'CNC',
  order_type: 'MARKET',
  validity: 'DAY',
  market_protection: -1,
  tag: 'Kab12cd341B007',
};

describe('placeOrder', () => {
  it('sends a MARKET CNC NSE DAY order with auto market protection and the tag, without touching the caller’s object', async () => {
    const { stub, broker } = await setup((_req, res) => sendJson(res, 200, kiteOk({ order_id: '1953341975595868160' })));
    const params = { ...marketBuy };
    const placed = await broker.placeOrder('regular', params);
    expect(placed).toEqual({ order_id: '1953341975595868160' });
    expect(params).toEqual(marketBuy);
    const req = stub.requests[0];
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/orders/regular');
    expect(req?.headers.authorization).toBe('token paper_api_key:fake_token_not_real');
    expect(Object.fromEntries(new URLSearchParams(req?.body))).toEqual({
      exchange: 'NSE',
      tradingsymbol: 'INFY',
      transaction_type: 'BUY',
      quantity: '5',
      product: 'CNC',
      order_type: 'MARKET',
      validity: 'DAY',
      market_protection: '-1',
      tag: 'Kab12cd341B007',
      variety: 'regular',
    });
  });

  it('passes the order’s market protection through (no default of its own), and sends a LIMIT price without it', async () => {
    const { stub, broker } = await setup((_req, res) => sendJson(res, 200, kiteOk({ order_id: '1' })));
    await broker.placeOrder('amo', { ...marketBuy, market_protection: 2 });
    await broker.placeOrder('regular', { ...marketBuy, order_type: 'LIMIT', price: 1500.1 });
    const { market_protection: _none, ...unprotected } = marketBuy;
    await broker.placeOrder('regular', unprotected);
    const [amo, limit, bare] = stub.requests.map((r) => new URLSearchParams(r.body));
    expect(stub.requests[0]?.path).toBe('/orders/amo');
    expect(amo?.get('market_protection')).toBe('2');
    expect(limit?.get('price')).toBe('1500.1');
    expect(limit?.has('market_protection')).toBe(false);
    expect(bare?.has('market_protection')).toBe(false);
  });

  it('is never retried inside the adapter, even when the outcome is unknown', async () => {
    const { stub, broker } = await setup((_req, res) => sendJson(res, 503, kiteError('NetworkException', 'OMS down')));
    await expect(broker.placeOrder('regular', { ...marketBuy })).rejects.toMatchObject({ kind: 'ambiguous' });
    expect(stub.requests).toHaveLength(1);
  });

  it('refuses a bad quantity or tag locally, without spending an order request', async () => {
    const { stub, broker } = await setup((_req, res) => sendJson(res, 200, kiteOk({ order_id: '1' })));
    await expect(broker.placeOrder('regular', { ...marketBuy, quantity: 2.5 })).rejects.toMatchObject({ kind: 'permanent' });
    await expect(broker.placeOrder('regular', { ...marketBuy, tag: 'has space' })).rejects.toMatchObject({ kind: 'permanent' });
    await expect(broker.placeOrder('regular', { ...marketBuy, tag: 'K'.repeat(21) })).rejects.toMatchObject({ kind: 'permanent' });
    expect(stub.requests).toHaveLength(0);
  });

  it('treats a success without an order id as ambiguous', async () => {
    const { broker } = await setup((_req, res) => sendJson(res, 200, kiteOk({})));
    await expect(broker.placeOrder('regular', { ...marketBuy })).rejects.toMatchObject({ kind: 'ambiguous' });
  });

  it('keeps 25 placements at ≤ 10 per calendar second of the shared clock', async () => {
    const seen: number[] = [];
    const { broker, clock } = await setup((_req, res) => {
      seen.push(clock.now());
      sendJson(res, 200, kiteOk({ order_id: String(seen.length) }));
    });
    for (let i = 0; i < 25; i++) await broker.placeOrder('regular', { ...marketBuy });
    const perSecond = new Map<number, number>();
    for (const t of seen) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
    expect(seen).toHaveLength(25);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(10);
  });
});

describe('reads', () => {
  it('retry transient failures with backoff on the clock, then succeed', async () => {
    let calls = 0;
    const { stub, broker, clock } = await setup((_req, res) => {
      calls++;
      if (calls <= 2) sendJson(res, 503, kiteError('NetworkException', 'API down'));
      else sendJson(res, 200, kiteOk([{ tradingsymbol: 'INFY', quantity: 3 }]));
    });
    const holdings = await broker.holdings();
    expect(holdings).toEqual([{ tradingsymbol: 'INFY', quantity: 3 }]);
    expect(stub.requests).toHaveLength(3);
    expect(clock.now()).toBeGreaterThan(T0); // the waits happened on the injected clock
  });

  it('give up after READ_RETRY.attempts calls with the transient error, each wait after a 429 at least a second', async () => {
    const { stub, broker, clock } = await setup((_req, res) => sendJson(res, 429, kiteError('NetworkException', 'Too many requests')));
    await expect(broker.positions()).rejects.toMatchObject({ kind: 'transient', httpStatus: 429 });
    expect(stub.requests).toHaveLength(READ_RETRY.attempts);
    expect(clock.now() - T0).toBeGreaterThanOrEqual((READ_RETRY.attempts - 1) * 1000);
  });

  it('stop retrying once the time budget would be overrun', async () => {
    const { stub, broker } = await setup((_req, res) => sendJson(res, 503, kiteError('NetworkException', 'API down')), {
      readRetry: { attempts: 50, baseMs: 1000, capMs: 1000, budgetMs: 4500 },
      random: () => 1,
    });
    await expect(broker.holdings()).rejects.toMatchObject({ kind: 'transient' });
    expect(stub.requests).toHaveLength(5); // waits of 1 s each: a 5th wait would end 5 s after the first call
  });

  it('do not retry permanent or auth errors', async () => {
    const { stub, broker } = await setup((_req, res) => sendJson(res, 403, kiteError('TokenException', 'Incorrect `api_key` or `access_token`.')));
    await expect(broker.orders()).rejects.toMatchObject({ kind: 'session-expired' });
    expect(stub.requests).toHaveLength(1);
  });

  it('ltp refuses more than 1000 instruments and sends nothing for none', async () => {
    const { stub, broker } = await setup((_req, res) => sendJson(res, 200, kiteOk({})));
    await expect(broker.ltp(Array.from({ length: 1001 }, (_, i) => `NSE:S${i}`))).rejects.toThrow(RangeError);
    expect(await broker.ltp([])).toEqual({});
    expect(stub.requests).toHaveLength(0);
  });

  it('ltp sends repeated i= parameters and returns the keyed prices', async () => {
    const data = { 'NSE:INFY': { instrument_token: 408065, last_price: 1074.35 } };
    const { stub, broker } = await setup((_req, res) => sendJson(res, 200, kiteOk(data)));
    expect(await broker.ltp(['NSE:INFY', 'NSE:NIFTY 50'])).toEqual(data);
    expect(stub.requests[0]?.path).toBe('/quote/ltp');
    expect(stub.requests[0]?.query.getAll('i')).toEqual(['NSE:INFY', 'NSE:NIFTY 50']);
  });

  it('invalidateSession tolerates an already expired session', async () => {
    const { stub, broker } = await setup((_req, res) => sendJson(res, 403, kiteError('TokenException', 'Incorrect `api_key` or `access_token`.')));
    await expect(broker.invalidateSession()).resolves.toBeUndefined();
    expect(stub.requests[0]?.method).toBe('DELETE');
  });
});

describe.skipIf(!haveMocks)('payloads from the official Kite mocks (../shared/kite-mocks)', () => {
  it('margins() returns the equity segment object', async () => {
    const { stub, broker } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(mock('margins_equity.json'));
    });
    const margins = await broker.margins();
    expect(stub.requests[0]?.path).toBe('/user/margins/equity');
    expect(margins.net).toBeCloseTo(99725.05, 2);
    expect(margins.available.live_balance).toBeCloseTo(99725.05, 2);
  });

  for (const contentType of ['text/csv', 'text/csv; charset=utf-8']) {
    it(`instruments('NSE') parses the dump (${contentType}) and drops the blank trailing row`, async () => {
      const csv = mock('instruments_nse.csv');
      const { broker } = await setup((_req, res) => {
        res.writeHead(200, { 'content-type': contentType });
        res.end(csv.endsWith('\n') ? csv : `${csv}\n`);
      });
      const instruments = await broker.instruments('NSE');
      const dataLines = csv.split(/\r?\n/).filter((l) => l.trim() !== '').length - 1;
      expect(instruments).toHaveLength(dataLines);
      expect(instruments.every((i) => i.tradingsymbol !== '')).toBe(true);
      const ports = instruments.find((i) => i.tradingsymbol === 'ADANIPORTS');
      expect(ports).toMatchObject({ instrument_token: '3861249', name: 'ADANI PORT & SEZ', tick_size: 0.05, lot_size: 1, exchange: 'NSE', expiry: '' });
    });
  }

  for (const tz of ['Asia/Kolkata', 'UTC', 'America/New_York']) {
    it(`orders() keeps Kite's IST timestamps as strings and order ids as strings (TZ=${tz})`, async () => {
      const saved = process.env.TZ;
      process.env.TZ = tz;
      try {
        const { broker } = await setup((_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(mock('orders.json'));
        });
        const orders = await broker.orders();
        const raw = (JSON.parse(mock('orders.json')) as { data: Array<Record<string, unknown>> }).data;
        expect(orders).toHaveLength(raw.length);
        orders.forEach((o, i) => {
          expect(o.order_timestamp).toBe(raw[i]?.order_timestamp);
          expect(o.exchange_timestamp).toBe(raw[i]?.exchange_timestamp);
          expect(typeof o.order_id).toBe('string');
          expect(o.order_id).toBe(raw[i]?.order_id);
        });
      } finally {
        process.env.TZ = saved;
      }
    });
  }
});

it('BrokerError messages never carry the access token', async () => {
  const { broker } = await setup((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html>login</html>');
  });
  const err = await broker.profile().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(BrokerError);
  expect(JSON.stringify({ ...(err as object), message: (err as Error).message })).not.toContain('fake_token_not_real');
});
