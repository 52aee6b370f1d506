import { AppError } from '../errors.js';
import { roundRupees } from '../money.js';
import { DEFAULT_RUN_OPTIONS } from '../run-options.js';
import type { Basket, Plan, PlannerOptions, Snapshot } from '../types.js';
import { evaluate, type Deltas, type Evaluation } from './evaluate.js';
import { assemblePlan } from './explain.js';
import { greedyPlan } from './greedy.js';
import { LinearState } from './linear.js';
import { loadHighs, solveMilp, type MilpResult } from './milp.js';
import { buildProblem, type Problem } from './problem.js';
import { withTaxEstimate } from '../tax/plan-tax.js';
import type { TaxBook } from '../tax/tax-book.js';
import { withTaxReasons } from './tax-reasons.js';
import { taxTermOf } from './tax-term.js';

export { evaluate } from './evaluate.js';
export type { Evaluation } from './evaluate.js';

export const DEFAULT_PLANNER_OPTIONS: PlannerOptions = {
  minOrderValue: DEFAULT_RUN_OPTIONS.minOrderValue,
  cashReserve: DEFAULT_RUN_OPTIONS.cashReserve,
  slippageBuffer: 0.005,
  marketProtectionPct: 0,
  buyOnly: DEFAULT_RUN_OPTIONS.buyOnly,
  driftBand: DEFAULT_RUN_OPTIONS.driftBand,
  timeLimitMs: 1500,
  tradeDate: '2026-01-01',
  taxWeight: DEFAULT_RUN_OPTIONS.taxWeight,
  maxTax: null,
};

/** What the planner knows besides its options: the account's lots and the year's gains, for the tax estimate. */
export interface PlannerInputs {
  /** With a book, every sell carries its tax estimate and tax enters the objective (`taxWeight`, `maxTax`). */
  taxBook?: TaxBook;
}

/** Extra knobs for the bench (the exact optimum): not part of the CLI. */
export interface PlannerTuning {
  /** HiGHS relative MIP gap; default 1e-4. */
  mipRelGap?: number;
  /** Skip the MILP and return the greedy plan. */
  greedyOnly?: boolean;
  /** Give HiGHS the whole timeLimitMs instead of the size-based budget (the bench's exact optimum). */
  fullTimeLimit?: boolean;
  /** Replaces the MILP solver (tests: a solver that crashes, times out or returns a bad plan). */
  solver?: typeof solveMilp;
  /**
   * Makes the solver ready before the time budget starts (default: load HiGHS, unless `solver` is replaced).
   * Tests: a slow or failing load.
   */
  prepareSolver?: () => Promise<void>;
  /** Time source of the planning budget, in ms (default `performance.now`). Tests: a clock that jumps. */
  now?: () => number;
}

/**
 * Planning budget by size: max(140 ms, 30 ms + 2.2 ms per tradable symbol) — ≈ 150 ms at 50 symbols, 1.2 s
 * at 500 — capped by timeLimitMs. On the bench (BENCHMARKS.md) the warm-started greedy is already within a
 * few tenths of a percent of the optimum at that size, and longer runs rarely improve it.
 */
const solverBudgetMs = (tradable: number): number => Math.max(140, 30 + 2.2 * tradable);

const DRIFT_TOLERANCE = 1e-9;

function resolveOptions(options: Partial<PlannerOptions> | undefined): PlannerOptions {
  const o = { ...DEFAULT_PLANNER_OPTIONS, ...options };
  o.maxTax ??= null;
  const check = (name: string, v: number, max = Infinity) => {
    if (!(Number.isFinite(v) || (name === 'timeLimitMs' && v === Infinity)) || v < 0 || v > max) {
      throw new AppError('usage', `planner option ${name} must be a number ≥ 0${max < Infinity ? ` and ≤ ${max}` : ''} (got ${v})`);
    }
  };
  check('minOrderValue', o.minOrderValue);
  check('cashReserve', o.cashReserve);
  check('slippageBuffer', o.slippageBuffer, 1);
  check('marketProtectionPct', o.marketProtectionPct, 100);
  check('driftBand', o.driftBand, 1);
  check('timeLimitMs', o.timeLimitMs);
  check('taxWeight', o.taxWeight);
  if (o.maxTax !== null) check('maxTax', o.maxTax);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(o.tradeDate)) throw new AppError('usage', `planner option tradeDate must be YYYY-MM-DD (got ${o.tradeDate})`);
  return o;
}

