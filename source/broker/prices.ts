import { systemClock, type Clock } from '../core/clock.js';
import { FILE_PRICE_BUFFER, PRICES_FILE_HINT } from '../core/price-file.js';
import type { PriceQuote } from '../core/types.js';
import type { KiteHolding, KitePosition } from './kite-types.js';
import { isBrokerError, type Broker } from './port.js';
import { MAX_PRICE, MIN_PRICE } from './reply-checks.js';

/** Kite allows up to 1000 instruments per /quote/ltp call and 1 quote request a second. */
export const LTP_BATCH_SIZE = 1000;
export const LTP_MIN_INTERVAL_MS = 1000;
/**
 * The instruments travel in the URL, and servers cap a request's headers (16 KB in Node and many proxies):
 * 1000 real symbols overflow it (HTTP 431), so a batch also stops at this many bytes of query.
 */
export const LTP_MAX_QUERY_BYTES = 12_000;

const queryBytes = (symbol: string) => `i=${encodeURIComponent(`NSE:${symbol}`)}&`.length;

/** Consecutive batches of at most LTP_BATCH_SIZE symbols and LTP_MAX_QUERY_BYTES of query each. */
export function ltpBatches(symbols: readonly string[]): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const s of symbols) {
    const size = queryBytes(s);
    if (current.length > 0 && (current.length >= LTP_BATCH_SIZE || bytes + size > LTP_MAX_QUERY_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(s);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export interface FetchPricesOptions {
  signal?: AbortSignal;
  /** Paces the ltp batches (≥ 1 s apart); defaults to the system clock. */
  clock?: Clock;
  /** Today's positions: their last (or fill) price prices a symbol bought or sold today before any file price. */
  positions?: KitePosition[];
  /** Closing prices from the user's `--prices` file, used only where Kite gives no price. */
  file?: { label: string; date: string | null; prices: Record<string, number> };
}

const isPermissionDenied = (e: unknown): boolean => isBrokerError(e) && (e.kind === 'app-refused' || (e.httpStatus === 403 && e.kind !== 'session-expired'));

/**
 * Prices for `symbols` (NSE). Live LTP in batches of ≤ 1000 (and ≤ 12 kB of URL), ≥ 1 s apart. When quotes are not permitted
 * (Kite Connect Personal plan: PermissionException) or a symbol has no quote, fall back to the holdings'
 * `last_price`, then today's positions (last price, else the fill price), then the user's `--prices` file,
 * then the instruments dump's `last_price` (0 for NSE equities in Kite's mock); all are flagged stale. So a
 * name bought in one round is priced from Kite, not the file, in the next. A symbol with no price anywhere is
 * absent from `prices` and named in `warnings` with how to fix it (never priced at zero). Other broker errors
 * propagate.
 */
export async function fetchPrices(
  broker: Broker,
  symbols: string[],
  holdings: KiteHolding[],
  opts: FetchPricesOptions = {},
): Promise<{ prices: Record<string, PriceQuote>; warnings: string[] }> {
  const clock = opts.clock ?? systemClock;
  const wanted = [...new Set(symbols)];
  const prices: Record<string, PriceQuote> = {};
  const warnings: string[] = [];

  let quotesDenied = false;
  let lastCall: number | null = null;
  for (const batch of ltpBatches(wanted)) {
    if (quotesDenied) break;
    opts.signal?.throwIfAborted();
    if (lastCall !== null) {
      const wait = lastCall + LTP_MIN_INTERVAL_MS - clock.now();
      if (wait > 0) await clock.sleep(wait, opts.signal);
    }
    lastCall = clock.now();
    try {
      const quotes = await broker.ltp(batch.map((s) => `NSE:${s}`));
      for (const s of batch) {
        const q = quotes[`NSE:${s}`];
        if (q && Number.isFinite(q.last_price) && q.last_price > 0) prices[s] = { price: q.last_price, source: 'ltp', stale: false };
      }
    } catch (e) {
      if (!isPermissionDenied(e)) throw e;
      quotesDenied = true;
      warnings.push('live quotes are not permitted for this Kite Connect app (Personal plan); using stale prices instead');
    }
  }

  const missing = () => wanted.filter((s) => !(s in prices));
  if (missing().length > 0) {
    const fromHoldings: string[] = [];
    const holdingPrice = new Map<string, number>();
    for (const h of holdings) {
      if (h.last_price > 0 && !holdingPrice.has(h.tradingsymbol)) holdingPrice.set(h.tradingsymbol, h.last_price);
    }
    for (const s of missing()) {
      const p = holdingPrice.get(s);
      if (p !== undefined) {
        prices[s] = { price: p, source: 'holdings', stale: true };
        fromHoldings.push(s);
      }
    }
    if (fromHoldings.length > 0) warnings.push(`stale prices (holdings' last price) for ${fromHoldings.join(', ')}`);
  }

  if (missing().length > 0 && opts.positions?.length) {
    const fromPositions: string[] = [];
    const positionPrice = new Map<string, number>();
    for (const p of opts.positions) {
      if (p.exchange !== 'NSE' || positionPrice.has(p.tradingsymbol)) continue;
      const fill = p.quantity > 0 ? p.buy_price : p.quantity < 0 ? p.sell_price : 0;
      const price = p.last_price > 0 ? p.last_price : fill > 0 ? fill : 0;
      if (price > 0) positionPrice.set(p.tradingsymbol, price);
    }
    for (const s of missing()) {
      const p = positionPrice.get(s);
      if (p !== undefined) {
        prices[s] = { price: p, source: 'positions', stale: true };
        fromPositions.push(s);
      }
    }
    if (fromPositions.length > 0) warnings.push(`stale prices (today's positions: last or fill price) for ${fromPositions.join(', ')}`);
  }

  if (missing().length > 0 && opts.file) {
    const { label, date, prices: filePrices } = opts.file;
    const fromFile = missing().filter((s) => (filePrices[s] ?? 0) > 0);
    for (const s of fromFile) prices[s] = { price: filePrices[s]!, source: 'file', stale: true };
    if (fromFile.length > 0) {
      warnings.push(
        `stale prices from ${label} (${date ? `close of ${date}` : 'undated'}) for ${fromFile.join(', ')}: buys of these are sized with a ${FILE_PRICE_BUFFER * 100}% buffer`,
      );
    }
  }

  if (missing().length > 0) {
    opts.signal?.throwIfAborted();
    const fromDump: string[] = [];
    try {
      const instruments = await broker.instruments('NSE');
      const dumpPrice = new Map<string, number>();
      for (const ins of instruments) {
        const p = Number(ins.last_price);
        if (ins.exchange === 'NSE' && Number.isFinite(p) && p >= MIN_PRICE && p <= MAX_PRICE) dumpPrice.set(ins.tradingsymbol, p);
      }
      for (const s of missing()) {
        const p = dumpPrice.get(s);
        if (p !== undefined) {
          prices[s] = { price: p, source: 'instruments', stale: true };
          fromDump.push(s);
        }
      }
    } catch (e) {
      if (isBrokerError(e) && e.kind === 'session-expired') throw e;
      warnings.push(`the instruments list could not be read (${e instanceof Error ? e.message : String(e)})`);
    }
    if (fromDump.length > 0) warnings.push(`stale prices (instruments list, previous close) for ${fromDump.join(', ')}`);
  }

  const none = missing();
  if (none.length > 0) {
    warnings.push(`no price at all for ${none.join(', ')}: left out of the plan${opts.file ? ` (not in ${opts.file.label} either)` : `; ${PRICES_FILE_HINT}`}`);
  }
  return { prices, warnings };
}
