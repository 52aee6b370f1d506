import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../source/core/clock.js';
import { classifyRejection, HINTS } from '../../source/broker/classify.js';
import { createKiteBroker } from '../../source/broker/kite-adapter.js';
import { READ_RETRY } from '../../source/broker/retry-policy.js';
import { BrokerError, type Broker, type BrokerErrorKind } from '../../source/broker/port.js';
import { kiteError, sendJson, startStub, type Stub } from '../support/fake-kite-server.js';

/**
 * Every row is a real HTTP exchange: the stub answers the way Kite (or a proxy in front of it) does, the
 * official client turns it into whatever it rejects with, and the adapter must classify that.
 */
type Reply = (res: http.ServerResponse) => void;
const json =
  (status: number, body: unknown, type?: string): Reply =>
  (res) =>
    sendJson(res, status, body, type);
const text =
  (status: number, body: string, type = 'text/plain'): Reply =>
  (res) => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
const dropConnection: Reply = (res) => res.socket?.destroy();
const neverAnswer: Reply = () => undefined;
const cutBodyShort: Reply = (res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"status":"success","da');
  setTimeout(() => res.socket?.destroy(), 10);
};

interface Row {
  name: string;
  reply: Reply;
  placement: BrokerErrorKind;
  read: BrokerErrorKind;
  errorType: string;
  hint?: string;
  httpStatus?: number;
}

