/**
 * The NSE cash-equity symbols of Kite's instruments list (`/instruments/NSE`), and how a symbol seen in the
 * account or the basket maps onto the one NSE trades now. Kite's list has no ISIN column, so a stock is
 * matched by its symbol (series suffix ignored: `XYZ-BE` is XYZ in the trade-to-trade series) or, for a
 * renamed company, by the instrument token its NSE holding row still carries.
 */
export interface NseListing {
  symbols: ReadonlySet<string>;
  /** instrument_token (as a string) → NSE symbol. */
  byToken: ReadonlyMap<string, string>;
}

/** NSE series a cash-equity symbol can carry as a suffix in Kite (EQ has none). */
const SERIES_SUFFIX = /-(BE|BZ|BL|ST|SM|IL|IT)$/;
/** Series in which a retail CNC order trades normally (trade-to-trade); the others are windows or lots. */
const TRADED_SERIES = ['BE', 'BZ'];

/** The columns of Kite's instruments list that the listing reads. */
export interface InstrumentRow {
  instrument_token: string | number;
  tradingsymbol: string;
  instrument_type: string;
  segment: string;
  exchange: string;
}

export function nseListing(instruments: readonly InstrumentRow[]): NseListing {
  const symbols = new Set<string>();
  const byToken = new Map<string, string>();
  for (const i of instruments) {
    if (i.exchange !== 'NSE' || i.segment !== 'NSE' || i.instrument_type !== 'EQ' || !i.tradingsymbol) continue;
    symbols.add(i.tradingsymbol);
    byToken.set(String(i.instrument_token), i.tradingsymbol);
  }
  return { symbols, byToken };
}

/** XYZ for XYZ-BE, XYZ-BL…; the symbol itself otherwise. */
export const seriesBase = (symbol: string): string => symbol.replace(SERIES_SUFFIX, '');

/**
 * The symbol under which NSE trades this stock now, or null when NSE does not list it: the EQ-series symbol
 * when listed, else its trade-to-trade series (`XYZ-BE`), else the symbol itself if listed.
 */
export function listedSymbol(listing: NseListing, symbol: string): string | null {
  const base = seriesBase(symbol);
  if (listing.symbols.has(base)) return base;
  for (const series of TRADED_SERIES) if (listing.symbols.has(`${base}-${series}`)) return `${base}-${series}`;
  return listing.symbols.has(symbol) ? symbol : null;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** Up to `n` listed symbols closest to `symbol` (edit distance, then a shared prefix, then alphabetically). */
export function closestListed(listing: NseListing, symbol: string, n = 3): string[] {
  const s = symbol.toUpperCase();
  const prefix = (x: string) => {
    let k = 0;
    while (k < x.length && k < s.length && x[k] === s[k]) k++;
    return k;
  };
  return [...listing.symbols]
    .filter((x) => seriesBase(x) === x || !listing.symbols.has(seriesBase(x)))
    .map((x) => ({ x, d: editDistance(s, x), p: prefix(x) }))
    .filter(({ d, x }) => d <= Math.max(2, Math.floor(Math.max(x.length, s.length) / 2)))
    .sort((a, b) => a.d - b.d || b.p - a.p || a.x.localeCompare(b.x))
    .slice(0, n)
    .map(({ x }) => x);
}

export interface BasketSymbols {
  /** Basket ticker → the symbol NSE trades it under (differs for a trade-to-trade stock: XYZ → XYZ-BE). */
  renamed: Record<string, string>;
  /** Tickers NSE does not list, each with the closest listed symbols. */
  unlisted: { symbol: string; closest: string[] }[];
}

/**
 * `nowListedAs`: old symbol → the symbol NSE trades it under now, known from the account's own holdings (a row
 * still reported under a company's old symbol, with the instrument token of the new one); it leads the
 * suggestions for that ticker.
 */
/** How many unlisted tickers an error line names (with suggestions). */
const MAX_NAMED = 10;

export function checkBasketSymbols(listing: NseListing, symbols: readonly string[], nowListedAs: ReadonlyMap<string, string> = new Map()): BasketSymbols {
  const renamed: Record<string, string> = {};
  const unlisted: BasketSymbols['unlisted'] = [];
  for (const s of symbols) {
    const listed = listedSymbol(listing, s);
    if (listed !== null) {
      if (listed !== s) renamed[s] = listed;
      continue;
    }
    const now = nowListedAs.get(s);
    // Suggestions cost a comparison with every listed symbol: only for the few the error line names, and
    // never for a "symbol" longer than any NSE symbol.
    const suggest = unlisted.length < MAX_NAMED && s.length <= 30;
    const closest = suggest ? closestListed(listing, s).filter((c) => c !== now) : [];
    unlisted.push({ symbol: s, closest: now ? [now, ...closest].slice(0, 3) : closest });
  }
  return { renamed, unlisted };
}

/** Old symbol → NSE's current one, for holding rows reported under a symbol NSE no longer lists (renames). */
export function renamedHoldings(
  listing: NseListing,
  rows: readonly { tradingsymbol: string; exchange: string; instrument_token: number | string }[],
): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of rows) {
    if (r.exchange !== 'NSE' || listedSymbol(listing, r.tradingsymbol) !== null) continue;
    const now = listing.byToken.get(String(r.instrument_token));
    if (now) out.set(r.tradingsymbol, now);
  }
  return out;
}

/** The one line naming every basket ticker NSE does not list, and what is listed nearby. */
export function unlistedMessage(unlisted: BasketSymbols['unlisted']): string {
  // One line, however long the basket's mistakes: the first few, each cut short.
  const shown = unlisted.slice(0, MAX_NAMED);
  const name = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
  const parts = shown.map((u) => `${name(u.symbol)} (${u.closest.length ? `closest listed: ${u.closest.join(', ')}` : 'nothing close is listed'})`);
  const more = unlisted.length > shown.length ? `; and ${unlisted.length - shown.length} more` : '';
  return `NSE does not list ${unlisted.length === 1 ? 'this basket ticker' : `these ${unlisted.length} basket tickers`}: ${parts.join('; ')}${more}`;
}
