import { chargeRate, DP_CHARGE_PER_SCRIP, ROUNDING_ALLOWANCE } from '../charges.js';
import { fundsBuffer } from '../market-protection.js';
import { formatInr, formatPct as pct } from '../money.js';
import { FILE_PRICE_BUFFER } from '../price-file.js';
import type { Basket, PlannerOptions, Snapshot, SnapshotLine } from '../types.js';
import type { TaxTerm } from './tax-term.js';

/** One priced symbol as the optimiser sees it. Quantities in shares, money in rupees. */
export interface Sym {
  symbol: string;
  price: number;
  held: number;
  /** Target value t·V (₹). */
  target: number;
  weight: number;
  inBasket: boolean;
  stale: boolean;
  /** Share of a buy's value allowed for the price moving: the slippage buffer, more for a --prices file price. */
  priceMove: number;
  /** Share of a buy's value kept aside: the protection price Kite blocks funds at, compounded with `priceMove`. */
  slip: number;
  /** Largest buy allowed (0: no buys). */
  maxBuy: number;
  /** Largest sell allowed (0: no sells). */
  maxSell: number;
  /** Non-basket exit: sell exactly maxSell. */
  forcedSell: boolean;
  /** Smallest order in shares that meets the minimum order value. */
  minQty: number;
  /** Why the symbol may not trade at all (band, no sellable shares, …). */
  fixedReason?: string;
  /** Shares held that cannot be sold now (held − sellable), and why, e.g. "T1" or "20 T1, 30 pledged". */
  kept: number;
  keptWhy: string;
}

export interface Problem {
  syms: Sym[];
  cash0: number;
  /** Total value before trading (₹), the denominator of every weight the optimiser uses. */
  V: number;
  cashTarget: number; // ₹
  cashWeight: number;
  reserve: number;
  /** The usual allowance for the price moving and share kept aside (each symbol's own are `Sym.priceMove`, `Sym.slip`). */
  priceMove: number;
  slip: number;
  minOrder: number;
  rateBuy: number;
  rateSell: number;
  dp: number;
  /** Per-order allowance for rounding of exact charges (kept aside in the cash constraint). */
  allowance: number;
  tradeDate: string;
  targets: Record<string, number>;
  unpriced: string[];
  options: PlannerOptions;
  /** Tax in the objective (a tax book and a weight above 0, or a cap); absent: tax-blind, as before. */
  tax?: TaxTerm;
}

/** Why `kept` shares of a holding cannot be sold now, from the snapshot line: "T1", or "20 T1, 30 pledged". */
function keptWhy(line: SnapshotLine | undefined, kept: number): string {
  if (!line || kept <= 0) return '';
  const parts: [number, string][] = (
    [
      [line.t1Quantity, 'T1'],
      [line.collateralQuantity, 'pledged'],
      [line.unauthorisedQuantity, 'not authorised for sale (no DDPI)'],
    ] as [number, string][]
  ).filter(([n]) => n > 0);
  if (parts.length === 1 && parts[0]![0] === kept) return parts[0]![1];
  if (parts.length === 0) return 'not sellable now';
  return parts.map(([n, why]) => `${n} ${why}`).join(', ');
}

