import type { Deltas } from './evaluate.js';
import { cashFlow, isValidDelta, LinearState, setAside, symCost } from './linear.js';
import type { Problem, Sym } from './problem.js';

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

/** The few deltas worth considering per symbol: 0, the smallest order, and the shares either side of the target. */
function candidatesOf(s: Sym): number[] {
  if (s.forcedSell) return [-s.maxSell];
  const q = (s.target - s.held * s.price) / s.price;
  const out = new Set<number>([0]);
  for (const want of [Math.floor(q), Math.ceil(q), s.minQty, -s.minQty]) {
    const d = snap(s, want);
    if (isValidDelta(s, d)) out.add(d);
  }
  return [...out];
}

/**
 * Lagrangian start: price spent cash at θ and let every symbol pick its best candidate on its own
 * (a ratio-greedy for this knapsack). Scan θ, keep the feasible choice with the lowest objective.
 */
function lagrangian(p: Problem, keep: number): LinearState[] {
  const cands = p.syms.map(candidatesOf);
  const choose = (theta: number): LinearState => {
    const st = new LinearState(p);
    p.syms.forEach((s, i) => {
      let best = 0;
      let bestCost = Infinity;
      for (const d of cands[i]!) {
        const c = symCost(p, s, d) - theta * cashFlow(p, s, d) + Math.max(0, theta) * setAside(p, s, d);
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
function movesOf(s: Sym, d: number): number[] {
  if (s.forcedSell) return [];
  const out: number[] = [];
  const up = step(s, d, 1);
  const down = step(s, d, -1);
  if (up !== null) out.push(up);
  if (down !== null) out.push(down);
  if (d !== 0) out.push(0);
  const ideal = snap(s, Math.round((s.target - s.held * s.price) / s.price));
  if (ideal !== d && !out.includes(ideal) && isValidDelta(s, ideal)) out.push(ideal);
  return out;
}

/**
 * Greedy local search on the optimiser's objective (drift in ₹ + charges): start from a bulk rounding,
 * then repeatedly take the single move — or, when cash binds, the sell+buy pair — that lowers the objective
 * most, until nothing improves. Always feasible under the linear model (and hence under exact charges).
 */
export function greedyPlan(p: Problem, opts: { deadline?: number; now?: () => number } = {}): Deltas {
  const starts = [initial(p), ...lagrangian(p, LAGRANGIAN_STARTS)].filter((st) => st.slack() >= -EPS);
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
      for (const to of movesOf(s, d)) {
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
