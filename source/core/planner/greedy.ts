import type { Deltas } from './evaluate.js';
import { cashFlow, isValidDelta, LinearState, setAside, symCost } from './linear.js';
import type { Problem, Sym } from './problem.js';
import { capSlack, gainsOf, lotBoundaries, taxOf } from './tax-term.js';

const EPS = 1e-7;
const PAIR_CANDIDATES = 16;
const LAGRANGIAN_STARTS = 4;

/** Snap a wanted delta to the nearest valid one on the same side (or 0). */
function snap(s: Sym, want: number): number {
  if (s.forcedSell) return -s.maxSell;
  if (want > 0) return want < s.minQty ? 0 : Math.min(want, s.maxBuy);
  if (want < 0) return -want < s.minQty ? 0 : -Math.min(-want, s.maxSell);
  return 0;
}

/** One share up or down from d, jumping over the gap (0, minQty) that the minimum order value forbids. */
function step(s: Sym, d: number, dir: 1 | -1): number | null {
  let to = d + dir;
  if (to > 0 && to < s.minQty) to = dir > 0 ? s.minQty : 0;
  if (to < 0 && -to < s.minQty) to = dir < 0 ? -s.minQty : 0;
  return to !== d && isValidDelta(s, to) ? to : null;
}

/** Bulk start: forced exits, overweight sells rounded to the nearest share, then buys scaled to fit the cash. */
function initial(p: Problem): LinearState {
  const st = new LinearState(p);
  p.syms.forEach((s, i) => {
    if (s.forcedSell) st.apply(i, -s.maxSell);
    else if (s.maxSell > 0 && s.held * s.price > s.target) {
      const to = snap(s, -Math.round((s.held * s.price - s.target) / s.price));
      if (to !== 0) st.apply(i, to);
    }
  });
  const wants = p.syms.map((s) => (s.maxBuy > 0 && s.target > s.held * s.price ? (s.target - s.held * s.price) / s.price : 0));
  const spend = (f: number): number => {
    let total = 0;
    p.syms.forEach((s, i) => {
      const q = snap(s, Math.floor(f * wants[i]!));
      if (q > 0) total += -cashFlow(p, s, q) + setAside(p, s, q);
    });
    return total;
  };
  const budget = st.cash - st.reserved - Math.max(p.reserve, p.cashTarget);
  let f = 1;
  if (spend(1) > budget) {
    let lo = 0;
    let hi = 1;
    for (let k = 0; k < 40; k++) {
      const mid = (lo + hi) / 2;
      if (spend(mid) <= budget) lo = mid;
      else hi = mid;
    }
    f = lo;
  }
  p.syms.forEach((s, i) => {
    const q = snap(s, Math.floor(f * wants[i]!));
    if (q > 0 && st.probe(i, q).slack >= 0) st.apply(i, q);
  });
  return st;
}

/**
 * Sells that end exactly at a FIFO lot boundary (with tax in the objective): where the gain per share changes, e.g.
 * the loss-making or long-term lots alone. Only those short of the shares either side of the target.
 */
function lotSells(p: Problem, s: Sym, i: number): number[] {
  if (!p.tax || s.forcedSell) return [];
  const over = Math.ceil((s.held * s.price - s.target) / s.price);
  return lotBoundaries(p.tax, i)
    .filter((b) => b < over)
    .map((b) => -b)
    .filter((d) => isValidDelta(s, d));
}

/** The few deltas worth considering per symbol: 0, the smallest order, and the shares either side of the target. */
function candidatesOf(p: Problem, s: Sym, i: number): number[] {
  if (s.forcedSell) return [-s.maxSell];
  const q = (s.target - s.held * s.price) / s.price;
  const out = new Set<number>([0]);
  for (const want of [Math.floor(q), Math.ceil(q), s.minQty, -s.minQty]) {
    const d = snap(s, want);
    if (isValidDelta(s, d)) out.add(d);
  }
  for (const d of lotSells(p, s, i)) out.add(d);
  return [...out];
}

