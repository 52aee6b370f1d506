import { AppError } from './errors.js';
import { checkBasketSymbols, seriesBase, unlistedMessage, type NseListing } from './nse-listing.js';
import type { Basket } from './types.js';

/**
 * The basket as NSE trades it: one clear error (exit 2, before any planning) naming every ticker NSE does
 * not list and the closest listed symbols; a ticker that trades only in a trade-to-trade series is
 * renamed to that symbol (XYZ → XYZ-BE), with a warning.
 */
export function basketOnNse(basket: Basket, listing: NseListing | null, warning?: string, nowListedAs?: ReadonlyMap<string, string>): Basket {
  if (!listing) return warning ? { ...basket, warnings: [...basket.warnings, warning] } : basket;
  const { renamed, unlisted } = checkBasketSymbols(listing, Object.keys(basket.weights), nowListedAs);
  if (unlisted.length) {
    throw new AppError('basket', unlistedMessage(unlisted), {
      hint: `fix the ticker${unlisted.length > 1 ? 's' : ''} in ${basket.file}; nothing was planned or placed`,
    });
  }
  if (Object.keys(renamed).length === 0) return basket;
  const weights: Record<string, number> = {};
  for (const [symbol, w] of Object.entries(basket.weights)) {
    const to = renamed[symbol] ?? symbol;
    weights[to] = (weights[to] ?? 0) + w;
  }
  const notes = Object.entries(renamed).map(([from, to]) => `${from} trades on NSE as ${to} (another series, e.g. trade-to-trade): orders use ${to}`);
  return { ...basket, weights, warnings: [...basket.warnings, ...notes] };
}

/**
 * A bhavcopy keys a trade-to-trade stock by its bare symbol (series in another column); the app trades it as
 * `XYZ-BE`: the file's price of XYZ also prices XYZ-BE when the file has no row of its own for it.
 */
export function withSeriesAliases<F extends { prices: Record<string, number> }>(file: F, symbols: readonly string[]): F {
  const aliases = symbols.filter((s) => !(s in file.prices) && seriesBase(s) !== s && (file.prices[seriesBase(s)] ?? 0) > 0);
  if (aliases.length === 0) return file;
  return { ...file, prices: { ...file.prices, ...Object.fromEntries(aliases.map((s) => [s, file.prices[seriesBase(s)]!])) } };
}
