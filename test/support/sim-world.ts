import { mkdtempSync, rmSync } from 'node:fs';
import { request, createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKiteBroker } from '../../source/broker/kite-adapter.js';
import type { Broker } from '../../source/broker/port.js';
import { fetchPrices } from '../../source/broker/prices.js';
import { createCalendar } from '../../source/core/calendar.js';
import { manualClock, type Clock } from '../../source/core/clock.js';
import { planRebalance } from '../../source/core/planner/index.js';
import { buildSnapshot } from '../../source/core/snapshot.js';
import type { Basket, Snapshot } from '../../source/core/types.js';
import type { EngineDeps } from '../../source/engine/index.js';
import { loadScenario, startSimulator, type ScenarioInput } from '../../source/sim/index.js';
import { openStores } from '../../source/store/index.js';
import { ist } from './engine-harness.js';
import { basketOf } from './simple-planner.js';

export const SIM_ACCOUNT: ScenarioInput = {
  cash: 20_000,
  holdings: [
    { tradingsymbol: 'INFY', quantity: 60, average_price: 1420.5 },
    { tradingsymbol: 'ITC', quantity: 300, average_price: 412.15 },
    { tradingsymbol: 'TATASTEEL', quantity: 400, average_price: 138.4 },
  ],
  prices: { INFY: 1512.4, ITC: 405.35, TATASTEEL: 168.42, HDFCBANK: 1985.6, TCS: 3105.7, SBIN: 812.55 },
  volatility: 0.002,
  fill: { delay_ms: 400 },
};
export const SIM_WEIGHTS = { INFY: 0.2, ITC: 0.2, HDFCBANK: 0.25, TCS: 0.15, SBIN: 0.2 };

/** A snapshot as the app builds it: holdings, positions, margins and batched LTPs through the adapter. */
export async function takeSnapshot(broker: Broker, basket: Basket, clock: Clock): Promise<Snapshot> {
  const [holdings, positions, margins] = await Promise.all([broker.holdings(), broker.positions(), broker.margins()]);
  const symbols = [...new Set([...Object.keys(basket.weights), ...holdings.map((h) => h.tradingsymbol), ...positions.net.map((p) => p.tradingsymbol)])];
  const { prices } = await fetchPrices(broker, symbols, holdings, { clock });
  return buildSnapshot({ holdings, positions, margins, prices, basketSymbols: Object.keys(basket.weights) });
}

/** One order placement as it went over the wire, with the simulator's HTTP answer. */
export interface Placement {
  tradingsymbol: string;
  transaction_type: string;
  tag: string;
  status: number;
}

/** Counts HTTP 429 answers between the adapter and the simulator, and logs every order placement. */
async function countingProxy(target: string): Promise<{ url: string; count429: () => number; placements: Placement[]; close: () => Promise<void> }> {
  let n = 0;
  const placements: Placement[] = [];
  const t = new URL(target);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const up = request({ host: t.hostname, port: t.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
        if (r.statusCode === 429) n++;
        if (req.method === 'POST' && /^\/orders\/[a-z]+$/.test(req.url ?? '')) {
          const form = new URLSearchParams(body.toString('utf8'));
          placements.push({
            tradingsymbol: form.get('tradingsymbol') ?? '',
            transaction_type: form.get('transaction_type') ?? '',
            tag: form.get('tag') ?? '',
            status: r.statusCode ?? 0,
          });
        }
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.destroy());
      up.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}`, count429: () => n, placements, close: () => new Promise((r) => server.close(() => r())) };
}

export async function simWorld(start: string, over: Partial<ScenarioInput> = {}, weights: Record<string, number> = SIM_WEIGHTS) {
  const clock = manualClock(ist(start));
  const calendar = createCalendar();
  const sim = await startSimulator({ clock, calendar, scenario: loadScenario({ ...SIM_ACCOUNT, ...over }), port: 0, quiet: true, timeoutHoldMs: 400 });
  const proxy = await countingProxy(sim.url);
  const home = mkdtempSync(join(tmpdir(), 'kr-engine-'));
  const stores = await openStores({ home });
  const basket = basketOf(weights);
  const makeBroker = () => createKiteBroker({ apiKey: 'paper_api_key', accessToken: sim.issueAccessToken(), root: proxy.url, clock, timeoutMs: 250 });
  const broker = makeBroker();
  const planner = (b: Basket, s: Snapshot) => planRebalance(b, s, { greedyOnly: true, tradeDate: '2026-11-23', minOrderValue: 100 });
  const deps: EngineDeps = {
    broker,
    clock,
    calendar,
    journal: stores.journal,
    lock: stores.lock,
    confirm: async () => true,
    planner,
    snapshot: () => takeSnapshot(deps.broker, basket, clock),
    random: () => 0.5,
    // Kite sessions end at 06:00 IST: a wait over a night needs a new login, as the TUI would do it.
    reauth: async () => (deps.broker = makeBroker()),
  };
  return {
    clock,
    calendar,
    sim,
    stores,
    basket,
    deps,
    home,
    makeBroker,
    count429: proxy.count429,
    /** Every POST /orders/{variety} that went through, in order, with the HTTP status answered. */
    placements: proxy.placements,
    initialPlan: async () => planner(basket, await takeSnapshot(broker, basket, clock)),
    /** The simulator's order book, as Kite would return it. */
    book: () =>
      sim.state.orders() as unknown as {
        order_id: string;
        tag: string | null;
        status: string;
        transaction_type: string;
        variety: string;
        tradingsymbol: string;
        filled_quantity: number;
        average_price: number;
        status_message: string | null;
        order_timestamp: string;
      }[],
    firstSeen: (orderId: string) => (sim.state.orderHistory(orderId)?.[0] as { order_timestamp: string } | undefined)?.order_timestamp ?? '',
    close: async () => {
      await stores.close();
      await proxy.close();
      await sim.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
export type SimWorld = Awaited<ReturnType<typeof simWorld>>;