/**
 * Lagrangian start: price spent cash at θ and let every symbol pick its best candidate on its own
 * (a ratio-greedy for this knapsack). Scan θ, keep the feasible choice with the lowest objective.
 */
function lagrangian(p: Problem, keep: number): LinearState[] {
  const cands = p.syms.map((s, i) => candidatesOf(p, s, i));
  // Each symbol alone, with the tax its sell would add to the year's (the sum over symbols is what the state prices).
  const aloneTax = (i: number, d: number): number => (p.tax && d < 0 ? p.tax.weight * taxOf(p.tax, gainsOf(p.tax, i, d)) : 0);
  const choose = (theta: number): LinearState => {
    const st = new LinearState(p);
    p.syms.forEach((s, i) => {
      let best = 0;
      let bestCost = Infinity;
      for (const d of cands[i]!) {
        const c = symCost(p, s, d) + aloneTax(i, d) - theta * cashFlow(p, s, d) + Math.max(0, theta) * setAside(p, s, d);
        if (c < bestCost - 1e-12) {
          bestCost = c;
          best = d;
        }
      }
      if (best !== 0) st.apply(i, best);
    });
    return st;
  };
  const found = new Map<string, LinearState>();
  const consider = (st: LinearState) => {
    if (st.slack() >= -EPS) found.set(st.d.join(','), st);
  };
  // θ = −½: spare cash above its target; larger θ: cash is scarce.
  let lo = -0.5;
  let hi = 4;
  const atLo = choose(lo);
  consider(atLo);
  if (atLo.slack() < -EPS) {
    for (let k = 0; k < 30; k++) {
      const mid = (lo + hi) / 2;
      const st = choose(mid);
      if (st.slack() >= -EPS) {
        hi = mid;
        consider(st);
      } else lo = mid;
    }
    consider(choose(hi));
  }
  for (const theta of [-0.25, 0, 0.1, 0.25, 0.5, 1]) consider(choose(theta));
  return [...found.values()].sort((a, b) => a.objective() - b.objective()).slice(0, keep);
}

interface Move {
  i: number;
  to: number;
}

/** Candidate moves of one symbol: a share up, a share down, cancel, and straight to the nearest-to-target size. */
function movesOf(p: Problem, s: Sym, i: number, d: number): number[] {
  if (s.forcedSell) return [];
  const out: number[] = [];
  const up = step(s, d, 1);
  const down = step(s, d, -1);
  if (up !== null) out.push(up);
  if (down !== null) out.push(down);
  if (d !== 0) out.push(0);
  const ideal = snap(s, Math.round((s.target - s.held * s.price) / s.price));
  if (ideal !== d && !out.includes(ideal) && isValidDelta(s, ideal)) out.push(ideal);
  for (const to of lotSells(p, s, i)) if (to !== d && !out.includes(to)) out.push(to);
  return out;
}

/**
 * A start over the tax cap: sells are cut back (to the next lot boundary down, or cancelled) where that saves the most
 * tax per rupee of objective, then buys the lost proceeds no longer fund are cancelled, until it fits.
 */
