import type { Broker } from '../broker/port.js';
import { fetchPrices } from '../broker/prices.js';
import type { Clock } from '../core/clock.js';
import { withoutPendingSells } from '../core/open-orders.js';
import { buildSnapshot } from '../core/snapshot.js';
import type { Basket, Snapshot } from '../core/types.js';
import type { LoadedPriceFile } from './price-file.js';

/**
 * Whether the account can sell demat holdings without a CDSL authorisation each day: DDPI ('consent') or a
 * POA ('physical') on file. With neither (''), only `authorised_quantity` is sellable (else HTTP 428).
 */
export const canSellWithoutAuthorisation = (dematConsent: string | undefined): boolean => dematConsent !== '';

/**
 * Reads holdings, positions, margins and prices, and builds the planner's snapshot. `priceFile` (--prices) prices
 * what Kite does not; every read prefers Kite's prices, so names bought in a round are re-priced from Kite.
 */
export function snapshotReader(broker: () => Broker, basket: Basket, clock: Clock, signal?: AbortSignal, priceFile?: LoadedPriceFile): () => Promise<Snapshot> {
  let ddpi: boolean | undefined;
  return async () => {
    const b = broker();
    ddpi ??= canSellWithoutAuthorisation((await b.profile()).meta?.demat_consent);
    const [holdings, positions, margins] = [await b.holdings(), await b.positions(), await b.margins()];
    const symbols = new Set(Object.keys(basket.weights));
    for (const h of holdings) symbols.add(h.tradingsymbol);
    for (const p of positions.net) if (p.product === 'CNC') symbols.add(p.tradingsymbol);
    const { prices, warnings } = await fetchPrices(b, [...symbols], holdings, {
      clock,
      positions: positions.net,
      ...(signal ? { signal } : {}),
      ...(priceFile ? { file: priceFile } : {}),
    });
    const built = buildSnapshot({ holdings, positions, margins, prices, basketSymbols: Object.keys(basket.weights), ddpi });
    const { snapshot, notes: pendingNotes } = withoutPendingSells(built, await b.orders());
    const notes = [...warnings, ...pendingNotes];
    if (!ddpi) notes.push('No DDPI or POA on file: only the quantity authorised today with CDSL (TPIN) can be sold; authorise more in Kite first.');
    return notes.length ? { ...snapshot, warnings: [...notes, ...snapshot.warnings] } : snapshot;
  };
}
