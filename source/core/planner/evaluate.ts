import { deliveryCharges } from '../charges.js';
import { drift } from '../drift.js';
import { toPaise, toRupees } from '../money.js';
import type { Problem } from './problem.js';
import { gainsOf, taxOf } from './tax-term.js';

/** A candidate plan: signed share change per `problem.syms` entry (+ buy, − sell). */
export type Deltas = number[];

export interface Evaluation {
  /** ½Σ|vᵢ − Tᵢ| + ½|cash − T_cash| + charges, in ₹ (V = value before trading): what the optimiser minimises. */
  objective: number;
  /** Exact charges, DP charges included (₹). */
  charges: number;
  cashAfter: number;
  buyValue: number;
  /** Cash kept aside for buy prices moving (Σ buy value × the symbol's buffer), ₹. */
  buyBuffer: number;
  sellValue: number;
  /** Tax the sells add to the financial year's (₹), when tax is in the objective; else 0. */
  tax: number;
  driftBefore: number;
  driftAfter: number;
  weightsAfter: Record<string, number>;
  violations: string[];
}

export function orderCharges(problem: Problem, delta: number, price: number): number {
  if (delta === 0) return 0;
  const side = delta > 0 ? 'BUY' : 'SELL';
  const c = deliveryCharges(side, Math.abs(delta) * price, problem.tradeDate).total;
  return side === 'SELL' ? c + problem.dp : c;
}

function weightsOf(problem: Problem, deltas: Deltas, cash: number): { weights: Record<string, number>; cashWeight: number } {
  let total = cash;
  for (let i = 0; i < problem.syms.length; i++) {
    const s = problem.syms[i]!;
    total += (s.held + (deltas[i] ?? 0)) * s.price;
  }
  const weights: Record<string, number> = {};
  for (let i = 0; i < problem.syms.length; i++) {
    const s = problem.syms[i]!;
    weights[s.symbol] = total > 0 ? ((s.held + (deltas[i] ?? 0)) * s.price) / total : 0;
  }
  return { weights, cashWeight: total > 0 ? cash / total : 0 };
}

/** Exact evaluation and feasibility check of a plan (charges with Zerodha's rounding, money in paise). */
export function evaluate(problem: Problem, deltas: Deltas): Evaluation {
  const violations: string[] = [];
  let chargesP = 0;
  let buyP = 0;
  let bufferP = 0;
  let sellP = 0;
  let deviation = 0;
  problem.syms.forEach((s, i) => {
    const d = deltas[i] ?? 0;
    if (!Number.isInteger(d)) violations.push(`${s.symbol}: ${d} is not a whole number of shares`);
    if (d !== 0) {
      const valueP = toPaise(Math.abs(d) * s.price);
      if (d > 0 && d > s.maxBuy) violations.push(`${s.symbol}: buying ${d} is not allowed (max ${s.maxBuy})`);
      if (d < 0 && -d > s.maxSell) violations.push(`${s.symbol}: selling ${-d} exceeds the sellable ${s.maxSell}`);
      if (valueP < toPaise(problem.minOrder)) violations.push(`${s.symbol}: order value ${toRupees(valueP)} below the minimum ${problem.minOrder}`);
      if (d > 0) {
        buyP += valueP;
        bufferP += s.slip * valueP;
      } else sellP += valueP;
      chargesP += toPaise(orderCharges(problem, d, s.price));
    }
    deviation += Math.abs((s.held + d) * s.price - s.target);
  });
  const cashP = toPaise(problem.cash0) + sellP - buyP - chargesP;
  const spareP = cashP - Math.ceil(bufferP) - toPaise(problem.reserve);
  if (spareP < 0) violations.push(`cash short by ${toRupees(-spareP)} after charges, reserve and slippage buffer`);
  const cashAfter = toRupees(cashP);
  const charges = toRupees(chargesP);
  let objective = deviation / 2 + Math.abs(cashAfter - problem.cashTarget) / 2 + charges;
  let tax = 0;
  if (problem.tax) {
    const t = problem.tax;
    const sums = { short: 0, long: 0 };
    deltas.forEach((d, i) => {
      const g = gainsOf(t, i, d);
      sums.short += g.short;
      sums.long += g.long;
    });
    tax = taxOf(t, sums);
    objective += t.weight * tax;
    if (t.maxTax !== null && tax > t.maxTax + 0.005) violations.push(`estimated tax ${toRupees(Math.round(tax * 100))} above the --max-tax ${t.maxTax}`);
  }

  const before = weightsOf(problem, [], problem.cash0);
  const after = weightsOf(problem, deltas, cashAfter);
  return {
    objective,
    charges,
    cashAfter,
    buyValue: toRupees(buyP),
    buyBuffer: toRupees(Math.ceil(bufferP)),
    sellValue: toRupees(sellP),
    tax,
    driftBefore: drift(before.weights, problem.targets, before.cashWeight, problem.cashWeight),
    driftAfter: drift(after.weights, problem.targets, after.cashWeight, problem.cashWeight),
    weightsAfter: after.weights,
    violations,
  };
}
