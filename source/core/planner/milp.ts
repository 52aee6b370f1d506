import highsModule, { type Highs } from 'highs';
import type { Deltas } from './evaluate.js';
import { cashFlow, setAside, symCost } from './linear.js';
import type { Problem, Sym } from './problem.js';
import { gainsOf, taxOf } from './tax-term.js';

/**
 * The rebalance MILP (reference/rebalancing-anchors.md §3.5), solved with HiGHS (WebAssembly):
 *   integers bᵢ, sᵢ (shares bought/sold), binaries yᵢ, zᵢ (order placed), uᵢ ≥ |vᵢ − Tᵢ|, u_c ≥ |c − T_c|
 *   min ½Σuᵢ + ½u_c + Σ linear charges + DP·Σzᵢ
 *   s.t. minQtyᵢ·yᵢ ≤ bᵢ ≤ maxBuyᵢ·yᵢ, minQtyᵢ·zᵢ ≤ sᵢ ≤ maxSellᵢ·zᵢ, yᵢ + zᵢ ≤ 1,
 *        c = cash₀ + proceeds − costs − charges,  c − slippage·buys − allowance·orders ≥ reserve.
 * Symbols that cannot trade (and forced exits) are constants. Warm-started from the greedy plan.
 * With tax in the objective, each share sold costs weight × the symbol's average tax per share over its useful sell
 * (alone, after the year's realised gains): a linear stand-in, since the plan is then checked with the exact tax.
 */

type Loader = () => Promise<Highs>;
// The ESM build exports the loader as default; the CommonJS-typed declarations see it under `.default`.
const highsLoader: Loader = typeof highsModule === 'function' ? (highsModule as unknown as Loader) : (highsModule as unknown as { default: Loader }).default;

let loader: Promise<Highs> | null = null;
function getHighs(): Promise<Highs> {
  const p =
    loader ??
    highsLoader().catch((e: unknown) => {
      loader = null;
      throw e;
    });
  loader = p;
  return p;
}

/**
 * Loads HiGHS (once per process; a failed load is tried again next time). The planner awaits this before
 * its time budget starts, so that compiling the WebAssembly does not eat the solver's time.
 */
export async function loadHighs(): Promise<void> {
  await getHighs();
}

export interface MilpResult {
  deltas: Deltas | null;
  status: string;
  objective?: number;
  /** HiGHS' proven lower bound on the objective (when it reports one). */
  bound?: number;
}

/** Buying past the target (or selling below it) by more than one order never lowers the objective. */
function usefulBuy(s: Sym): number {
  const gap = (s.target - s.held * s.price) / s.price;
  if (s.maxBuy === 0 || gap <= 0) return 0;
  return Math.min(s.maxBuy, Math.max(s.minQty, Math.ceil(gap)));
}
function usefulSell(s: Sym): number {
  const gap = (s.held * s.price - s.target) / s.price;
  if (s.maxSell === 0 || gap <= 0) return 0;
  return Math.min(s.maxSell, Math.max(s.minQty, Math.ceil(gap)));
}

interface Cols {
  b: number;
  y: number;
  s: number;
  z: number;
  u: number;
  maxBuy: number;
  maxSell: number;
}

