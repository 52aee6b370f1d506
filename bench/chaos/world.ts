import type { FaultEndpoint, FaultKind, ScenarioInput } from '../../source/sim/index.js';
import { rng } from './random.js';

/** Symbols the chaos accounts and baskets are drawn from, with their reference prices. */
const UNIVERSE: Record<string, number> = {
  INFY: 1512.4,
  HDFCBANK: 1985.6,
  RELIANCE: 1402.1,
  ITC: 405.35,
  TATASTEEL: 168.42,
  ONGC: 244.1,
  NTPC: 331.25,
  'M&M': 3215.5,
  'BAJAJ-AUTO': 5420.0,
  LT: 3890.2,
  TCS: 3105.7,
  SBIN: 812.55,
  WIPRO: 260.4,
  BHARTIARTL: 2010.3,
  MRF: 135_000,
};

/** Fault kinds a placement, a cancellation or a read may meet (weights: how often each is drawn). */
const REQUEST_FAULTS: readonly FaultKind[] = ['429', '429', '500', '502', '503', 'drop', 'drop', 'timeout-after-accept', 'timeout-after-accept', 'token'];
const FAULT_TARGETS: readonly FaultEndpoint[] = [
  'place_order',
  'place_order',
  'place_order',
  'cancel_order',
  'orders',
  'orders',
  'ltp',
  'holdings',
  'margins',
  'positions',
  'profile',
];

export interface ChaosFault {
  endpoint: FaultEndpoint;
  kind: FaultKind;
  count: number;
  after: number;
}

/** What the run is asked to do (the CLI flags), and what the invariants read back from them. */
export interface ChaosOptions {
  buyOnly: boolean;
  cashReserve: number;
  minOrderValue: number;
  driftBand: number;
  amo: boolean;
  maxRounds: number;
}

/** One chaos run: the account, the basket, the options, when it happens, and what goes wrong. */
export interface ChaosWorld {
  seed: number;
  scenario: ScenarioInput & { fault_hold_ms: number };
  basket: { format: 'stocks' | 'legacy'; text: string; symbols: string[] };
  options: ChaosOptions;
  /** IST wall time the simulated market starts at. */
  startIst: string;
  /** Clock ms per real ms (both processes run this fast). */
  scale: number;
  /** Real ms after which the first run (and, if drawn, the first resume) is SIGKILLed; null = not killed. */
  kills: (number | null)[];
  /** Named events drawn for this run beyond the request faults (for the tally). */
  events: string[];
}

export const flagsOf = (o: ChaosOptions): string[] => [
  ...(o.buyOnly ? ['--buy-only'] : []),
  ...(o.cashReserve > 0 ? ['--cash-reserve', String(o.cashReserve)] : []),
  '--min-order-value',
  String(o.minOrderValue),
  ...(o.driftBand > 0 ? ['--drift-band', String(o.driftBand)] : []),
  ...(o.amo ? ['--amo'] : []),
  '--max-rounds',
  String(o.maxRounds),
];

