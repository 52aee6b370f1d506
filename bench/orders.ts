/**
 * Order placement pace: N market orders through the Kite adapter against the in-process simulator,
 * in real time, with Kite's limits (10 orders/s, 400 orders/min) enforced by the simulator.
 *
 *   npm run build && node -e "import('./dist/bench/orders.js').then(m => m.runOrdersBench())"
 */
import { DateTime } from 'luxon';
import { manualClock, scaledClock } from '../source/core/clock.js';
import { createKiteBroker } from '../source/broker/kite-adapter.js';
import { KITE_RATE_LIMITS, RateLimiter } from '../source/broker/rate-limiter.js';
import { BrokerError } from '../source/broker/port.js';
import { loadScenario, startSimulator } from '../source/sim/index.js';

export interface OrdersBenchRow {
  orders: number;
  /** Wall time from the first placement call to the last answer. */
  seconds: number;
  /** The issue's target pace, N / 10 s. */
  targetSeconds: number;
  /** The limiter's own schedule for N orders with zero network time: the best this design can do. */
  floorSeconds: number;
  /** The tool this replaces slept 1 s after every order. */
  originalSeconds: number;
  rejected429: number;
  otherFailures: number;
}

/** A trading day at 10:00 IST; the clock then runs at real speed, so only the date is fake. */
const SESSION_START = DateTime.fromISO('2026-11-25T10:00:00', { zone: 'Asia/Kolkata' }).toMillis();
const SYMBOLS = ['INFY', 'ITC', 'TCS', 'SBIN', 'NTPC'];

/** When the limiter would admit the N-th order if every request took no time at all. */
async function limiterFloorSeconds(n: number): Promise<number> {
  const clock = manualClock(0);
  const limiter = new RateLimiter(clock);
  for (let i = 0; i < n; i++) await limiter.acquire('order');
  return clock.now() / 1000;
}

async function placeMany(n: number): Promise<OrdersBenchRow> {
  const clock = scaledClock(SESSION_START, 1);
  const scenario = loadScenario({
    user: { user_id: 'PA0001', user_name: 'Paper Trader' },
    cash: 50_000_000,
    prices: { INFY: 1500, ITC: 410, TCS: 3100, SBIN: 810, NTPC: 330 },
    fill: { delay_ms: 400 },
  });
  // A fresh simulator per size: each run starts with empty per-second and per-minute counts.
  const sim = await startSimulator({ clock, scenario, port: 0 });
  try {
    const broker = createKiteBroker({ apiKey: sim.apiKey, accessToken: sim.issueAccessToken(), root: sim.url, clock });
    let rejected429 = 0;
    let otherFailures = 0;
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      try {
        await broker.placeOrder('regular', {
          exchange: 'NSE',
          tradingsymbol: SYMBOLS[i % SYMBOLS.length] ?? 'INFY',
          transaction_type: 'BUY',
          quantity: 1,
          product: 'CNC',
          order_type: 'MARKET',
          validity: 'DAY',
          tag: `Kbench${String(n).padStart(3, '0')}B${String(i).padStart(3, '0')}`.slice(0, 20),
        });
      } catch (e) {
        if (e instanceof BrokerError && e.httpStatus === 429) rejected429++;
        else otherFailures++;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      orders: n,
      seconds,
      targetSeconds: n / 10,
      floorSeconds: await limiterFloorSeconds(n),
      originalSeconds: n,
      rejected429,
      otherFailures,
    };
  } finally {
    await sim.close();
  }
}

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);

export function ordersBenchMarkdown(rows: OrdersBenchRow[]): string {
  const lines = [
    '| orders | measured | N/10 target | measured ÷ target | limiter floor | original tool (1 s/order) | speed-up | 429s | other failures |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.orders} | ${f2(r.seconds)} s | ${f1(r.targetSeconds)} s | ${f2(r.seconds / r.targetSeconds)} | ${f2(r.floorSeconds)} s | ${r.originalSeconds} s | ${f1(r.originalSeconds / r.seconds)}× | ${r.rejected429} | ${r.otherFailures} |`,
    ),
  ];
  const perMinute = KITE_RATE_LIMITS.ordersPerMinute;
  if (rows.some((r) => r.orders > perMinute)) {
    lines.push(
      '',
      `Above ${perMinute} orders the ${perMinute}/minute rule governs: no 60 s window may hold more than ${perMinute} orders, so ` +
        `order ${perMinute + 1} waits until 60 s after the first and 500 orders need ≈ 60 s + 10 s, not 50 s. ` +
        `The N/10 target is reachable only for N ≤ ${perMinute}.`,
    );
  }
  return lines.join('\n');
}

export async function runOrdersBench(sizes: readonly number[] = [10, 100, 500]): Promise<OrdersBenchRow[]> {
  const rows: OrdersBenchRow[] = [];
  for (const n of sizes) rows.push(await placeMany(n));
  console.log('## Order placement\n');
  console.log(ordersBenchMarkdown(rows));
  return rows;
}
