import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { KiteConnect, type Connect } from 'kiteconnect';
import { manualClock, type ManualClock } from '../../source/core/clock.js';
import { loadScenario, startSimulator, type RunningSim } from '../../source/sim/index.js';
import { BASE_SCENARIO, ist, marketBuy, marketSell, type PlaceParams } from '../support/test-sim.js';
import { CLIENT_ORDER_DATES, CLIENT_SESSION_DATES, KITE_TIMESTAMP, shapeDiffs } from '../support/kite-contract-shape.js';

const MOCKS = path.resolve(import.meta.dirname, '../../../shared/kite-mocks');
const haveMocks = existsSync(MOCKS);
if (!haveMocks) {
  console.warn(`[sim contract] SKIPPED: official Kite mocks not found at ${MOCKS} (check out ../shared next to the repo)`);
}

/** The `data` of a mock envelope: what the client resolves with after unwrapping. */
const mockData = (name: string): unknown => (JSON.parse(readFileSync(path.join(MOCKS, name), 'utf8')) as { data: unknown }).data;

/** The client's own CSV parsing (private in the .d.ts), applied to the mock file so both sides get the same treatment. */
const parseInstrumentsLikeClient = (csv: string): Record<string, unknown>[] =>
  (
    KiteConnect.prototype as unknown as {
      transformInstrumentsResponse(data: string, headers: Record<string, string>): Record<string, unknown>[];
    }
  )
    .transformInstrumentsResponse(csv, { 'content-type': 'text/csv' })
    // papaparse turns a trailing newline into a bogus empty row (kite-api.md §6.9)
    .filter((row) => row['instrument_token'] !== '');

/** Wednesday 2026-11-25, 10:00 IST: the session is open, market orders fill. */
const OPEN_AT = '2026-11-25T10:00:00';
/** 16:00 IST the same day: closed, only AMOs are accepted. */
const AFTER_CLOSE_AT = '2026-11-25T16:00:00';

type Place = (variety: 'regular' | 'amo', params: PlaceParams) => Promise<{ order_id: string }>;

