import type { Broker } from '../broker/port.js';
import { fetchPrices } from '../broker/prices.js';
import type { Clock } from '../core/clock.js';
import type { NseListing } from '../core/nse-listing.js';
import { withoutPendingSells } from '../core/open-orders.js';
import { buildSnapshot, holdingsBySnapshotSymbol, snapshotSymbols } from '../core/snapshot.js';
import type { Basket, Snapshot } from '../core/types.js';
import type { LoadedPriceFile } from './price-file.js';
import { readNseListing, withSeriesAliases } from './listing.js';

/**
 * Whether the account can sell demat holdings without a CDSL authorisation each day: DDPI ('consent') or a
 * POA ('physical') on file. With neither (''), only `authorised_quantity` is sellable (else HTTP 428).
 */
export const canSellWithoutAuthorisation = (dematConsent: string | undefined): boolean => dematConsent !== '';

/**
 * Reads holdings, positions, margins and prices, and builds the planner's snapshot. `priceFile` (--prices) prices
 * what Kite does not; every read prefers Kite's prices, so names bought in a round are re-priced from Kite. `nse`
 * is NSE's listing when the caller has read it already (null: it could not be read); otherwise it is read once,
 * here.
 */
export function snapshotReader(
  broker: () => Broker,
  basket: Basket,
  clock: Clock,
  signal?: AbortSignal,
  priceFile?: LoadedPriceFile,
  nse?: { listing: NseListing | null; warning?: string },
): () => Promise<Snapshot> {
  let ddpi: boolean | undefined;
  let listed = nse;
  return async () => {
    const b = broker();
    ddpi ??= canSellWithoutAuthorisation((await b.profile()).meta?.demat_consent);
    listed ??= await readNseListing(b);
    const [holdings, positions, margins] = [await b.holdings(), await b.positions(), await b.margins()];
    const basketSymbols = Object.keys(basket.weights);
    const listing = listed.listing ? { listing: listed.listing } : {};
    const symbols = snapshotSymbols({ holdings, positions, basketSymbols, ...listing });
    const { prices, warnings } = await fetchPrices(b, symbols, holdingsBySnapshotSymbol(holdings, listing.listing), {
      clock,
      positions: positions.net,
      ...(signal ? { signal } : {}),
      ...(priceFile ? { file: withSeriesAliases(priceFile, symbols) } : {}),
    });
    const built = buildSnapshot({ holdings, positions, margins, prices, basketSymbols, ddpi, ...listing });
    const { snapshot, notes: pendingNotes } = withoutPendingSells(built, await b.orders());
    const notes = [...(listed.warning ? [listed.warning] : []), ...warnings, ...pendingNotes];
    if (!ddpi) notes.push('No DDPI or POA on file: only the quantity authorised today with CDSL (TPIN) can be sold; authorise more in Kite first.');
    return notes.length ? { ...snapshot, warnings: [...notes, ...snapshot.warnings] } : snapshot;
  };
}
