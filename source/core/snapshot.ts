import type { AccountHolding, AccountMargins, AccountPosition, AccountPositions } from './account-records.js';
import { heldAcrossReadings, holdingFields, type HoldingFields } from './holding-readings.js';
import { roundRupees, toPaise, toRupees } from './money.js';
import { listedSymbol, type NseListing } from './nse-listing.js';
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
  /**
   * NSE's listed cash-equity symbols (Kite's `/instruments/NSE`). With it, a holding reported on BSE, in a
   * trade-to-trade series (`XYZ-BE`) or under a company's old symbol is matched to the symbol NSE trades, and
   * one NSE does not list is not traded. Without it, a holding is matched by ISIN to an NSE row of the account
   * or taken at its own NSE symbol; one reported only on another exchange is not traded.
   */
  listing?: NseListing;
}

const EQUITY_EXCHANGES = new Set(['NSE', 'BSE']);

interface Acc {
  symbol: string;
  exchange: 'NSE' | 'BSE';
  isin?: string;
  rows: HoldingFields[];
  t1: number;
  collateral: number;
  used: number;
  authorised: number;
  positionQty: number;
  notes: string[];
  untradable: string[];
  /** Σ average price × shares and Σ shares over the holding rows (Kite's average cost, for the tax estimate). */
  cost: number;
  costShares: number;
}

interface Placement {
  symbol: string;
  note?: string;
  untradable?: string;
}

const isEquityHolding = (h: AccountHolding) => EQUITY_EXCHANGES.has(h.exchange);
const isCncPosition = (p: AccountPosition) => EQUITY_EXCHANGES.has(p.exchange) && p.product === 'CNC';

/** The symbol NSE trades a row's stock under, via its symbol (series ignored) or its instrument token (renamed). */
function onNse(listing: NseListing, symbol: string, token: number | string | undefined): { symbol: string; how: 'symbol' | 'token' } | null {
  const bySymbol = listedSymbol(listing, symbol);
  if (bySymbol) return { symbol: bySymbol, how: 'symbol' };
  const renamed = token === undefined ? undefined : listing.byToken.get(String(token));
  const byToken = renamed === undefined ? null : listedSymbol(listing, renamed);
  return byToken ? { symbol: byToken, how: 'token' } : null;
}

/**
 * Which NSE symbol each holding row stands for. NSE rows first, so that a row on another exchange with the
 * same ISIN joins the NSE symbol; a row NSE does not list keeps its own symbol and is not traded.
 */
function placeHoldings(holdings: readonly AccountHolding[], listing: NseListing | undefined): Map<AccountHolding, Placement> {
  const placed = new Map<AccountHolding, Placement>();
  const byIsin = new Map<string, string>();
  const rows = holdings.filter(isEquityHolding);
  for (const h of rows.filter((r) => r.exchange === 'NSE')) {
    if (!listing) {
      placed.set(h, { symbol: h.tradingsymbol });
      if (h.isin && !byIsin.has(h.isin)) byIsin.set(h.isin, h.tradingsymbol);
      continue;
    }
    const nse = onNse(listing, h.tradingsymbol, h.instrument_token);
    if (!nse) {
      placed.set(h, {
        symbol: h.tradingsymbol,
        untradable: `${h.tradingsymbol}${h.isin ? ` (ISIN ${h.isin})` : ''} is not listed on NSE now (suspended or delisted?): not traded here`,
      });
      continue;
    }
    const note =
      nse.symbol === h.tradingsymbol
        ? undefined
        : nse.how === 'token'
          ? `reported as ${h.tradingsymbol}; NSE trades it as ${nse.symbol} now (same instrument token: renamed)`
          : `reported as ${h.tradingsymbol}; NSE trades it as ${nse.symbol}`;
    placed.set(h, note ? { symbol: nse.symbol, note } : { symbol: nse.symbol });
    if (h.isin && !byIsin.has(h.isin)) byIsin.set(h.isin, nse.symbol);
  }
  for (const h of rows.filter((r) => r.exchange !== 'NSE')) {
    const where = `held via ${h.exchange} as ${h.tradingsymbol}${h.isin ? ` (ISIN ${h.isin})` : ''}`;
    const sameIsin = h.isin ? byIsin.get(h.isin) : undefined;
    if (sameIsin) {
      placed.set(h, { symbol: sameIsin, note: `${h.quantity} ${where}; traded on NSE as ${sameIsin} (same ISIN)` });
      continue;
    }
    const nse = listing ? listedSymbol(listing, h.tradingsymbol) : null;
    if (nse) {
      placed.set(h, { symbol: nse, note: `${h.quantity} ${where}; traded on NSE as ${nse} (same symbol: Kite's instruments list has no ISIN)` });
      if (h.isin) byIsin.set(h.isin, nse);
      continue;
    }
    const why = listing ? 'NSE does not list it' : 'whether NSE lists it is unknown (the instruments list was not read)';
    placed.set(h, { symbol: h.tradingsymbol, untradable: `${where}: ${why}, so it is not traded here; sell it on ${h.exchange} in Kite if it should go` });
  }
  return placed;
}