export async function solveMilp(p: Problem, warm: Deltas, opts: { timeLimitMs: number; mipRelGap: number }): Promise<MilpResult> {
  let highs: Highs;
  try {
    highs = await getHighs();
  } catch (e) {
    return { deltas: null, status: `HiGHS failed to load: ${e instanceof Error ? e.message : String(e)}` };
  }

  const colLower: number[] = [];
  const colUpper: number[] = [];
  const colCost: number[] = [];
  const integrality: (0 | 1)[] = [];
  const addCol = (lo: number, hi: number, cost: number, integer: boolean): number => {
    colLower.push(lo);
    colUpper.push(hi);
    colCost.push(cost);
    integrality.push(integer ? 1 : 0);
    return colLower.length - 1;
  };
  const rows: { idx: number[]; val: number[]; lo: number; hi: number }[] = [];
  const inf = highs.infinity;
  const addRow = (idx: number[], val: number[], lo: number, hi: number) => rows.push({ idx, val, lo, hi });

  let offset = 0;
  let constCash = p.cash0;
  let constAside = 0;
  const tax = p.tax;
  const aloneTax = (i: number, d: number): number => (tax && d < 0 ? taxOf(tax, gainsOf(tax, i, d)) : 0);
  let constTax = 0;
  const taxPerShare: number[] = [];
  const cols: (Cols | null)[] = [];
  p.syms.forEach((s, i) => {
    const maxBuy = s.forcedSell ? 0 : usefulBuy(s);
    const maxSell = s.forcedSell ? 0 : usefulSell(s);
    taxPerShare.push(maxSell > 0 ? aloneTax(i, -maxSell) / maxSell : 0);
    if (maxBuy === 0 && maxSell === 0) {
      const d = s.forcedSell ? -s.maxSell : 0;
      constTax += aloneTax(i, d);
      offset += symCost(p, s, d) + (tax ? tax.weight * aloneTax(i, d) : 0);
      constCash += cashFlow(p, s, d);
      constAside += setAside(p, s, d);
      cols.push(null);
      return;
    }
    const c: Cols = { b: -1, y: -1, s: -1, z: -1, u: -1, maxBuy, maxSell };
    if (maxBuy > 0) {
      c.b = addCol(0, maxBuy, p.rateBuy * s.price, true);
      c.y = addCol(0, 1, 0, true);
      addRow([c.b, c.y], [1, -maxBuy], -inf, 0);
      addRow([c.b, c.y], [1, -s.minQty], 0, inf);
    }
    if (maxSell > 0) {
      c.s = addCol(0, maxSell, p.rateSell * s.price + (tax ? tax.weight * taxPerShare[i]! : 0), true);
      c.z = addCol(0, 1, p.dp, true);
      addRow([c.s, c.z], [1, -maxSell], -inf, 0);
      addRow([c.s, c.z], [1, -s.minQty], 0, inf);
    }
    if (c.y >= 0 && c.z >= 0) addRow([c.y, c.z], [1, 1], -inf, 1);
    c.u = addCol(0, inf, 0.5, false);
    const hv = s.held * s.price;
    const idx = [c.u];
    const plus = [1];
    const minus = [1];
    if (c.b >= 0) {
      idx.push(c.b);
      plus.push(-s.price);
      minus.push(s.price);
    }
    if (c.s >= 0) {
      idx.push(c.s);
      plus.push(s.price);
      minus.push(-s.price);
    }
    addRow(idx, plus, hv - s.target, inf); // u ≥ v − T
    addRow(idx, minus, s.target - hv, inf); // u ≥ T − v
    cols.push(c);
  });
  const cCol = addCol(-inf, inf, 0, false);
  const ucCol = addCol(0, inf, 0.5, false);
  // Cash after trading (linear charges).
  const cashIdx = [cCol];
  const cashVal = [1];
  const asideIdx = [cCol];
  const asideVal = [1];
  p.syms.forEach((s, i) => {
    const c = cols[i];
    if (!c) return;
    if (c.b >= 0) {
      cashIdx.push(c.b);
      cashVal.push(s.price * (1 + p.rateBuy));
      asideIdx.push(c.b, c.y);
      asideVal.push(-s.slip * s.price, -p.allowance);
    }
    if (c.s >= 0) {
      cashIdx.push(c.s, c.z);
      cashVal.push(-s.price * (1 - p.rateSell), p.dp);
      asideIdx.push(c.z);
      asideVal.push(-p.allowance);
    }
  });
  addRow(cashIdx, cashVal, constCash, constCash);
  addRow(asideIdx, asideVal, p.reserve + constAside, inf);
  addRow([ucCol, cCol], [1, -1], -p.cashTarget, inf);
  addRow([ucCol, cCol], [1, 1], p.cashTarget, inf);
  if (tax && tax.maxTax !== null) {
    const idx: number[] = [];
    const val: number[] = [];
    cols.forEach((c, i) => {
      if (c && c.s >= 0) {
        idx.push(c.s);
        val.push(taxPerShare[i]!);
      }
    });
    if (idx.length) addRow(idx, val, -inf, tax.maxTax - constTax);
  }

  const numCols = colLower.length;
  const starts = [0];
  const index: number[] = [];
  const value: number[] = [];
  for (const r of rows) {
    index.push(...r.idx);
    value.push(...r.val);
    starts.push(index.length);
  }

  // Warm start from the greedy plan.
  const start = new Array<number>(numCols).fill(0);
  let warmCash = constCash;
  p.syms.forEach((s, i) => {
    const c = cols[i];
    if (!c) return;
    let d = warm[i] ?? 0;
    if ((d > 0 && d > c.maxBuy) || (d < 0 && -d > c.maxSell)) d = 0;
    if (d > 0) {
      start[c.b] = d;
      start[c.y] = 1;
    } else if (d < 0) {
      start[c.s] = -d;
      start[c.z] = 1;
    }
    start[c.u] = Math.abs((s.held + d) * s.price - s.target);
    warmCash += cashFlow(p, s, d);
  });
  start[cCol] = warmCash;
  start[ucCol] = Math.abs(warmCash - p.cashTarget);

  let model: ReturnType<Highs['createModel']> | null = null;
  try {
    model = highs.createModel({
      numCols,
      numRows: rows.length,
      offset,
      colCost,
      colLower,
      colUpper,
      rowLower: rows.map((r) => r.lo),
      rowUpper: rows.map((r) => r.hi),
      matrix: { format: 'csr', numRows: rows.length, numCols, starts, indices: index, values: value },
      integrality,
    });
    const options: Record<string, number | boolean | string> = { output_flag: false, mip_rel_gap: opts.mipRelGap, presolve: 'on' };
    if (Number.isFinite(opts.timeLimitMs)) options.time_limit = Math.max(0.01, opts.timeLimitMs / 1000);
    model.options.set(options);
    try {
      model.setSolution({ colValue: start });
    } catch {
      // A rejected start only loses the warm start.
    }
    model.run();
    const status = model.getModelStatus();
    const hasSolution = model.info.get('primal_solution_status') === 2;
    const names: Record<number, string> = { 7: 'optimal', 13: 'time limit', 8: 'infeasible', 17: 'interrupted', 14: 'iteration limit' };
    const statusName = names[status] ?? `status ${status}`;
    if (!hasSolution) return { deltas: null, status: `${statusName}, no solution` };
    const x = model.getSolution().colValue;
    const deltas = p.syms.map((s, i) => {
      const c = cols[i];
      if (!c) return s.forcedSell ? -s.maxSell : 0;
      const b = c.b >= 0 ? Math.round(x[c.b] ?? 0) : 0;
      const sold = c.s >= 0 ? Math.round(x[c.s] ?? 0) : 0;
      return b - sold;
    });
    const boundInfo = model.info.get('mip_dual_bound');
    const result: MilpResult = { deltas, status: statusName, objective: model.getObjectiveValue() };
    if (typeof boundInfo === 'number' && Number.isFinite(boundInfo)) result.bound = boundInfo;
    return result;
  } catch (e) {
    // A WebAssembly abort can leave the runtime unusable: load a fresh one next time.
    loader = null;
    return { deltas: null, status: `solver error: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    try {
      model?.dispose();
    } catch {
      loader = null;
    }
  }
}