describe.skipIf(!haveMocks)('the official kiteconnect client against the simulator matches the Kite mocks', () => {
  let sim: RunningSim;
  let clock: ManualClock;
  let kite: Connect;
  let session: Awaited<ReturnType<Connect['generateSession']>>;
  let accessToken: string;
  let filledBuy: string;
  let cancelledLimit: string;
  let placedResponses: { regular: unknown; amo: unknown };
  let cancelResponse: unknown;

  const raw = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(sim.url + url, {
      ...init,
      headers: { 'X-Kite-Version': '3', Authorization: `token ${sim.apiKey}:${accessToken}`, ...init.headers },
    });
    const text = await res.text();
    return { status: res.status, contentType: res.headers.get('content-type'), text };
  };
  const rawJson = async (url: string) => {
    const res = await raw(url);
    expect(res.status, url).toBe(200);
    expect(res.contentType, url).toBe('application/json');
    return (JSON.parse(res.text) as { data: any }).data;
  };

  /** The login form as a browser would submit it; returns the request_token from the 302 redirect. */
  const loginThroughForm = async (): Promise<string> => {
    const page = await fetch(`${sim.url}/connect/login?v=3&api_key=${sim.apiKey}`);
    expect(await page.text()).toContain('id="login-form"');
    const res = await fetch(`${sim.url}/connect/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ api_key: sim.apiKey, redirect_params: '', user_id: 'TS0001', password: 'paper' }),
    });
    expect(res.status).toBe(302);
    const token = new URL(res.headers.get('location') ?? '').searchParams.get('request_token');
    expect(token).toMatch(/^[A-Za-z0-9]{32}$/);
    return token!;
  };

  beforeAll(async () => {
    clock = manualClock(ist(OPEN_AT));
    sim = await startSimulator({ clock, scenario: loadScenario(BASE_SCENARIO), port: 0, quiet: true });
    kite = new KiteConnect({ api_key: sim.apiKey, root: sim.url });
    session = await kite.generateSession(await loginThroughForm(), sim.apiSecret);
    accessToken = session.access_token;
    const place = (kite.placeOrder as unknown as Place).bind(kite);

    const regular = await place('regular', marketBuy('INFY', 1, { tag: 'contract1' }));
    filledBuy = regular.order_id;
    await place('regular', marketSell('ITC', 5));
    const limit = await place('regular', {
      ...marketBuy('TCS', 1),
      order_type: 'LIMIT',
      price: 1000, // far below the 3100 market: stays OPEN until cancelled
      market_protection: undefined,
    });
    cancelledLimit = limit.order_id;
    clock.advance(2_000);
    cancelResponse = await kite.cancelOrder('regular', cancelledLimit);
    clock.advance(1_000);

    clock.set(ist(AFTER_CLOSE_AT));
    const amo = await place('amo', { ...marketBuy('M&M', 2), order_type: 'LIMIT', price: 3000, market_protection: undefined });
    placedResponses = { regular, amo };
  });
  afterAll(() => sim?.close());
  // the simulator rate-limits per clock second like Kite (10 req/s); let simulated time pass between tests
  beforeEach(() => clock.advance(1_000));

  it('generateSession (login form → request_token → client) ≈ generate_session.json; login_time is a Date', () => {
    expect(shapeDiffs(mockData('generate_session.json'), session, { clientDates: CLIENT_SESSION_DATES })).toEqual([]);
    expect((session.login_time as unknown as Date).getTime()).toBe(ist(OPEN_AT));
  });

  it('getProfile ≈ profile.json', async () => {
    expect(shapeDiffs(mockData('profile.json'), await kite.getProfile())).toEqual([]);
  });

  it("getMargins() ≈ margins.json and getMargins('equity') ≈ margins_equity.json", async () => {
    expect(shapeDiffs(mockData('margins.json'), await kite.getMargins())).toEqual([]);
    expect(shapeDiffs(mockData('margins_equity.json'), await kite.getMargins('equity'))).toEqual([]);
  });

  it('getHoldings ≈ holdings.json (every holding)', async () => {
    const holdings = await kite.getHoldings();
    expect(holdings.map((h) => h.tradingsymbol).sort()).toEqual(['INFY', 'ITC']);
    expect(shapeDiffs(mockData('holdings.json'), holdings)).toEqual([]);
  });

  it('getPositions ≈ positions.json (net and day, every position)', async () => {
    const positions = await kite.getPositions();
    expect(positions.day.map((p) => p.tradingsymbol).sort()).toEqual(['INFY', 'ITC']);
    expect(shapeDiffs(mockData('positions.json'), positions)).toEqual([]);
  });

  it('getLTP ≈ ltp.json', async () => {
    expect(shapeDiffs(mockData('ltp.json'), await kite.getLTP(['NSE:INFY']))).toEqual([]);
  });

  it("getInstruments('NSE') has the columns of instruments_nse.csv with the same types after the client's parsing", async () => {
    const mockCsv = readFileSync(path.join(MOCKS, 'instruments_nse.csv'), 'utf8');
    const expected = parseInstrumentsLikeClient(mockCsv);
    const rows = (await kite.getInstruments('NSE')) as unknown as Record<string, unknown>[];
    expect(Array.isArray(rows), 'the client parses CSV only for Content-Type exactly text/csv').toBe(true);
    expect(rows.length).toBeGreaterThan(0);
    expect(shapeDiffs(expected, rows)).toEqual([]);
    const header = mockCsv.split(/\r?\n/)[0]!.split(',');
    const badRow = rows.findIndex((r) => Object.keys(r).join(',') !== header.join(','));
    expect(badRow, `row ${badRow} columns differ from the mock header`).toBe(-1);
  });

  it('placeOrder regular (market hours) and amo (after the close) ≈ order_response.json', () => {
    expect(shapeDiffs(mockData('order_response.json'), placedResponses.regular)).toEqual([]);
    expect(shapeDiffs(mockData('order_response.json'), placedResponses.amo)).toEqual([]);
  });

  it('cancelOrder ≈ order_cancel.json', () => {
    expect(cancelResponse).toEqual({ order_id: cancelledLimit });
    expect(shapeDiffs(mockData('order_cancel.json'), cancelResponse)).toEqual([]);
  });

  it('getOrders ≈ orders.json for every order (COMPLETE, CANCELLED, AMO); timestamps arrive as Date', async () => {
    const orders = await kite.getOrders();
    const statuses = orders.map((o) => o.status).sort();
    expect(statuses).toEqual(['AMO REQ RECEIVED', 'CANCELLED', 'COMPLETE', 'COMPLETE']);
    expect(shapeDiffs(mockData('orders.json'), orders, { clientDates: CLIENT_ORDER_DATES })).toEqual([]);
  });

  it('getOrderHistory ≈ order_info.json for every snapshot', async () => {
    for (const id of [filledBuy, cancelledLimit]) {
      const history = await kite.getOrderHistory(id);
      expect(history.length).toBeGreaterThan(1);
      expect(shapeDiffs(mockData('order_info.json'), history, { clientDates: CLIENT_ORDER_DATES })).toEqual([]);
    }
  });

  it('getOrderTrades ≈ order_trades.json', async () => {
    const trades = await kite.getOrderTrades(filledBuy);
    expect(trades.length).toBeGreaterThan(0);
    expect(shapeDiffs(mockData('order_trades.json'), trades, { clientDates: CLIENT_ORDER_DATES })).toEqual([]);
  });

  it('getvirtualContractNote ≈ virtual_contract_note.json', async () => {
    const note = await kite.getvirtualContractNote([
      {
        order_id: filledBuy,
        exchange: 'NSE',
        tradingsymbol: 'INFY',
        transaction_type: 'BUY',
        variety: 'regular',
        product: 'CNC',
        order_type: 'MARKET',
        quantity: 1,
        average_price: 1500,
      },
      {
        order_id: 'x2',
        exchange: 'NSE',
        tradingsymbol: 'ITC',
        transaction_type: 'SELL',
        variety: 'regular',
        product: 'CNC',
        order_type: 'MARKET',
        quantity: 5,
        average_price: 410,
      },
    ]);
    expect(note).toHaveLength(2);
    expect(shapeDiffs(mockData('virtual_contract_note.json'), note)).toEqual([]);
  });

  describe('on the wire (what the client hides)', () => {
    it('JSON endpoints answer 200 with Content-Type exactly application/json', async () => {
      for (const url of ['/user/profile', '/user/margins', '/portfolio/holdings', '/portfolio/positions', '/orders', '/trades']) {
        await rawJson(url);
      }
    });

    it("orders, order history and trades carry 'yyyy-MM-dd HH:mm:ss' IST strings, the same instants the client's Dates hold", async () => {
      const orders: Record<string, unknown>[] = await rawJson('/orders');
      const buy = orders.find((o) => o['order_id'] === filledBuy)!;
      expect(buy['order_timestamp']).toBe('2026-11-25 10:00:00');
      expect(buy['exchange_timestamp']).toMatch(KITE_TIMESTAMP);
      const viaClient = (await kite.getOrders()).find((o) => o.order_id === filledBuy)!;
      expect((viaClient.order_timestamp as Date).getTime()).toBe(ist(OPEN_AT));
      const amo = orders.find((o) => o['variety'] === 'amo')!;
      expect(amo['order_timestamp']).toBe('2026-11-25 16:00:00');

      const history: Record<string, unknown>[] = await rawJson(`/orders/${filledBuy}`);
      for (const snap of history) expect(snap['order_timestamp']).toMatch(KITE_TIMESTAMP);
      expect(history.at(-1)!['exchange_timestamp']).toMatch(KITE_TIMESTAMP);

      const trades: Record<string, unknown>[] = await rawJson(`/orders/${filledBuy}/trades`);
      expect(trades.length).toBeGreaterThan(0);
      for (const tr of trades) {
        expect(tr['fill_timestamp']).toMatch(KITE_TIMESTAMP);
        expect(tr['exchange_timestamp']).toMatch(KITE_TIMESTAMP);
      }
    });

    it("POST /session/token sends login_time as a 'yyyy-MM-dd HH:mm:ss' string", async () => {
      const requestToken = await loginThroughForm();
      const checksum = createHash('sha256')
        .update(sim.apiKey + requestToken + sim.apiSecret)
        .digest('hex');
      const res = await fetch(`${sim.url}/session/token`, {
        method: 'POST',
        headers: { 'X-Kite-Version': '3', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ api_key: sim.apiKey, request_token: requestToken, checksum }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      const body = (await res.json()) as { data: { login_time: string } };
      expect(body.data.login_time).toBe(DateTime.fromMillis(clock.now(), { zone: 'Asia/Kolkata' }).toFormat('yyyy-MM-dd HH:mm:ss'));
    });

    it('GET /instruments/NSE is text/csv exactly, header as in the mock, no trailing newline', async () => {
      const res = await raw('/instruments/NSE');
      expect(res.status).toBe(200);
      expect(res.contentType).toBe('text/csv');
      const header = readFileSync(path.join(MOCKS, 'instruments_nse.csv'), 'utf8').split(/\r?\n/)[0];
      expect(res.text.split('\n')[0]).toBe(header);
      expect(res.text.endsWith('\n')).toBe(false);
    });
  });

  // Last: it ends the session every other test uses.
  it('invalidateAccessToken ≈ session_logout.json, and the token then answers 403', async () => {
    const out = await kite.invalidateAccessToken(accessToken);
    expect(shapeDiffs(mockData('session_logout.json'), out)).toEqual([]);
    const after = await raw('/user/profile');
    expect(after.status).toBe(403);
    expect(JSON.parse(after.text)).toMatchObject({ status: 'error', error_type: 'TokenException' });
  });
});

describe('the shape checker itself', () => {
  it('reports a missing key and a wrong type with their JSON paths', () => {
    expect(shapeDiffs({ a: 1, b: { c: 'x' } }, { b: { c: 2 } })).toEqual(['$.a: missing', '$.b.c: expected string, got number']);
  });

  it('checks every array element, not just the first, and names the bad index', () => {
    const mock = [{ q: 1, s: 'a' }];
    const actual = [{ q: 1, s: 'a' }, { q: '2', s: 'b' }, { q: 3 }, { q: 4, s: 'd' }];
    expect(shapeDiffs(mock, actual)).toEqual(['$[1].q: expected number, got "2"', '$[2].s: missing']);
  });

  it('merges the mock elements: keys present in only some are optional, types across elements form a union', () => {
    const mock = [{ a: 1, tags: ['x'] }, { a: 2 }];
    expect(shapeDiffs(mock, [{ a: 3 }, { a: 4, tags: ['y'] }])).toEqual([]);
    expect(shapeDiffs(mock, [{ tags: [] }])).toEqual(['$[0].a: missing', '$[0].tags: expected a non-empty array (the mock has elements to compare), got []']);
  });

  it('accepts null or the documented type only for allow-listed nullable fields', () => {
    expect(shapeDiffs({ status_message: null }, { status_message: 'Rejected' })).toEqual([]);
    expect(shapeDiffs({ tag: 'x' }, { tag: null })).toEqual([]);
    expect(shapeDiffs({ status_message: null }, { status_message: 3 })).toEqual(['$.status_message: expected null | string, got number']);
    expect(shapeDiffs({ price: 1 }, { price: null })).toEqual(['$.price: expected number, got null']);
    expect(shapeDiffs({ mystery: null }, { mystery: 'x' })).toEqual(['$.mystery: expected null, got "x"']);
    expect(shapeDiffs([{ meta: null }, { meta: 'y' }], [{ meta: null }])).toEqual(['$[0].meta: expected string, got null']);
  });

  it('accepts a Date for a timestamp only where the client converts it, and otherwise wants the exact string format', () => {
    const mock = { order_timestamp: '2021-05-31 09:18:57', exchange_timestamp: null };
    const asDates = { order_timestamp: new Date(), exchange_timestamp: new Date() };
    expect(shapeDiffs(mock, asDates, { clientDates: CLIENT_ORDER_DATES })).toEqual([]);
    expect(shapeDiffs(mock, asDates)).toEqual([
      "$.order_timestamp: expected 'yyyy-MM-dd HH:mm:ss' string, got Date",
      "$.exchange_timestamp: expected null | 'yyyy-MM-dd HH:mm:ss' string, got Date",
    ]);
    expect(shapeDiffs(mock, { order_timestamp: '2021-05-31T09:18:57Z', exchange_timestamp: null })).toEqual([
      `$.order_timestamp: expected 'yyyy-MM-dd HH:mm:ss' string, got "2021-05-31T09:18:57Z"`,
    ]);
    expect(shapeDiffs(mock, { order_timestamp: new Date(Number.NaN), exchange_timestamp: null }, { clientDates: CLIENT_ORDER_DATES })).toEqual([
      '$.order_timestamp: expected Date, got Invalid Date',
    ]);
  });

  it('rejects NaN (a CSV number the client could not parse) and an array where an object is expected', () => {
    expect(shapeDiffs({ last_price: 1.5 }, { last_price: Number.NaN })).toEqual(['$.last_price: expected number, got NaN']);
    expect(shapeDiffs({ data: { a: 1 } }, { data: [1] })).toEqual(['$.data: expected object, got array']);
  });
});