function placePosition(p: AccountPosition, listing: NseListing | undefined): Placement {
  if (!listing)
    return p.exchange === 'NSE'
      ? { symbol: p.tradingsymbol }
      : { symbol: p.tradingsymbol, untradable: `bought or sold on ${p.exchange} today as ${p.tradingsymbol}: whether NSE lists it is unknown` };
  const nse = onNse(listing, p.tradingsymbol, p.exchange === 'NSE' ? p.instrument_token : undefined);
  if (nse)
    return nse.symbol === p.tradingsymbol
      ? { symbol: nse.symbol }
      : { symbol: nse.symbol, note: `today's ${p.exchange} position in ${p.tradingsymbol} is ${nse.symbol} on NSE` };
  return { symbol: p.tradingsymbol, untradable: `today's ${p.exchange} position in ${p.tradingsymbol}: NSE does not list it, so it is not traded here` };
}

/** The holding rows under the symbol the snapshot files them under (for price fallbacks keyed by symbol). */
export function holdingsBySnapshotSymbol<H extends AccountHolding>(holdings: readonly H[], listing: NseListing | undefined): H[] {
  const placed = placeHoldings(holdings, listing);
  return holdings.map((h) => {
    const symbol = placed.get(h)?.symbol ?? h.tradingsymbol;
    return symbol === h.tradingsymbol ? h : { ...h, tradingsymbol: symbol };
  });
}

/** The NSE symbols (and unlisted holdings) a snapshot of this account will have a line for: the ones to price. */
export function snapshotSymbols(input: Pick<SnapshotInput, 'holdings' | 'positions' | 'basketSymbols' | 'listing'>): string[] {
  const out = new Set(input.basketSymbols);
  for (const p of placeHoldings(input.holdings, input.listing).values()) out.add(p.symbol);
  for (const p of input.positions.net) if (isCncPosition(p) && p.quantity !== 0) out.add(placePosition(p, input.listing).symbol);
  return [...out];
}

/**
 * One view of the account for the planner, keyed by the symbol NSE trades. Held now = shares held at the
 * start of the day + today's net CNC position, where the start-of-day number is read from every holdings
 * field under each reading Kite may use (holding-readings.ts): a symbol whose fields leave it unknown is
 * shown at the lowest reading and not traded. T1 shares are not sold (their proceeds arrive only the next
 * trading day), nor pledged ones, nor shares sold already today (`used_quantity`, or the net sold in
 * positions when larger). Cash for buying = equity `net` minus collateral margin (margin from pledged stock
 * cannot pay for delivery buys). Unpriced symbols are reported and left out, never valued at zero.
 */
