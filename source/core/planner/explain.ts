import { formatInr, formatPct as pct, roundRupees } from '../money.js';
import type { Plan, PlannedOrder, PlanRow, SkippedSymbol } from '../types.js';
import { orderCharges, type Deltas, type Evaluation } from './evaluate.js';
import type { Problem, Sym } from './problem.js';

/** The short form of PRICES_FILE_HINT (../price-file.ts), which the snapshot's warning gives in full. */
const UNPRICED_FIX = "give yesterday's closing prices with --prices FILE (NSE's CM bhavcopy, or symbol,price lines)";

function orderReason(p: Problem, s: Sym, d: number, after: number): string {
  const current = p.V > 0 ? (s.held * s.price) / p.V : 0;
  if (s.forcedSell) {
    return s.kept > 0
      ? `not in the basket: sell the ${-d} sellable (${s.kept} kept: ${s.keptWhy}), ${pct(current)} of the account`
      : `not in the basket: sell all ${-d} (${pct(current)} of the account)`;
  }
  if (!s.inBasket) {
    return -d === s.maxSell
      ? `not in the basket: sell all ${-d} sellable (${pct(current)} of the account)`
      : `not in the basket: sell ${-d} of the ${s.maxSell} sellable, the rest kept to stay within --max-tax (${pct(current)} of the account)`;
  }
  const move = `${pct(current)} → ${pct(after)} (target ${pct(s.weight)})`;
  if (d < 0 && s.kept > 0 && -d === s.maxSell) return `overweight: ${move}; sells the ${-d} sellable (${s.kept} kept: ${s.keptWhy})`;
  if (d < 0) return `overweight: ${move}; the proceeds fund the buys`;
  if (s.held === 0) return `new position: ${move}`;
  return `underweight: ${move}`;
}

function skipReason(p: Problem, s: Sym, ev: Evaluation): string {
  if (s.fixedReason) return s.fixedReason;
  if (!s.inBasket) return `not in the basket, but kept: selling it would take the estimated tax over --max-tax`;
  const value = s.held * s.price;
  const current = p.V > 0 ? value / p.V : 0;
  const gap = s.target - value;
  const where = `${pct(current)} vs target ${pct(s.weight)}`;
  if (Math.abs(gap) <= s.price / 2) return `on target: within half a share (${where})`;
  if (Math.abs(gap) < p.minOrder) return `the change needed (${formatInr(Math.abs(gap))}) is below the minimum order value ${formatInr(p.minOrder)}`;
  if (gap > 0) {
    if (s.maxBuy === 0) return `underweight (${where}), but it cannot be bought`;
    const spare = ev.cashAfter - ev.buyBuffer - p.reserve;
    const oneOrder = s.minQty * s.price * (1 + p.rateBuy + s.slip);
    if (spare < oneOrder)
      return `underweight (${where}), but the cash left (${formatInr(Math.max(0, spare))}) does not cover one order of ${s.minQty} × ${formatInr(s.price)}`;
    if (s.minQty * s.price > 2 * gap)
      return `underweight by ${formatInr(gap)}, but the smallest order (${formatInr(s.minQty * s.price)}) would overshoot by more than it closes`;
    if (p.cashTarget > 0 && ev.cashAfter - p.cashTarget < oneOrder) {
      return `underweight by ${formatInr(gap)}, but the cash left (${formatInr(ev.cashAfter)}) is what the basket keeps in cash (${pct(p.cashWeight)})`;
    }
    return `underweight by ${formatInr(gap)}, but buying more would not lower drift plus charges`;
  }
  if (s.maxSell === 0) {
    return p.options.buyOnly ? `overweight (${where}), but --buy-only: nothing is sold` : `overweight (${where}), but no shares can be sold`;
  }
  return `overweight by ${formatInr(-gap)}, but selling would cost more (DP ${formatInr(p.dp)} per scrip + STT 0.1%) than it lowers drift`;
}

/** Turns a checked plan into the Plan contract: orders with reasons, a reason for every symbol not traded, rows. */
export function assemblePlan(p: Problem, deltas: Deltas, ev: Evaluation, solver: Plan['solver']): Plan {
  const orders: PlannedOrder[] = [];
  const skipped: SkippedSymbol[] = [];
  const rows: PlanRow[] = [];
  p.syms.forEach((s, i) => {
    const d = deltas[i] ?? 0;
    const after = ev.weightsAfter[s.symbol] ?? 0;
    const current = p.V > 0 ? (s.held * s.price) / p.V : 0;
    if (d !== 0) {
      if (!s.inBasket && d < 0 && s.kept > 0) {
        skipped.push({ tradingsymbol: s.symbol, reason: `not in the basket, but ${s.kept} of ${s.held} cannot be sold now (${s.keptWhy}): kept` });
      }
      orders.push({
        tradingsymbol: s.symbol,
        exchange: 'NSE',
        transaction_type: d > 0 ? 'BUY' : 'SELL',
        quantity: Math.abs(d),
        price: s.price,
        value: roundRupees(Math.abs(d) * s.price),
        charges: roundRupees(orderCharges(p, d, s.price)),
        reason: orderReason(p, s, d, after),
        ...(d > 0 && s.priceMove > p.priceMove ? { price_buffer: s.priceMove } : {}),
      });
    } else {
      skipped.push({ tradingsymbol: s.symbol, reason: skipReason(p, s, ev) });
    }
    rows.push({
      tradingsymbol: s.symbol,
      price: s.price,
      stale: s.stale,
      quantity: s.held,
      currentWeight: current,
      targetWeight: s.weight,
      drift: current - s.weight,
      plannedDelta: d,
      weightAfter: after,
    });
  });
  for (const symbol of p.unpriced) {
    skipped.push({
      tradingsymbol: symbol,
      reason: `no price (no live quote, holdings, positions, instruments or --prices file price): left out; ${UNPRICED_FIX}`,
    });
    rows.push({
      tradingsymbol: symbol,
      price: null,
      stale: false,
      quantity: 0,
      currentWeight: 0,
      targetWeight: p.targets[symbol] ?? 0,
      drift: -(p.targets[symbol] ?? 0),
      plannedDelta: 0,
      weightAfter: 0,
    });
  }
  orders.sort((a, b) => (a.transaction_type === b.transaction_type ? b.value - a.value : a.transaction_type === 'SELL' ? -1 : 1));
  rows.sort((a, b) => a.tradingsymbol.localeCompare(b.tradingsymbol));
  return {
    orders,
    skipped,
    rows,
    drift_before: ev.driftBefore,
    drift_after: ev.driftAfter,
    cash_after: ev.cashAfter,
    charges: ev.charges,
    solver,
  };
}
