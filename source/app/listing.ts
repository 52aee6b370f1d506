import type { Broker } from '../broker/port.js';
import { isBrokerError } from '../broker/port.js';
import { basketOnNse } from '../core/basket-listing.js';
import { checkBasketSymbols, nseListing, renamedHoldings, type NseListing } from '../core/nse-listing.js';
import type { Basket } from '../core/types.js';

/** NSE's listed symbols from Kite's instruments list; null (with the reason) when it cannot be read. */
export async function readNseListing(broker: Broker): Promise<{ listing: NseListing | null; warning?: string }> {
  try {
    return { listing: nseListing(await broker.instruments('NSE')) };
  } catch (e) {
    if (isBrokerError(e) && e.kind === 'session-expired') throw e;
    const why = e instanceof Error ? e.message : String(e);
    return {
      listing: null,
      warning: `NSE's instruments list could not be read (${why}): basket tickers are not checked, and holdings reported on another exchange are not traded`,
    };
  }
}

/**
 * basketOnNse for a run: when a ticker is not listed, the account's holdings are read once to name the
 * symbol a renamed company trades under now (a basket written before the rename).
 */
export async function basketForRun(broker: Broker, basket: Basket, nse: { listing: NseListing | null; warning?: string }): Promise<Basket> {
  const listing = nse.listing;
  if (!listing || checkBasketSymbols(listing, Object.keys(basket.weights)).unlisted.length === 0) return basketOnNse(basket, listing, nse.warning);
  return basketOnNse(basket, listing, nse.warning, renamedHoldings(listing, await broker.holdings()));
}