/** Builds the optimisation problem: universe = basket ∪ held symbols; unpriced ones are left out. */
export function buildProblem(basket: Basket, snapshot: Snapshot, options: PlannerOptions): Problem {
  const V = snapshot.totalValue;
  const minOrder = Math.max(0, options.minOrderValue);
  const syms: Sym[] = [];
  const lines = new Map(snapshot.lines.map((l) => [l.tradingsymbol, l]));
  const universe = new Set([...Object.keys(basket.weights), ...snapshot.lines.filter((l) => l.quantity !== 0).map((l) => l.tradingsymbol)]);
  const unpriced: string[] = [];
  // Upper bound on any buy: all cash plus every sellable share sold.
  let reachable = snapshot.cash;
  if (!options.buyOnly) for (const l of snapshot.lines) if (l.price && !l.untradable) reachable += l.price * l.sellable;

  for (const symbol of [...universe].sort()) {
    const line = lines.get(symbol);
    const price = line?.price ?? null;
    if (price === null || !(price > 0)) {
      unpriced.push(symbol);
      continue;
    }
    const held = line?.quantity ?? 0;
    const weight = basket.weights[symbol] ?? 0;
    const inBasket = symbol in basket.weights;
    const sellable = Math.max(0, Math.min(line?.sellable ?? 0, held));
    const minQty = Math.max(1, Math.ceil(minOrder / price - 1e-9));
    const value = held * price;
    const current = V > 0 ? value / V : 0;
    const target = weight * V;
    const priceMove = Math.max(0, options.slippageBuffer, line?.priceSource === 'file' ? FILE_PRICE_BUFFER : 0);
    const slip = fundsBuffer(options.marketProtectionPct, priceMove);
    const sym: Sym = {
      symbol,
      price,
      held,
      target,
      weight,
      inBasket,
      stale: line?.stale ?? false,
      priceMove,
      slip,
      maxBuy: 0,
      maxSell: 0,
      forcedSell: false,
      minQty,
      kept: Math.max(0, held - sellable),
      keptWhy: keptWhy(line, held - sellable),
    };

    if (line?.untradable) {
      sym.fixedReason = `not traded: ${line.untradable}`;
      syms.push(sym);
      continue;
    }
    if (options.driftBand > 0 && Math.abs(current - weight) <= options.driftBand) {
      sym.fixedReason = `within the drift band: ${pct(current)} vs target ${pct(weight)} (band ±${pct(options.driftBand)})`;
      syms.push(sym);
      continue;
    }
    const sellBlockers: string[] = [];
    if (line && line.t1Quantity > 0) sellBlockers.push(`${line.t1Quantity} in T1`);
    if (line && line.collateralQuantity > 0) sellBlockers.push(`${line.collateralQuantity} pledged`);
    if (line && line.unauthorisedQuantity > 0) sellBlockers.push(`${line.unauthorisedQuantity} not authorised for sale (no DDPI)`);
    const blockers = sellBlockers.length > 0 ? ` (${sellBlockers.join(', ')})` : '';

    if (!inBasket) {
      if (options.buyOnly) sym.fixedReason = 'not in the basket, but --buy-only: nothing is sold';
      else if (sellable === 0) sym.fixedReason = `not in the basket, but no shares are sellable${blockers}`;
      else if (sellable * price < minOrder)
        sym.fixedReason = `not in the basket, but selling all ${sellable} (${formatInr(sellable * price)}) is below the minimum order value ${formatInr(minOrder)}`;
      else {
        sym.maxSell = sellable;
        // Sold in full, except under a tax cap: then it is an ordinary sell towards a target of 0, which the
        // optimiser may trim (or keep) to stay within --max-tax.
        sym.forcedSell = options.maxTax === null || options.maxTax === undefined;
      }
      syms.push(sym);
      continue;
    }
    sym.maxSell = options.buyOnly ? 0 : sellable;
    if (sym.maxSell < minQty) sym.maxSell = 0;
    sym.maxBuy = Math.max(0, Math.floor(reachable / (price * (1 + chargeRate('BUY', options.tradeDate)))));
    if (sym.maxBuy < minQty) sym.maxBuy = 0;
    if (weight === 0) sym.maxBuy = 0;
    if (sym.maxBuy === 0 && sym.maxSell === 0) {
      if (value > target) {
        sym.fixedReason = options.buyOnly
          ? `overweight (${pct(current)} vs ${pct(weight)}), but --buy-only: nothing is sold`
          : `overweight (${pct(current)} vs ${pct(weight)}), but no shares can be sold${blockers}`;
      } else {
        sym.fixedReason = `underweight (${pct(current)} vs ${pct(weight)}), but one order (${sym.minQty} × ${formatInr(price)}) costs more than the cash that could be raised`;
      }
    }
    syms.push(sym);
  }

  return {
    syms,
    cash0: snapshot.cash,
    V,
    cashTarget: basket.cashWeight * V,
    cashWeight: basket.cashWeight,
    // Never take cash below the reserve, or below today's cash when that is already lower (sells only add cash).
    reserve: Math.max(0, Math.min(options.cashReserve, snapshot.cash)),
    priceMove: Math.max(0, options.slippageBuffer),
    slip: fundsBuffer(options.marketProtectionPct, Math.max(0, options.slippageBuffer)),
    minOrder,
    rateBuy: chargeRate('BUY', options.tradeDate),
    rateSell: chargeRate('SELL', options.tradeDate),
    dp: DP_CHARGE_PER_SCRIP,
    allowance: ROUNDING_ALLOWANCE,
    tradeDate: options.tradeDate,
    targets: { ...basket.weights },
    unpriced,
    options,
  };
}
