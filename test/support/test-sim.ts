import { DateTime } from 'luxon';
import { KiteConnect, type Connect } from 'kiteconnect';
import { manualClock, type ManualClock } from '../../source/core/clock.js';
import { loadScenario, startSimulator, type RunningSim, type ScenarioInput } from '../../source/sim/index.js';

export const ist = (s: string): number => DateTime.fromISO(s, { zone: 'Asia/Kolkata' }).toMillis();

/** Monday 2026-11-23 10:00 IST: a normal session is open. */
export const MARKET_OPEN = '2026-11-23T10:00:00';

export const BASE_SCENARIO: ScenarioInput = {
  user: { user_id: 'TS0001', user_name: 'Test Trader' },
  cash: 100_000,
  holdings: [
    { tradingsymbol: 'INFY', quantity: 10, average_price: 1400, isin: 'INE009A01021' },
    { tradingsymbol: 'ITC', quantity: 100, t1_quantity: 20, average_price: 400 },
  ],
  prices: { INFY: 1500, ITC: 410, TCS: 3100, 'M&M': 3200 },
  seed: 7,
  volatility: 0.01,
  fill: { delay_ms: 400 },
};

export interface TestSim {
  sim: RunningSim;
  clock: ManualClock;
  kite: Connect;
  close(): Promise<void>;
}

export async function startTestSim(overrides: Partial<ScenarioInput> = {}, at: string = MARKET_OPEN, kiteOpts: { timeout?: number } = {}): Promise<TestSim> {
  const clock = manualClock(ist(at));
  const scenario = loadScenario({ ...BASE_SCENARIO, ...overrides });
  const sim = await startSimulator({ clock, scenario, port: 0, timeoutHoldMs: 2_000 });
  const kite = new KiteConnect({ api_key: sim.apiKey, root: sim.url, ...kiteOpts });
  kite.setAccessToken(sim.issueAccessToken());
  return { sim, clock, kite, close: () => sim.close() };
}

/** Raw HTTP with the headers the kiteconnect client sends. */
export async function rawGet(
  t: TestSim,
  path: string,
  token = (t.kite as unknown as { access_token: string }).access_token,
): Promise<{ status: number; contentType: string | null; body: any; text: string }> {
  const res = await fetch(t.sim.url + path, {
    headers: { 'X-Kite-Version': '3', Authorization: `token ${t.sim.apiKey}:${token}` },
  });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, contentType: res.headers.get('content-type'), body, text };
}

/** The kiteconnect client rejects with a plain object envelope: capture it. */
export async function kiteError(p: Promise<unknown>): Promise<{ message: string; error_type: string }> {
  try {
    await p;
  } catch (e) {
    return e as { message: string; error_type: string };
  }
  throw new Error('expected the call to fail');
}

export type PlaceParams = Record<string, unknown>;

export const marketBuy = (tradingsymbol: string, quantity: number, extra: PlaceParams = {}): PlaceParams => ({
  exchange: 'NSE',
  tradingsymbol,
  transaction_type: 'BUY',
  quantity,
  product: 'CNC',
  order_type: 'MARKET',
  validity: 'DAY',
  market_protection: -1,
  ...extra,
});

export const marketSell = (tradingsymbol: string, quantity: number, extra: PlaceParams = {}): PlaceParams =>
  marketBuy(tradingsymbol, quantity, { transaction_type: 'SELL', ...extra });

export async function place(t: TestSim, params: PlaceParams, variety: 'regular' | 'amo' = 'regular'): Promise<string> {
  const r = await (t.kite.placeOrder as (v: string, p: PlaceParams) => Promise<{ order_id: string }>)(variety, params);
  return r.order_id;
}
