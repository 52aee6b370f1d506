import { z } from 'zod';
import { AppError } from './errors.js';
import { AUTO_MARKET_PROTECTION, AUTO_MARKET_PROTECTION_ASSUMED_PCT, protectionPct } from './market-protection.js';
import type { PlannerOptions } from './types.js';

/**
 * Kite's `market_protection` for MARKET orders: since 2026-04-01 it is mandatory and non-zero for API market
 * orders, either `-1` (Kite's automatic protection) or a percentage 1–100 (kite-api.md §4.7, the `market_protection`
 * row, and §5 "Enforced by Zerodha from 2026-04-01", item 3). A protected market order becomes a limit at LTP ± p%.
 */
export const DEFAULT_MARKET_PROTECTION = 'auto' as const;

const rupees = z.number().finite().nonnegative();

/**
 * Every option that changes what a run does. Parsed and validated once (the CLI from flags, env and these
 * defaults), stored in the run's journal record, and used unchanged by `resume`.
 */
export const runOptionsSchema = z
  .object({
    /** ₹: no order is smaller. */
    minOrderValue: rupees.default(100),
    /** ₹ kept uninvested. */
    cashReserve: rupees.default(0),
    /** Never sell: only buy towards the targets. */
    buyOnly: z.boolean().default(false),
    /** A symbol whose |weight − target| is at most this fraction is left alone. */
    driftBand: z.number().min(0).lt(1).default(0),
    /** ₹: stop repairing once Σ|target − current| value is at most this. */
    targetDeficit: rupees.optional(),
    /** Rounds in all, the first included. */
    maxRounds: z.number().int().min(1).max(9).default(3),
    /** Outside market hours, place after-market orders instead of waiting for the open. */
    amo: z.boolean().default(false),
    /** Kite market_protection for MARKET orders: `auto` (Kite's own) or a percentage. */
    marketProtection: z.union([z.literal('auto'), z.number().int().min(1).max(100)]).default(DEFAULT_MARKET_PROTECTION),
    /** The % Kite's `auto` protection is taken to be when buys are sized (funds are blocked at LTP × (1 + p %)). */
    autoProtectionPct: z.number().gt(0).max(100).default(AUTO_MARKET_PROTECTION_ASSUMED_PCT),
    /** With imported lots: what a rupee of estimated capital-gains tax costs against a rupee of drift (0 = tax-blind). */
    taxWeight: z.number().finite().min(0).max(1000).default(1),
    /** ₹: the plan's estimated capital-gains tax may not exceed this. */
    maxTax: rupees.optional(),
  })
  .strict();

export type RunOptions = z.output<typeof runOptionsSchema>;
export type RunOptionKey = keyof RunOptions;
export type MarketProtection = RunOptions['marketProtection'];

export const DEFAULT_RUN_OPTIONS: RunOptions = runOptionsSchema.parse({});

/**
 * Options given in code (the engine's callers) or read back from a journal record: valid ones are returned,
 * anything else is refused with one line naming the first problem.
 */
export function parseRunOptions(input: unknown, what = 'run option'): RunOptions {
  const parsed = runOptionsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AppError('usage', `${what} ${issue?.path.join('.') || 'options'}: ${issue?.message ?? 'invalid'}`);
}

/**
 * Stored options as a run recorded them, for `resume`: a run recorded before tax entered the plan (no `taxWeight`)
 * was planned tax-blind, so it is resumed tax-blind (weight 0), not with today's default.
 */
export function storedRunOptionsInput(stored: unknown): unknown {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored) || 'taxWeight' in stored) return stored;
  return { ...stored, taxWeight: 0 };
}

/** The value Kite expects in `market_protection`. */
export const kiteMarketProtection = (p: MarketProtection): number => (p === 'auto' ? AUTO_MARKET_PROTECTION : p);

/** The percentage a protected market order may move from LTP: p, or for `auto` the run's assumed percentage. */
export const marketProtectionPct = (o: Pick<RunOptions, 'marketProtection' | 'autoProtectionPct'>): number =>
  protectionPct(kiteMarketProtection(o.marketProtection), o.autoProtectionPct);

/** The planner's share of the run options: buys are planned for funds blocked at the protection price. */
export function plannerOptionsOf(o: RunOptions, tradeDate: string): Partial<PlannerOptions> {
  return {
    minOrderValue: o.minOrderValue,
    cashReserve: o.cashReserve,
    buyOnly: o.buyOnly,
    driftBand: o.driftBand,
    marketProtectionPct: marketProtectionPct(o),
    tradeDate,
    taxWeight: o.taxWeight,
    maxTax: o.maxTax ?? null,
  };
}