/** A plan passes when it is feasible under exact charges and does not increase drift. */
function passes(ev: Evaluation): boolean {
  return ev.violations.length === 0 && ev.driftAfter <= ev.driftBefore + DRIFT_TOLERANCE;
}

const forcedOnly = (p: Problem): Deltas => p.syms.map((s) => (s.forcedSell ? -s.maxSell : 0));

/**
 * Whole-share rebalance plan: a greedy (itself better than floor rounding) warm-starts a HiGHS MILP with a
 * time limit; every candidate is checked under exact charges and the best one that passes is returned.
 * When the solver times out, crashes or returns something that fails the check, the greedy plan stands.
 */
export async function planRebalance(basket: Basket, snapshot: Snapshot, options?: Partial<PlannerOptions> & PlannerTuning & PlannerInputs): Promise<Plan> {
  const clock = options?.now ?? (() => performance.now());
  const opts = resolveOptions(options);
  const book = options?.taxBook;
  const blindProblem = buildProblem(basket, snapshot, opts);
  // Tax enters the objective only with a weight above 0 or a cap: --tax-weight 0 plans exactly as before.
  const taxAware = book !== undefined && (opts.taxWeight > 0 || opts.maxTax !== null);
  const problem: Problem = taxAware ? { ...blindProblem, tax: taxTermOf(blindProblem.syms, book, opts.taxWeight, opts.maxTax) } : blindProblem;
  const tradableCount = problem.syms.filter((s) => s.maxBuy > 0 || s.maxSell > 0).length;
  const tradable = tradableCount > 0;
  let milpStatus = 'not run';
  let runMilp = tradable && !options?.greedyOnly && opts.timeLimitMs > 0;
  if (runMilp) {
    // Loaded before the clock starts: the budget is for solving, whatever the load costs on this machine.
    const prepare = options?.prepareSolver ?? (options?.solver ? null : loadHighs);
    try {
      await prepare?.();
    } catch (e) {
      runMilp = false;
      milpStatus = `HiGHS failed to load: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  const started = clock();
  const budget = options?.fullTimeLimit ? opts.timeLimitMs : Math.min(opts.timeLimitMs, solverBudgetMs(tradableCount));
  const deadline = started + (Number.isFinite(budget) ? budget : 600_000);

  const greedy = greedyPlan(problem, { deadline, now: clock });
  const greedyEval = evaluate(problem, greedy);
  const candidates: { deltas: Deltas; ev: Evaluation; method: Plan['solver']['method'] }[] = [];
  if (passes(greedyEval)) candidates.push({ deltas: greedy, ev: greedyEval, method: 'greedy' });
  // The tax-blind plan: a candidate under the tax-aware objective too, and what the reasons compare with.
  const blind = taxAware ? greedyPlan(blindProblem, { deadline, now: clock }) : greedy;
  if (taxAware) {
    const ev = evaluate(problem, blind);
    if (passes(ev)) candidates.push({ deltas: blind, ev, method: 'greedy' });
  }
  let bound: number | undefined;

  if (runMilp) {
    const remaining = Number.isFinite(budget) ? Math.max(20, deadline - clock()) : Infinity;
    const solve = options?.solver ?? solveMilp;
    let milp: MilpResult;
    try {
      milp = await solve(problem, greedy, { timeLimitMs: remaining, mipRelGap: options?.mipRelGap ?? 5e-4 });
    } catch (e) {
      milp = { deltas: null, status: `solver error: ${e instanceof Error ? e.message : String(e)}` };
    }
    milpStatus = milp.status;
    bound = milp.bound;
    if (milp.deltas) {
      const ev = evaluate(problem, milp.deltas);
      if (passes(ev)) candidates.push({ deltas: milp.deltas, ev, method: 'milp' });
      else milpStatus += `; its plan failed the check (${ev.violations[0] ?? 'drift would rise'}), greedy kept`;
    }
  }
  if (candidates.length === 0) {
    for (const deltas of [forcedOnly(problem), problem.syms.map(() => 0)]) {
      const ev = evaluate(problem, deltas);
      if (passes(ev)) {
        candidates.push({ deltas, ev, method: 'none' });
        break;
      }
    }
  }
  const best = candidates.reduce((a, b) => (b.ev.objective < a.ev.objective - 1e-9 ? b : a), candidates[0]!);
  const ms = Math.round((clock() - started) * 10) / 10;
  const status = !tradable ? 'nothing can be traded' : best.method === 'milp' ? `milp: ${milpStatus}` : `greedy (milp: ${milpStatus})`;
  const solver: Plan['solver'] = { method: tradable ? best.method : 'none', status, ms, objective: roundRupees(best.ev.objective) };
  if (bound !== undefined && best.method === 'milp') solver.status += `, bound ${roundRupees(bound)}`;
  const plan = assemblePlan(problem, best.deltas, best.ev, solver);
  if (!book) return plan;
  return withTaxReasons(withTaxEstimate(plan, book, { taxWeight: opts.taxWeight, maxTax: opts.maxTax }), problem, best.deltas, blind);
}

/**
 * The original tool's rule, for comparison: Δ = target − current value per symbol; skip when |Δ| is below
 * the minimum order value; quantity = floor(|Δ| / price) (sells capped at what is sellable); sells first,
 * then buys by largest deficit; symbols outside the basket sold to 0. A buy the cash cannot cover fails, as it
 * did with the original tool (Kite rejects it); `capBuysToCash` is a kinder variant that buys what fits.
 */
export function floorRulePlan(basket: Basket, snapshot: Snapshot, options?: Partial<PlannerOptions>, rule: { capBuysToCash?: boolean } = {}): Plan {
  const started = performance.now();
  const opts = resolveOptions(options);
  const problem = buildProblem(basket, snapshot, opts);
  const st = new LinearState(problem);
  const wants = problem.syms.map((s, i) => ({ i, s, gap: s.target - s.held * s.price }));
  const sells = wants.filter((w) => w.s.forcedSell || (w.gap < 0 && w.s.maxSell > 0)).sort((a, b) => a.gap - b.gap);
  const buys = wants.filter((w) => !w.s.forcedSell && w.gap > 0 && w.s.maxBuy > 0).sort((a, b) => b.gap - a.gap);
  for (const { i, s, gap } of sells) {
    const q = s.forcedSell ? s.maxSell : Math.min(Math.floor(-gap / s.price), s.maxSell);
    if (q > 0 && q * s.price >= problem.minOrder && -gap >= problem.minOrder) st.apply(i, -q);
  }
  for (const { i, s, gap } of buys) {
    let q = Math.min(Math.floor(gap / s.price), s.maxBuy);
    if (rule.capBuysToCash) {
      while (q > 0 && st.probe(i, q).slack < 0) q -= 1;
    } else if (q > 0 && st.probe(i, q).slack < 0) {
      // The original tool placed the whole buy; Kite rejects an order the cash cannot cover.
      q = 0;
    }
    if (q > 0 && q * s.price >= problem.minOrder && gap >= problem.minOrder) st.apply(i, q);
  }
  const ev = evaluate(problem, st.d);
  const ms = Math.round((performance.now() - started) * 10) / 10;
  return assemblePlan(problem, st.d, ev, { method: 'none', status: 'floor rule (original tool)', ms, objective: roundRupees(ev.objective) });
}

/** The original tool's stop measure: Σ |target value − current value| over priced symbols, in ₹ (cash excluded). */
export function targetDeficit(basket: Basket, snapshot: Snapshot): number {
  const V = snapshot.totalValue;
  const seen = new Set<string>();
  let total = 0;
  for (const l of snapshot.lines) {
    if (l.price === null) continue;
    seen.add(l.tradingsymbol);
    total += Math.abs((basket.weights[l.tradingsymbol] ?? 0) * V - l.quantity * l.price);
  }
  for (const [symbol, w] of Object.entries(basket.weights)) {
    if (!seen.has(symbol) && !snapshot.unpriced.includes(symbol)) total += w * V;
  }
  return roundRupees(total);
}