export function buildSnapshot(input: SnapshotInput): Snapshot {
  const ddpi = input.ddpi ?? true;
  const warnings: string[] = [];
  const bySymbol = new Map<string, Acc>();
  const acc = (symbol: string, exchange: 'NSE' | 'BSE' = 'NSE'): Acc => {
    let a = bySymbol.get(symbol);
    if (!a) {
      a = { symbol, exchange, rows: [], t1: 0, collateral: 0, used: 0, authorised: 0, positionQty: 0, notes: [], untradable: [], cost: 0, costShares: 0 };
      bySymbol.set(symbol, a);
    }
    return a;
  };

  for (const [h, place] of placeHoldings(input.holdings, input.listing)) {
    const a = acc(place.symbol, place.untradable && h.exchange === 'BSE' ? 'BSE' : 'NSE');
    if (h.isin) a.isin ??= h.isin;
    const f = holdingFields(h);
    a.rows.push(f);
    a.t1 += f.t1;
    a.collateral += f.collateral;
    a.used += f.used;
    a.authorised += h.authorised_quantity ?? 0;
    const shares = (h.quantity ?? 0) + (h.t1_quantity ?? 0);
    if (Number.isFinite(h.average_price) && h.average_price > 0 && shares > 0) {
      a.cost += h.average_price * shares;
      a.costShares += shares;
    }
    if (place.note) a.notes.push(place.note);
    if (place.untradable) a.untradable.push(place.untradable);
    const mtf = (h as { mtf?: { quantity?: unknown } }).mtf?.quantity;
    if (typeof mtf === 'number' && mtf > 0) {
      warnings.push(`${place.symbol}: ${mtf} more held under MTF (margin-funded), not counted or traded by the rebalance`);
    }
  }

  let ignoredPositions = 0;
  for (const p of input.positions.net) {
    if (!isCncPosition(p)) {
      if (p.quantity !== 0) ignoredPositions += 1;
      continue;
    }
    if (p.quantity === 0) continue;
    const place = placePosition(p, input.listing);
    const a = acc(place.symbol);
    a.positionQty += p.quantity;
    a.notes.push(p.quantity > 0 ? `bought ${p.quantity} today (CNC)` : `sold ${-p.quantity} today (CNC)`);
    if (place.note) a.notes.push(place.note);
    if (place.untradable) a.untradable.push(place.untradable);
  }
  if (ignoredPositions > 0) warnings.push(`${ignoredPositions} open non-delivery position(s) (F&O, MIS, commodity) are not part of the rebalance`);

  for (const s of input.basketSymbols) acc(s);

  const lines: SnapshotLine[] = [];
  const unpriced: string[] = [];
  let holdingsP = 0;
  let positionsP = 0;
  for (const a of bySymbol.values()) {
    const held = a.rows.length ? heldAcrossReadings({ rows: a.rows, position: a.positionQty }) : { known: true as const, heldAtStart: 0 };
    const atStart = held.known ? held.heldAtStart : held.lowestHeldAtStart;
    if (!held.known) a.untradable.push(held.why);
    const quantity = Math.max(0, atStart + a.positionQty);
    const soldToday = Math.max(0, -a.positionQty);
    const soldFromHoldings = Math.max(a.used, soldToday);
    const settledFree = Math.max(0, atStart - a.t1 - a.collateral - soldFromHoldings);
    const authorisedLeft = Math.max(0, a.authorised - soldToday);
    const unauthorisedQuantity = ddpi ? 0 : Math.max(0, settledFree - authorisedLeft);
    const untradable = a.untradable.length ? a.untradable.join('; ') : undefined;
    const sellable = untradable ? 0 : Math.max(0, Math.min(quantity, settledFree - unauthorisedQuantity));
    const notes = [...a.notes];
    if (a.t1 > 0) notes.push(`${a.t1} in T1 (not yet delivered; not sold)`);
    if (a.collateral > 0) notes.push(`${a.collateral} pledged as collateral (not sellable)`);
    if (unauthorisedQuantity > 0) notes.push(`${unauthorisedQuantity} need CDSL authorisation (no DDPI)`);
    if (untradable) notes.push(`not traded: ${untradable}`);

    const quote = input.prices[a.symbol];
    const price = quote && quote.price > 0 && Number.isFinite(quote.price) ? quote.price : null;
    if (price === null) {
      if (quantity !== 0 || input.basketSymbols.includes(a.symbol)) unpriced.push(a.symbol);
    } else {
      holdingsP += toPaise(atStart * price);
      positionsP += toPaise(a.positionQty * price);
      if (quote?.stale) notes.push(`price is stale (${quote.source})`);
    }
    const line: SnapshotLine = {
      tradingsymbol: a.symbol,
      exchange: a.exchange,
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
    if (a.costShares > 0) line.averagePrice = roundRupees(a.cost / a.costShares);
    if (untradable) line.untradable = untradable;
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