const rows: Row[] = [
  {
    name: '403 TokenException',
    reply: json(403, kiteError('TokenException', 'Incorrect `api_key` or `access_token`.')),
    placement: 'session-expired',
    read: 'session-expired',
    errorType: 'TokenException',
    hint: HINTS.session,
  },
  {
    name: '403 PermissionException',
    reply: json(403, kiteError('PermissionException', 'Insufficient permission for that call.')),
    placement: 'app-refused',
    read: 'app-refused',
    errorType: 'PermissionException',
    httpStatus: 403,
  },
  {
    name: '400 InputException',
    reply: json(400, kiteError('InputException', 'Missing or empty field `product`')),
    placement: 'permanent',
    read: 'permanent',
    errorType: 'InputException',
  },
  {
    name: '400 OrderException',
    reply: json(400, kiteError('OrderException', 'Enter Valid Price')),
    placement: 'permanent',
    read: 'permanent',
    errorType: 'OrderException',
  },
  {
    name: '400 MarginException',
    reply: json(400, kiteError('MarginException', 'Insufficient funds. Required margin is 95417.84 but available margin is 74251.80.')),
    placement: 'insufficient-funds',
    read: 'insufficient-funds',
    errorType: 'MarginException',
  },
  {
    name: '400 HoldingException',
    reply: json(400, kiteError('HoldingException', 'Insufficient holdings')),
    placement: 'permanent',
    read: 'permanent',
    errorType: 'HoldingException',
  },
  {
    name: '403 UserException',
    reply: json(403, kiteError('UserException', 'Account blocked')),
    placement: 'permanent',
    read: 'permanent',
    errorType: 'UserException',
  },
  {
    name: '400 daily order cap',
    reply: json(400, kiteError('OrderException', 'Maximum allowed order requests exceeded')),
    placement: 'order-cap',
    read: 'order-cap',
    errorType: 'OrderException',
    hint: HINTS.orderCap,
  },
  {
    name: '428 JSON (holdings not authorised at CDSL)',
    reply: json(428, kiteError('InputException', 'Sell quantity is more than the authorised quantity')),
    placement: 'needs-authorisation',
    read: 'needs-authorisation',
    errorType: 'InputException',
    hint: HINTS.depository,
    httpStatus: 428,
  },
  {
    name: '428 without a Kite body',
    reply: text(428, 'Precondition Required'),
    placement: 'needs-authorisation',
    read: 'needs-authorisation',
    errorType: 'NetworkException',
    hint: HINTS.depository,
    httpStatus: 428,
  },
  {
    name: '403 static IP not whitelisted',
    reply: json(403, kiteError('PermissionException', 'Orders are allowed only from a whitelisted static IP. Register your IP on developers.kite.trade')),
    placement: 'app-refused',
    read: 'app-refused',
    errorType: 'PermissionException',
    hint: HINTS.staticIp,
  },
  {
    name: '429 with the daily order cap wording',
    reply: json(429, kiteError('NetworkException', 'Maximum allowed order requests exceeded')),
    placement: 'order-cap',
    read: 'order-cap',
    errorType: 'NetworkException',
    hint: HINTS.orderCap,
    httpStatus: 429,
  },
  {
    name: '400 markets closed',
    reply: json(400, kiteError('InputException', 'Markets are closed right now. Use GTT for placing long standing orders instead.')),
    placement: 'market-closed',
    read: 'market-closed',
    errorType: 'InputException',
  },
  {
    name: '429 text/plain',
    reply: text(429, 'Too many requests'),
    placement: 'transient',
    read: 'transient',
    errorType: 'NetworkException',
    hint: HINTS.rateLimit,
    httpStatus: 429,
  },
  {
    name: '429 Kite JSON',
    reply: json(429, kiteError('NetworkException', 'Too many requests')),
    placement: 'transient',
    read: 'transient',
    errorType: 'NetworkException',
    hint: HINTS.rateLimit,
    httpStatus: 429,
  },
  {
    name: '500 GeneralException',
    reply: json(500, kiteError('GeneralException', 'Something went wrong')),
    placement: 'ambiguous',
    read: 'transient',
    errorType: 'GeneralException',
    httpStatus: 500,
  },
  {
    name: '502 HTML from a proxy',
    reply: text(502, '<html>Bad Gateway</html>', 'text/html'),
    placement: 'ambiguous',
    read: 'transient',
    errorType: 'NetworkException',
    httpStatus: 502,
  },
  {
    name: '503 NetworkException',
    reply: json(503, kiteError('NetworkException', 'Could not reach the OMS')),
    placement: 'ambiguous',
    read: 'transient',
    errorType: 'NetworkException',
    httpStatus: 503,
  },
  {
    name: '504 DataException',
    reply: json(504, kiteError('DataException', 'Could not parse the OMS response')),
    placement: 'ambiguous',
    read: 'transient',
    errorType: 'DataException',
    httpStatus: 504,
  },
  { name: '200 with an unknown content type', reply: text(200, 'hello'), placement: 'ambiguous', read: 'transient', errorType: 'DataException' },
  {
    name: '200 JSON error envelope',
    reply: json(200, kiteError('OrderException', 'Order rejected')),
    placement: 'permanent',
    read: 'permanent',
    errorType: 'OrderException',
  },
  { name: '200 body cut off mid-stream', reply: cutBodyShort, placement: 'ambiguous', read: 'transient', errorType: 'NetworkException' },
  { name: 'connection dropped before any response', reply: dropConnection, placement: 'ambiguous', read: 'transient', errorType: 'NetworkException' },
  { name: 'server never answers (timeout)', reply: neverAnswer, placement: 'ambiguous', read: 'transient', errorType: 'NetworkException' },
];

const T0 = Date.parse('2026-11-24T04:00:00.000Z');

