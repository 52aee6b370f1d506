import type { AccountHolding, AccountMargins, AccountPositions } from './account-records.js';
import { roundRupees, toPaise, toRupees } from './money.js';
import type { PriceQuote, Snapshot, SnapshotLine } from './types.js';

export interface SnapshotInput {
  holdings: AccountHolding[];
  positions: AccountPositions;
  margins: AccountMargins;
  prices: Record<string, PriceQuote>;
  basketSymbols: string[];
  /**
   * true when the account has DDPI/POA on file, so any settled quantity can be sold. false: only
   * `authorised_quantity` (CDSL eDIS authorised today) is sellable. Default true (unattended API selling
   * needs DDPI); pass false to plan only what is authorised.
   */
  ddpi?: boolean;
}

const EQUITY_EXCHANGES = new Set(['NSE', 'BSE']);

interface Acc {
  symbol: string;
  isin?: string;
  holdingQty: number;
  t1: number;
  collateral: number;
  authorised: number;
  positionQty: number;
  notes: string[];
  fallbackPrice?: number;
}

/**
 * One view of the account for the planner. Quantity per NSE symbol = holdings `quantity` (which includes
 * T1) + today's net CNC position; `used_quantity` is NOT subtracted, because today's sells already show in
 * positions. A BSE holding of the same ISIN/symbol is the same stock and is traded on NSE. Collateral is
 * assumed to be part of `quantity` (still owned) but is never sellable; T1 shares are not sold either
 * (their proceeds arrive only the next trading day). Cash for buying = equity `net` minus collateral margin
 * (margin from pledged stock cannot pay for delivery buys). Unpriced symbols are reported and left out,
 * never valued at zero.
 */
export function buildSnapshot(input: SnapshotInput): Snapshot {
  const ddpi = input.ddpi ?? true;
  const warnings: string[] = [];
  const bySymbol = new Map<string, Acc>();
  const symbolByIsin = new Map<string, string>();
  const acc = (symbol: string): Acc => {
    let a = bySymbol.get(symbol);
    if (!a) {
      a = { symbol, holdingQty: 0, t1: 0, collateral: 0, authorised: 0, positionQty: 0, notes: [] };
      bySymbol.set(symbol, a);
    }
    return a;
  };

  // NSE rows first so a BSE row of the same ISIN merges into the NSE symbol.
  const holdings = [...input.holdings].sort((a, b) => (a.exchange === 'NSE' ? 0 : 1) - (b.exchange === 'NSE' ? 0 : 1));
  for (const h of holdings) {
    if (!EQUITY_EXCHANGES.has(h.exchange)) continue;
    const symbol = (h.isin && symbolByIsin.get(h.isin)) || h.tradingsymbol;
    if (h.isin && !symbolByIsin.has(h.isin)) symbolByIsin.set(h.isin, symbol);
    const a = acc(symbol);
    if (h.isin) a.isin = h.isin;
    a.holdingQty += h.quantity;
    a.t1 += h.t1_quantity ?? 0;
    a.collateral += h.collateral_quantity ?? 0;
    a.authorised += h.authorised_quantity ?? 0;
    if (h.exchange === 'BSE') a.notes.push(`${h.quantity} held via BSE (${h.tradingsymbol}); traded on NSE`);
    if (h.last_price > 0 && a.fallbackPrice === undefined) a.fallbackPrice = h.last_price;
  }

  let ignoredPositions = 0;
  for (const p of input.positions.net) {
    if (!EQUITY_EXCHANGES.has(p.exchange) || p.product !== 'CNC') {
      if (p.quantity !== 0) ignoredPositions += 1;
      continue;
    }
    if (p.quantity === 0) continue;
    const a = acc(p.tradingsymbol);
    a.positionQty += p.quantity;
    a.notes.push(p.quantity > 0 ? `bought ${p.quantity} today (CNC)` : `sold ${-p.quantity} today (CNC)`);
  }
  if (ignoredPositions > 0) warnings.push(`${ignoredPositions} open non-delivery position(s) (F&O, MIS, commodity) are not part of the rebalance`);

  for (const s of input.basketSymbols) acc(s);

  const lines: SnapshotLine[] = [];
  const unpriced: string[] = [];
  let holdingsP = 0;
  let positionsP = 0;
  for (const a of bySymbol.values()) {
    const quantity = a.holdingQty + a.positionQty;
    const soldToday = Math.max(0, -a.positionQty);
    const settledFree = Math.max(0, a.holdingQty - a.t1 - a.collateral - soldToday);
    const authorisedLeft = Math.max(0, a.authorised - soldToday);
    const unauthorisedQuantity = ddpi ? 0 : Math.max(0, settledFree - authorisedLeft);
    const sellable = Math.max(0, Math.min(quantity, settledFree - unauthorisedQuantity));
    const notes = [...a.notes];
    if (a.t1 > 0) notes.push(`${a.t1} in T1 (not yet delivered; not sold)`);
    if (a.collateral > 0) notes.push(`${a.collateral} pledged as collateral (not sellable)`);
    if (unauthorisedQuantity > 0) notes.push(`${unauthorisedQuantity} need CDSL authorisation (no DDPI)`);

    const quote = input.prices[a.symbol];
    const price = quote && quote.price > 0 && Number.isFinite(quote.price) ? quote.price : null;
    if (price === null) {
      if (quantity !== 0 || input.basketSymbols.includes(a.symbol)) unpriced.push(a.symbol);
    } else {
      holdingsP += toPaise(a.holdingQty * price);
      positionsP += toPaise(a.positionQty * price);
      if (quote?.stale) notes.push(`price is stale (${quote.source})`);
    }
    const line: SnapshotLine = {
      tradingsymbol: a.symbol,
      exchange: 'NSE',
      quantity,
      sellable,
      t1Quantity: a.t1,
      collateralQuantity: a.collateral,
      unauthorisedQuantity,
      price,
      priceSource: price === null ? null : (quote?.source ?? null),
      stale: price === null ? false : (quote?.stale ?? false),
      notes,
    };
    if (a.isin) line.isin = a.isin;
    lines.push(line);
  }
  lines.sort((x, y) => x.tradingsymbol.localeCompare(y.tradingsymbol));
  for (const s of unpriced) warnings.push(`no price for ${s}: left out of the plan and of the total value`);

  const m = input.margins;
  const cash = roundRupees(Math.max(0, (m.net ?? 0) - (m.available?.collateral ?? 0)));
  const holdingsValue = toRupees(holdingsP);
  const positionsValue = toRupees(positionsP);
  return {
    cash,
    lines,
    holdingsValue,
    positionsValue,
    totalValue: toRupees(holdingsP + positionsP + toPaise(cash)),
    unpriced: unpriced.sort(),
    warnings,
  };
}