export function drawWorld(seed: number): ChaosWorld {
  const r = rng(seed);
  const events: string[] = [];
  const symbols = Object.keys(UNIVERSE);
  const prices: Record<string, number> = {};
  for (const s of symbols) prices[s] = UNIVERSE[s] as number;

  const held = r.shuffle(symbols).slice(0, r.int(0, 5));
  const holdings = held.map((tradingsymbol) => {
    const price = UNIVERSE[tradingsymbol] as number;
    const quantity = Math.max(1, Math.round(r.int(5_000, 120_000) / price));
    const t1 = r.chance(0.15) ? r.int(0, Math.floor(quantity / 3)) : 0;
    return { tradingsymbol, quantity, average_price: Math.round(price * (0.7 + r.next() * 0.5) * 100) / 100, ...(t1 ? { t1_quantity: t1 } : {}) };
  });
  const cash = r.pick([0, 2_000, 25_000, 80_000, 150_000, 400_000]);

  const basketSymbols = r.shuffle(symbols.filter((s) => s !== 'MRF' || r.chance(0.3))).slice(0, r.int(1, 6));
  const raw = basketSymbols.map(() => 0.2 + r.next());
  const invested = r.pick([1, 1, 0.95, 0.9, 0.8]);
  const sum = raw.reduce((a, b) => a + b, 0);
  const weights = raw.map((w) => Math.floor((w / sum) * invested * 1000) / 1000);
  const format = r.chance(0.5) ? 'stocks' : 'legacy';
  const text =
    format === 'stocks'
      ? JSON.stringify({ stocks: basketSymbols.map((s, i) => ({ stock_ticker: s, weight: weights[i] })) })
      : JSON.stringify({ stocks_picked: basketSymbols, weights: Object.fromEntries(basketSymbols.map((s, i) => [s, weights[i]])) });

  const options: ChaosOptions = {
    buyOnly: r.chance(0.25),
    cashReserve: r.chance(0.3) ? r.pick([1_000, 10_000, 50_000, 120_000]) : 0,
    minOrderValue: r.pick([100, 100, 500, 2_000, 10_000]),
    driftBand: r.chance(0.25) ? r.pick([0.005, 0.01, 0.03]) : 0,
    amo: false,
    maxRounds: r.int(1, 4),
  };

  // When: mostly mid-session; sometimes a few minutes before continuous trading ends (the market closes
  // mid-run); sometimes before the open with --amo.
  const when = r.next();
  let startIst: string;
  if (when < 0.12) {
    startIst = `2026-11-25T15:${String(r.int(10, 14)).padStart(2, '0')}:00`;
    events.push('market-closing');
  } else if (when < 0.22) {
    startIst = `2026-11-25T09:${String(r.int(8, 12)).padStart(2, '0')}:00`;
    options.amo = true;
    events.push('amo-before-open');
  } else {
    startIst = `2026-11-25T${String(r.int(9, 14)).padStart(2, '0')}:${String(r.int(20, 59)).padStart(2, '0')}:00`;
  }

  const faults: ChaosFault[] = [];
  for (let i = r.int(0, 5); i > 0; i--) {
    const endpoint = r.pick(FAULT_TARGETS);
    const kind = endpoint === 'cancel_order' && r.chance(0.5) ? 'unheeded' : r.pick(REQUEST_FAULTS);
    const after = endpoint === 'place_order' || endpoint === 'cancel_order' ? r.int(0, 4) : r.int(0, 12);
    faults.push({ endpoint, kind, count: kind === 'token' ? 1 : r.int(1, 3), after });
  }

  const partial: Record<string, number> = {};
  const stayOpen: string[] = [];
  for (const s of basketSymbols.concat(held)) {
    if (r.chance(0.12)) partial[s] = r.pick([0.3, 0.5, 0.8]);
    else if (r.chance(0.06)) stayOpen.push(s);
  }
  if (Object.keys(partial).length) events.push('partial-fill');
  if (stayOpen.length) events.push('order-stays-open');
  const volatility = r.chance(0.2) ? r.pick([0.05, 0.1, 0.2]) : r.pick([0, 0.002, 0.01]);
  if (volatility >= 0.05) events.push('price-jumps');
  const limits = r.chance(0.08) ? { orders_per_day: r.int(1, 5) } : {};
  if (limits.orders_per_day) events.push('order-cap');
  const ddpi = !r.chance(0.1);
  if (!ddpi) events.push('cdsl-unauthorised');

  return {
    seed,
    scenario: {
      user: { user_id: 'CH0001', user_name: 'Chaos User' },
      cash,
      holdings,
      prices,
      seed,
      volatility,
      fill: { delay_ms: r.pick([200, 800, 3_000]), ...(Object.keys(partial).length ? { partial } : {}), ...(stayOpen.length ? { stay_open: stayOpen } : {}) },
      faults,
      limits,
      ddpi,
      // Real ms: at 200× this is 10 s of clock time, near the 7 s a client waits before giving up.
      fault_hold_ms: 50,
    },
    basket: { format, text, symbols: basketSymbols },
    options,
    startIst,
    scale: 200,
    kills: [r.chance(0.5) ? r.int(150, 5_000) : null, r.chance(0.25) ? r.int(150, 4_000) : null],
    events,
  };
}
