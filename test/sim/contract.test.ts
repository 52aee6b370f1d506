import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marketBuy, marketSell, place, rawGet, startTestSim, type TestSim } from './helpers.js';

const MOCKS = path.resolve(import.meta.dirname, '../../../shared/kite-mocks');
const haveMocks = existsSync(MOCKS);
if (!haveMocks) console.warn(`[sim contract] skipped: Kite mocks not found at ${MOCKS} (needs ../shared next to the repo)`);

const mock = (name: string): any => JSON.parse(readFileSync(path.join(MOCKS, name), 'utf8'));

/**
 * Every key of the mock must be present in the simulator's answer with the same JS type, recursively
 * (arrays: first elements). A null in the mock means "nullable": any value is accepted.
 */
const DOCUMENTED_NULLABLE = new Set(['avatar_url']); // "string or null" per the docs

function shapeDiffs(expected: unknown, actual: unknown, at = '$'): string[] {
  if (expected === null) return [];
  if (actual === null && DOCUMENTED_NULLABLE.has(at.split('.').pop()!)) return [];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected array, got ${typeof actual}`];
    if (expected.length === 0) return [];
    if (actual.length === 0) return [`${at}: expected a non-empty array`];
    return shapeDiffs(expected[0], actual[0], `${at}[0]`);
  }
  if (typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [`${at}: expected object`];
    return Object.entries(expected as Record<string, unknown>).flatMap(([k, v]) =>
      k in (actual as object) ? shapeDiffs(v, (actual as Record<string, unknown>)[k], `${at}.${k}`) : [`${at}.${k}: missing`],
    );
  }
  return typeof expected === typeof actual ? [] : [`${at}: expected ${typeof expected}, got ${typeof actual}`];
}

describe.skipIf(!haveMocks)('simulator answers match the official Kite mocks (field names and JS types)', () => {
  let t: TestSim;
  let completeId: string;

  beforeAll(async () => {
    t = await startTestSim();
    completeId = await place(t, marketBuy('INFY', 1, { tag: 'contract1' }));
    await place(t, marketSell('ITC', 5));
    t.clock.advance(2_000);
  });
  afterAll(() => t.close());

  const cases: [string, string, (t: TestSim) => string][] = [
    ['profile.json', 'GET /user/profile', () => '/user/profile'],
    ['margins.json', 'GET /user/margins', () => '/user/margins'],
    ['margins_equity.json', 'GET /user/margins/equity', () => '/user/margins/equity'],
    ['holdings.json', 'GET /portfolio/holdings', () => '/portfolio/holdings'],
    ['positions.json', 'GET /portfolio/positions', () => '/portfolio/positions'],
    ['orders.json', 'GET /orders', () => '/orders'],
    ['trades.json', 'GET /trades', () => '/trades'],
  ];

  for (const [file, label, url] of cases) {
    it(`${label} ≈ ${file}`, async () => {
      const res = await rawGet(t, url(t));
      expect(res.status).toBe(200);
      expect(res.contentType).toBe('application/json');
      expect(shapeDiffs(mock(file), res.body)).toEqual([]);
    });
  }

  it('GET /orders/:id ≈ order_info.json (an array of snapshots)', async () => {
    const res = await rawGet(t, `/orders/${completeId}`);
    expect(shapeDiffs(mock('order_info.json'), res.body)).toEqual([]);
  });

  it('GET /orders/:id/trades ≈ order_trades.json', async () => {
    const res = await rawGet(t, `/orders/${completeId}/trades`);
    expect(shapeDiffs(mock('order_trades.json'), res.body)).toEqual([]);
  });

  it('GET /quote/ltp ≈ ltp.json', async () => {
    const res = await rawGet(t, '/quote/ltp?i=NSE%3AINFY');
    expect(shapeDiffs(mock('ltp.json'), res.body)).toEqual([]);
  });

  it('POST /orders/regular ≈ order_response.json and DELETE ≈ order_cancel.json', async () => {
    const headers = {
      'X-Kite-Version': '3',
      Authorization: `token ${t.sim.apiKey}:${(t.kite as any).access_token}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    };
    const body = new URLSearchParams({
      exchange: 'NSE', tradingsymbol: 'TCS', transaction_type: 'BUY', quantity: '1', product: 'CNC',
      order_type: 'LIMIT', price: '10', validity: 'DAY', variety: 'regular',
    });
    const placed = await fetch(`${t.sim.url}/orders/regular`, { method: 'POST', headers, body });
    const placedBody: any = await placed.json();
    expect(shapeDiffs(mock('order_response.json'), placedBody)).toEqual([]);
    t.clock.advance(1_000);
    const id = placedBody.data.order_id;
    const cancelled = await fetch(`${t.sim.url}/orders/regular/${id}?variety=regular&order_id=${id}`, { method: 'DELETE', headers });
    expect(shapeDiffs(mock('order_cancel.json'), await cancelled.json())).toEqual([]);
  });

  it('POST /charges/orders ≈ virtual_contract_note.json', async () => {
    const res = await fetch(`${t.sim.url}/charges/orders`, {
      method: 'POST',
      headers: {
        'X-Kite-Version': '3',
        Authorization: `token ${t.sim.apiKey}:${(t.kite as any).access_token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify([
        { order_id: completeId, exchange: 'NSE', tradingsymbol: 'INFY', transaction_type: 'BUY', variety: 'regular',
          product: 'CNC', order_type: 'MARKET', quantity: 1, average_price: 1500 },
      ]),
    });
    expect(shapeDiffs(mock('virtual_contract_note.json'), await res.json())).toEqual([]);
  });

  it('POST /session/token ≈ generate_session.json and DELETE ≈ session_logout.json', async () => {
    const requestToken = t.sim.state.issueRequestToken();
    const checksum = createHash('sha256').update(t.sim.apiKey + requestToken + t.sim.apiSecret).digest('hex');
    const res = await fetch(`${t.sim.url}/session/token`, {
      method: 'POST',
      headers: { 'X-Kite-Version': '3', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ api_key: t.sim.apiKey, request_token: requestToken, checksum }),
    });
    const session: any = await res.json();
    expect(shapeDiffs(mock('generate_session.json'), session)).toEqual([]);
    const out = await fetch(
      `${t.sim.url}/session/token?api_key=${t.sim.apiKey}&access_token=${session.data.access_token}`,
      { method: 'DELETE', headers: { 'X-Kite-Version': '3' } },
    );
    expect(shapeDiffs(mock('session_logout.json'), await out.json())).toEqual([]);
  });

  it('GET /instruments/NSE has the columns of instruments_nse.csv, text/csv exactly, no trailing newline', async () => {
    const res = await rawGet(t, '/instruments/NSE');
    expect(res.contentType).toBe('text/csv');
    const header = readFileSync(path.join(MOCKS, 'instruments_nse.csv'), 'utf8').split(/\r?\n/)[0];
    expect(res.text.split('\n')[0]).toBe(header);
    expect(res.text.endsWith('\n')).toBe(false);
  });

  it('the comparison itself notices a missing field and a wrong type', () => {
    expect(shapeDiffs({ a: 1, b: { c: 'x' } }, { b: { c: 2 } })).toEqual(['$.a: missing', '$.b.c: expected string, got number']);
  });
});
