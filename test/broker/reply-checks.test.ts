import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../source/core/clock.js';
import { AppError } from '../../source/core/errors.js';
import { createKiteBroker } from '../../source/broker/kite-adapter.js';
import type { Broker } from '../../source/broker/port.js';
import { kiteOk, startStub, type Stub } from '../support/fake-kite-server.js';

/**
 * Issue 10: implausible numbers from the broker sized real orders (₹1e-9 → 3e13 shares, 1e20 held, cash 1e300,
 * a quantity "0400"). Through the real adapter and HTTP, each reply below is refused with one line naming the
 * call and the field; the plausible control passes.
 */
const stubs: Stub[] = [];
afterEach(async () => {
  await Promise.all(stubs.splice(0).map((s) => s.close()));
});

/** A 19-digit number has no exact JS value: it is written into the JSON text in place of this string. */
const BIG_ID = 'NUMERIC_19_DIGIT_ID';

async function brokerAnswering(data: unknown): Promise<Broker> {
  const stub = await startStub((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(kiteOk(data)).replace(`"${BIG_ID}"`, '1234567890123456789'));
  });
  stubs.push(stub);
  return createKiteBroker({ apiKey: 'paper_api_key', accessToken: 'fake_token_not_real', root: stub.url, clock: manualClock(0), timeoutMs: 1000 });
}

const holding = (over: Record<string, unknown>) => ({ tradingsymbol: 'INFY', exchange: 'NSE', quantity: 10, t1_quantity: 0, last_price: 1500, ...over });
const margins = (over: Record<string, unknown> = {}, available: Record<string, unknown> = {}) => ({
  enabled: true,
  net: 100_000,
  available: { cash: 100_000, live_balance: 100_000, opening_balance: 100_000, collateral: 0, adhoc_margin: 0, intraday_payin: 0, ...available },
  utilised: {},
  ...over,
});
const order = (over: Record<string, unknown>) => ({
  order_id: '251123000000001',
  status: 'COMPLETE',
  tradingsymbol: 'INFY',
  quantity: 5,
  filled_quantity: 5,
  average_price: 1500,
  ...over,
});

type Case = [name: string, call: (b: Broker) => Promise<unknown>, data: unknown, expected: RegExp];
const refused: Case[] = [
  [
    'a holding of 1e20 shares',
    (b) => b.holdings(),
    [holding({ quantity: 1e20 })],
    /holdings reply is not plausible: "INFY": quantity is 100000000000000000000/,
  ],
  ['a holding quantity sent as the string "0400"', (b) => b.holdings(), [holding({ quantity: '0400' })], /quantity is "0400"/],
  ['a holding without a quantity', (b) => b.holdings(), [holding({ quantity: undefined })], /quantity is missing/],
  ['a fractional holding', (b) => b.holdings(), [holding({ quantity: 2.5 })], /quantity is 2\.5/],
  ['a negative holding', (b) => b.holdings(), [holding({ quantity: -3 })], /quantity is -3/],
  ['a holding priced at ₹1e-9', (b) => b.holdings(), [holding({ last_price: 1e-9 })], /last_price is 1e-9/],
  ['a holding priced as text', (b) => b.holdings(), [holding({ last_price: 'NaN' })], /last_price is "NaN"/],
  ['holdings that are not a list', (b) => b.holdings(), { INFY: 10 }, /holdings reply is not plausible: the reply is/],
  ['a holding that is not an object', (b) => b.holdings(), [42], /item 0: the record is 42/],
  ['a holding with no symbol', (b) => b.holdings(), [holding({ tradingsymbol: '' })], /tradingsymbol is ""/],
  [
    'an ltp of ₹1e-9',
    (b) => b.ltp(['NSE:INFY']),
    { 'NSE:INFY': { instrument_token: 1, last_price: 1e-9 } },
    /ltp reply is not plausible: "NSE:INFY": last_price is 1e-9/,
  ],
  ['a negative ltp', (b) => b.ltp(['NSE:INFY']), { 'NSE:INFY': { instrument_token: 1, last_price: -5 } }, /last_price is -5/],
  ['an ltp of ₹1e12', (b) => b.ltp(['NSE:INFY']), { 'NSE:INFY': { instrument_token: 1, last_price: 1e12 } }, /last_price is 1000000000000/],
  ['an ltp without a price', (b) => b.ltp(['NSE:INFY']), { 'NSE:INFY': { instrument_token: 1 } }, /last_price is missing/],
  ['cash of 1e300', (b) => b.margins(), margins({ net: 1e300 }), /margins reply is not plausible: net is 1e\+300/],
  ['available cash of 1e300', (b) => b.margins(), margins({}, { cash: 1e300 }), /available\.cash is 1e\+300/],
  ['margins without "available"', (b) => b.margins(), margins({ available: null }), /available is null/],
  [
    'a position of 1e20',
    (b) => b.positions(),
    { net: [{ tradingsymbol: 'INFY', quantity: 1e20 }], day: [] },
    /positions reply is not plausible: "INFY": quantity is/,
  ],
  ['positions without "net"', (b) => b.positions(), { day: [] }, /positions reply is not plausible: the reply is missing/],
  [
    'a numeric 19-digit order id in the book',
    (b) => b.orders(),
    [order({ order_id: BIG_ID })],
    /orders reply is not plausible: order_id is 1234567890123456800/,
  ],
  ['an order without a status', (b) => b.orders(), [order({ status: undefined })], /status is missing/],
  ['an order filled 1e20', (b) => b.orders(), [order({ filled_quantity: 1e20 })], /filled_quantity is/],
];

describe('broker replies are checked before use', () => {
  it.each(refused)('%s is refused with one line naming the call and field', async (_name, call, data, expected) => {
    const broker = await brokerAnswering(data);
    const error = await call(broker).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe('broker');
    expect((error as AppError).message).toMatch(expected);
    expect((error as AppError).message).not.toContain('\n');
  });

  it('a numeric 19-digit order id from a placement is refused (it lost digits and could not be found again)', async () => {
    const broker = await brokerAnswering({ order_id: BIG_ID });
    const place = broker.placeOrder('regular', {
      exchange: 'NSE',
      tradingsymbol: 'INFY',
      transaction_type: 'BUY',
      quantity: 1,
      product: 'CNC',
      order_type: 'MARKET',
      validity: 'DAY',
      market_protection: -1,
    });
    await expect(place).rejects.toMatchObject({ kind: 'broker', message: expect.stringMatching(/placeOrder reply is not plausible: order_id/) });
  });

  it('plausible replies pass untouched: zero prices, a debit balance, numeric ids that fit, short positions', async () => {
    expect(await (await brokerAnswering([holding({ last_price: 0, quantity: 0, t1_quantity: 5 })])).holdings()).toHaveLength(1);
    expect((await (await brokerAnswering(margins({ net: -2500 }, { cash: -2500 }))).margins()).net).toBe(-2500);
    expect((await (await brokerAnswering([order({ order_id: 251123000000001 })])).orders())[0]?.order_id).toBe('251123000000001');
    const positions = await (await brokerAnswering({ net: [{ tradingsymbol: 'ITC', quantity: -200, last_price: 405 }], day: [] })).positions();
    expect(positions.net[0]?.quantity).toBe(-200);
  });
});