function withinTaxCap(p: Problem, st: LinearState): LinearState {
  const t = p.tax;
  if (!t || t.maxTax === null) return st;
  for (let guard = 0; guard < 10 * p.syms.length + 100 && capSlack(t, st.tax) < -EPS; guard++) {
    let best: { i: number; to: number; score: number } | null = null;
    for (let i = 0; i < p.syms.length; i++) {
      const s = p.syms[i]!;
      const d = st.d[i]!;
      if (d >= 0 || s.forcedSell) continue;
      const smaller = [0, ...lotBoundaries(t, i).map((b) => -b)].filter((to) => to > d && isValidDelta(s, to));
      for (const to of smaller) {
        const before = st.tax;
        const { dJ } = st.probe(i, to);
        st.apply(i, to);
        const saved = before - st.tax;
        st.apply(i, d);
        if (saved <= EPS) continue;
        const score = dJ / saved;
        if (!best || score < best.score) best = { i, to, score };
      }
    }
    if (!best) break;
    st.apply(best.i, best.to);
  }
  for (let guard = 0; guard < p.syms.length && st.cash - st.reserved - p.reserve < -EPS; guard++) {
    const buys = st.d.map((d, i) => ({ d, i })).filter((x) => x.d > 0);
    if (buys.length === 0) break;
    const cheapest = buys.reduce((a, b) => (st.probe(b.i, 0).dJ < st.probe(a.i, 0).dJ ? b : a));
    st.apply(cheapest.i, 0);
  }
  return st;
}

/**
 * Greedy local search on the optimiser's objective (drift in ₹ + charges): start from a bulk rounding,
 * then repeatedly take the single move — or, when cash binds, the sell+buy pair — that lowers the objective
 * most, until nothing improves. Always feasible under the linear model (and hence under exact charges).
 */
export function greedyPlan(p: Problem, opts: { deadline?: number; now?: () => number } = {}): Deltas {
  const starts = [initial(p), ...lagrangian(p, LAGRANGIAN_STARTS)].map((st) => withinTaxCap(p, st)).filter((st) => st.slack() >= -EPS);
  if (starts.length === 0) return p.syms.map((s) => (s.forcedSell ? -s.maxSell : 0));
  const results = starts.map((st) => localSearch(p, st, opts));
  return results.reduce((a, b) => (b.objective() < a.objective() ? b : a)).d;
}

function localSearch(p: Problem, st: LinearState, opts: { deadline?: number; now?: () => number }): LinearState {
  const n = p.syms.length;
  const maxIter = 40 * n + 1000;
  const now = opts.now ?? (() => 0);
  for (let iter = 0; iter < maxIter; iter++) {
    if (opts.deadline !== undefined && iter % 64 === 0 && now() > opts.deadline) break;
    let best: Move | null = null;
    let bestDJ = -EPS;
    const raisers: { m: Move; dJ: number }[] = [];
    const users: { m: Move; dJ: number }[] = [];
    for (let i = 0; i < n; i++) {
      const s = p.syms[i]!;
      const d = st.d[i]!;
      for (const to of movesOf(p, s, i, d)) {
        const { dJ, slack } = st.probe(i, to);
        if (slack >= -EPS && dJ < bestDJ) {
          bestDJ = dJ;
          best = { i, to };
        }
        const dCash = cashFlow(p, s, to) - cashFlow(p, s, d);
        if (dCash > 0) raisers.push({ m: { i, to }, dJ });
        else if (dCash < 0) users.push({ m: { i, to }, dJ });
      }
    }
    if (best === null && raisers.length > 0 && users.length > 0) {
      raisers.sort((a, b) => a.dJ - b.dJ);
      users.sort((a, b) => a.dJ - b.dJ);
      let bestPair: [Move, Move] | null = null;
      for (const r of raisers.slice(0, PAIR_CANDIDATES)) {
        const before = st.objective();
        const from = st.d[r.m.i]!;
        st.apply(r.m.i, r.m.to);
        for (const u of users.slice(0, PAIR_CANDIDATES)) {
          if (u.m.i === r.m.i) continue;
          const { dJ, slack } = st.probe(u.m.i, u.m.to);
          const total = st.objective() + dJ - before;
          if (slack >= -EPS && total < bestDJ) {
            bestDJ = total;
            bestPair = [r.m, u.m];
          }
        }
        st.apply(r.m.i, from);
      }
      if (bestPair) {
        st.apply(bestPair[0].i, bestPair[0].to);
        st.apply(bestPair[1].i, bestPair[1].to);
        continue;
      }
    }
    if (best === null) break;
    st.apply(best.i, best.to);
  }
  return st;
}
