import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { isKnownStatus } from '../core/order-status.js';

/** Endpoint names a fault can target ('*' = any). */
export const FAULT_ENDPOINTS = [
  'place_order',
  'cancel_order',
  'orders',
  'order_history',
  'order_trades',
  'trades',
  'ltp',
  'holdings',
  'positions',
  'margins',
  'profile',
  'instruments',
  'charges',
  'session_token',
  'holdings_authorise',
  '*',
] as const;
export type FaultEndpoint = (typeof FAULT_ENDPOINTS)[number];

export const FAULT_KINDS = ['429', '500', '502', '503', 'drop', 'timeout-after-accept', 'token', 'unheeded'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

const symbol = z.string().min(1).max(40);
const nonNegInt = z.number().int().nonnegative();

const holdingSchema = z
  .object({
    tradingsymbol: symbol,
    quantity: nonNegInt,
    average_price: z.number().nonnegative().optional(),
    t1_quantity: nonNegInt.optional(),
    collateral_quantity: nonNegInt.optional(),
    authorised_quantity: nonNegInt.optional(),
    isin: z.string().optional(),
    exchange: z.enum(['NSE', 'BSE']).optional(),
    reported_as: symbol.optional(),
    nse_listed: z.boolean().optional(),
  })
  .strict()
  .refine((h) => (h.t1_quantity ?? 0) + (h.collateral_quantity ?? 0) <= h.quantity, { message: 't1_quantity + collateral_quantity cannot exceed quantity' })
  .refine((h) => h.nse_listed !== false || h.exchange === 'BSE', {
    message: 'a holding NSE does not list (nse_listed: false) must be on BSE (exchange: "BSE")',
  });

const positionSchema = z
  .object({
    tradingsymbol: symbol,
    quantity: z.number().int(),
    average_price: z.number().positive().optional(),
  })
  .strict();

export const faultSchema = z
  .object({
    endpoint: z.enum(FAULT_ENDPOINTS),
    kind: z.enum(FAULT_KINDS),
    count: z.number().int().positive().default(1),
    /** Matching requests let through before the fault fires. */
    after: z.number().int().nonnegative().optional(),
  })
  .strict()
  .refine((f) => f.kind !== 'unheeded' || f.endpoint === 'cancel_order', { message: 'an unheeded fault is for cancel_order only' });
export type FaultSpec = z.infer<typeof faultSchema>;

const statusesSchema = z
  .object({
    cancelled_amo: z.boolean().optional(),
    unknown: z
      .record(symbol, z.string().min(1).max(60))
      .refine((m) => Object.values(m).every((s) => !isKnownStatus(s)), { message: 'a status Kite documents is not an unknown one' })
      .optional(),
  })
  .strict();

const limitsSchema = z
  .object({
    orders_per_second: z.number().int().positive().optional(),
    orders_per_minute: z.number().int().positive().optional(),
    orders_per_day: z.number().int().positive().optional(),
    quote_per_second: z.number().int().positive().optional(),
    other_per_second: z.number().int().positive().optional(),
  })
  .strict();

export const scenarioSchema = z
  .object({
    user: z
      .object({ user_id: z.string().min(1).max(20), user_name: z.string().min(1).max(100) })
      .strict()
      .default({ user_id: 'PA0001', user_name: 'Paper Trader' }),
    cash: z.number().nonnegative().default(0),
    holdings: z.array(holdingSchema).default([]),
    positions: z.array(positionSchema).default([]),
    prices: z.record(z.string(), z.number().positive()).default({}),
    unknown_symbols: z.array(z.string()).default([]),
    seed: z.number().int().default(1),
    volatility: z.number().min(0).max(0.5).default(0.01),
    fill: z
      .object({
        delay_ms: z.number().int().min(0).max(3_600_000).optional(),
        partial: z.record(z.string(), z.number().gt(0).lt(1)).optional(),
        stay_open: z.array(z.string()).optional(),
      })
      .strict()
      .default({}),
    faults: z.array(faultSchema).default([]),
    /** Real ms a 'timeout-after-accept' answer is withheld before the socket is destroyed (default 10 000). */
    fault_hold_ms: z.number().int().min(1).max(600_000).optional(),
    clock: z
      .object({
        start: z.iso.datetime({ offset: true, local: true }).optional(),
        scale: z.number().positive().optional(),
      })
      .strict()
      .optional(),
    /** % that `market_protection=-1` (auto) stands for: buys block funds at LTP × (1 + it). Kite does not publish its own. */
    auto_market_protection_pct: z.number().gt(0).max(100).default(2),
    holdings_semantics: z.enum(['documented', 'observed']).default('documented'),
    quantity_drops_after_sale: z.boolean().default(false),
    ltp_permission: z.boolean().default(true),
    /**
     * `last_price` of the NSE EQ rows in `/instruments`: 0 as in Kite's official mock (instruments_nse.csv), or the
     * previous close (the symbol's reference price) for the other reading.
     */
    instruments_last_price: z.enum(['zero', 'previous_close']).default('zero'),
    ddpi: z.boolean().default(true),
    /** What the profile's meta.demat_consent says; default 'physical' with ddpi, '' without (docs/scenario.md). */
    demat_consent: z.enum(['', 'consent', 'physical']).optional(),
    holdings_authorise_api: z.enum(['allowed', 'forbidden']).default('forbidden'),
    static_ip_ok: z.boolean().default(true),
    statuses: statusesSchema.default({}),
    limits: limitsSchema.default({}),
  })
  .strict();

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

/**
 * Symbols NSE does not list in this scenario: `unknown_symbols`, holdings NSE does not list (BSE only) and the
 * old names holdings are reported under (`reported_as`, unless it is NSE's own symbol in another series).
 * They are absent from `/instruments/NSE` and `/quote/ltp`, and NSE orders for them are refused.
 */
export function unlistedOnNse(s: Scenario): string[] {
  const traded = new Set([
    ...s.holdings.filter((h) => h.nse_listed !== false).map((h) => h.tradingsymbol),
    ...Object.keys(s.prices),
    ...s.positions.map((p) => p.tradingsymbol),
  ]);
  const out = new Set(s.unknown_symbols);
  for (const h of s.holdings) {
    if (h.nse_listed === false) out.add(h.tradingsymbol);
    if (h.reported_as && !traded.has(h.reported_as)) out.add(h.reported_as);
  }
  return [...out];
}

/** Validates a scenario (already JSON-parsed). Throws AppError('usage') with one line naming the bad field. */
export function loadScenario(json: unknown): Scenario {
  const r = scenarioSchema.safeParse(json);
  if (r.success) {
    const held = new Set(r.data.holdings.map((h) => h.tradingsymbol));
    for (const h of r.data.holdings) {
      if (r.data.unknown_symbols.includes(h.tradingsymbol)) {
        throw new AppError('usage', `Scenario: holding ${h.tradingsymbol} is also listed in unknown_symbols`);
      }
      if (h.reported_as && held.has(h.reported_as)) {
        throw new AppError('usage', `Scenario: holding ${h.tradingsymbol} is reported_as ${h.reported_as}, which is another holding`);
      }
    }
    return r.data;
  }
  const issue = r.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'scenario';
  throw new AppError('usage', `Scenario: ${where}: ${issue?.message ?? 'invalid'}`);
}

/** The paper-trading account used when no scenario is given: a modest NIFTY-50 portfolio plus cash. */
export const DEFAULT_SCENARIO: ScenarioInput = {
  user: { user_id: 'PA0001', user_name: 'Paper Trader' },
  cash: 250_000,
  holdings: [
    { tradingsymbol: 'INFY', quantity: 60, average_price: 1420.5, isin: 'INE009A01021' },
    { tradingsymbol: 'HDFCBANK', quantity: 40, average_price: 1610.0, isin: 'INE040A01034' },
    { tradingsymbol: 'RELIANCE', quantity: 50, average_price: 1275.3, isin: 'INE002A01018' },
    { tradingsymbol: 'ITC', quantity: 300, average_price: 412.15, isin: 'INE154A01025' },
    { tradingsymbol: 'TATASTEEL', quantity: 400, average_price: 138.4, isin: 'INE081A01020' },
    { tradingsymbol: 'ONGC', quantity: 200, t1_quantity: 20, average_price: 236.8, isin: 'INE213A01029' },
  ],
  prices: {
    INFY: 1512.4,
    HDFCBANK: 1985.6,
    RELIANCE: 1402.1,
    ITC: 405.35,
    TATASTEEL: 168.42,
    ONGC: 244.1,
    NTPC: 331.25,
    ADANIPORTS: 1410.0,
    ETERNAL: 301.5,
    HEROMOTOCO: 5420.0,
    'M&M': 3215.5,
    LT: 3890.2,
    TCS: 3105.7,
    SBIN: 812.55,
    BHARTIARTL: 2010.3,
  },
  seed: 1,
  volatility: 0.01,
  fill: { delay_ms: 400 },
};

export const defaultScenario = (): Scenario => loadScenario(DEFAULT_SCENARIO);