async function failure(promise: Promise<unknown>): Promise<BrokerError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof BrokerError) return e;
    throw new Error(`expected a BrokerError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected the call to fail');
}

const order = {
  exchange: 'NSE',
  tradingsymbol: 'INFY',
  transaction_type: 'BUY',
  quantity: 1,
  product: 'CNC',
  order_type: 'MARKET',
  validity: 'DAY',
  tag: 'Kab12cd341B001',
} as const;

describe('error classification through the official client (stub Kite server)', () => {
  let stub: Stub;
  let current: Reply = json(200, { status: 'success', data: {} });
  let expired = 0;
  let broker: Broker;

  beforeAll(async () => {
    stub = await startStub((_req, res) => current(res));
    broker = createKiteBroker({
      apiKey: 'paper_api_key',
      accessToken: 'fake_token_not_real',
      root: stub.url,
      clock: manualClock(T0),
      timeoutMs: 300,
      readRetry: { ...READ_RETRY, attempts: 1 },
      onSessionExpired: () => expired++,
    });
  });
  afterAll(() => stub.close());

  for (const row of rows) {
    it(`${row.name}: placement → ${row.placement}, read → ${row.read}`, async () => {
      current = row.reply;
      const placed = await failure(broker.placeOrder('regular', { ...order }));
      const read = await failure(broker.holdings());
      expect([placed.kind, read.kind]).toEqual([row.placement, row.read]);
      expect(placed.errorType).toBe(row.errorType);
      expect(placed.message.length).toBeGreaterThan(0);
      if (row.hint) expect(placed.hint).toBe(row.hint);
      if (row.httpStatus) expect(placed.httpStatus).toBe(row.httpStatus);
      if (row.placement === 'ambiguous') expect(placed.hint).toBe(HINTS.ambiguous);
    });
  }

  it('calls onSessionExpired for every TokenException', async () => {
    current = json(403, kiteError('TokenException', 'Incorrect `api_key` or `access_token`.'));
    const before = expired;
    await failure(broker.orders());
    await failure(broker.placeOrder('regular', { ...order }));
    expect(expired - before).toBe(2);
  });

  it('points at the Connect plan when quotes are refused with PermissionException', async () => {
    current = json(403, kiteError('PermissionException', 'Insufficient permission for that call.'));
    const err = await failure(broker.ltp(['NSE:INFY']));
    expect(err.kind).toBe('app-refused');
    expect(err.hint).toBe(HINTS.quotesPlan);
  });
});

describe('errors before anything reaches a server', () => {
  it('a refused connection is transient even for a placement: nothing was sent', async () => {
    const stub = await startStub(() => undefined);
    const root = stub.url;
    await stub.close(); // the port is now closed
    const broker = createKiteBroker({ apiKey: 'paper_api_key', accessToken: 'fake', root, clock: manualClock(T0), readRetry: { ...READ_RETRY, attempts: 1 } });
    const placed = await failure(broker.placeOrder('regular', { ...order }));
    expect(placed.kind).toBe('transient');
    expect(placed.message).toContain('ECONNREFUSED');
    expect((await failure(broker.margins())).kind).toBe('transient');
  });

  it('an invalid API root is permanent with a hint', async () => {
    const broker = createKiteBroker({ apiKey: 'paper_api_key', accessToken: 'fake', root: 'not a url', clock: manualClock(T0) });
    const err = await failure(broker.profile());
    expect(err.kind).toBe('permanent');
    expect(err.hint).toBe(HINTS.root);
  });
});

describe('rejected orders from the order book, by their status message', () => {
  const cases: [string | null, BrokerErrorKind, string?][] = [
    ['Insufficient funds. Required margin is 95417.84 but available margin is 74251.80. Check the orderbook for open orders.', 'insufficient-funds'],
    ['Your order could not be placed as the markets are closed. Place an AMO instead.', 'market-closed'],
    ['60 quantity of ITC needs authorisation at the depository (CDSL TPIN) before it can be sold.', 'needs-authorisation', HINTS.depository],
    ['Orders are allowed only from the static IP registered for this app.', 'app-refused', HINTS.staticIp],
    ['Maximum allowed order requests exceeded', 'order-cap', HINTS.orderCap],
    ['Market orders without market protection are not allowed via API.', 'permanent', HINTS.marketProtection],
    ['RMS: exchange connectivity issue, please try again', 'transient'],
    ['Insufficient holdings.', 'permanent'],
    [null, 'permanent'],
  ];
  it.each(cases)('%s → %s', (message, kind, hint) => {
    expect(classifyRejection(message)).toEqual(hint ? { kind, hint } : { kind });
  });
});
