import type { Broker } from '../broker/port.js';
import { fetchPrices } from '../broker/prices.js';
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { istDate } from '../core/ist.js';
import { PRICES_FILE_HINT } from '../core/price-file.js';
import type { NseListing } from '../core/nse-listing.js';
import { withoutPendingSells } from '../core/open-orders.js';
import { authorisationBasis, authorisedToday } from '../core/sell-authorisation.js';
import { buildSnapshot, holdingsBySnapshotSymbol, snapshotSymbols } from '../core/snapshot.js';
import type { Basket, Snapshot } from '../core/types.js';
import type { LoadedPriceFile } from './price-file.js';
import { withSeriesAliases } from '../core/basket-listing.js';
import { readNseListing } from './listing.js';
import { holdingAuthorisations, tradedTodayBySymbol } from '../core/sell-authorisation.js';

/**
 * A basket none of whose stocks can be priced would be planned as all cash: every holding sold. That is never
 * what its author meant, so the run stops before any order.
 */
function refuseUnpricedBasket(basket: Basket, prices: Record<string, unknown>, hasPriceFile: boolean): void {
  const wanted = Object.entries(basket.weights).filter(([, w]) => w > 0);
  if (wanted.length === 0 || wanted.some(([s]) => s in prices)) return;
  const names = wanted.map(([s]) => s);
  const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
  throw new AppError('basket', `no stock of the basket can be priced (${shown}): the plan would sell every holding for cash`, {
    hint: hasPriceFile ? 'they are not in the --prices file either; nothing was planned or placed' : `${PRICES_FILE_HINT}; nothing was planned or placed`,
  });
}

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
  let consent: { value: string | undefined } | undefined;
  let listed = nse;
  return async () => {
    const b = broker();
    consent ??= { value: (await b.profile()).meta?.demat_consent };
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
    refuseUnpricedBasket(basket, prices, priceFile !== undefined);
    // Sells beyond today's authorisation are planned: the run asks for the authorisation before placing them.
    const built = buildSnapshot({ holdings, positions, margins, prices, basketSymbols, ddpi: true, ...listing });
    const orders = await b.orders();
    const { snapshot, notes: pendingNotes } = withoutPendingSells(built, orders);
    const notes = [...(listed.warning ? [listed.warning] : []), ...warnings, ...pendingNotes];
    const today = istDate(clock.now());
    const records = holdingAuthorisations(holdingsBySnapshotSymbol(holdings, listing.listing));
    const basis = authorisationBasis({ dematConsent: consent.value, holdings: records, tradedToday: tradedTodayBySymbol(orders), today });
    if (!basis.needed) return notes.length ? { ...snapshot, warnings: [...notes, ...snapshot.warnings] } : snapshot;
    notes.push(`Selling needs a CDSL authorisation (TPIN) today: ${basis.why}. Before the sells, the run asks Kite for it and waits.`);
    const lines = snapshot.lines.map((l) => {
      const authorised = records.filter((r) => r.tradingsymbol === l.tradingsymbol).reduce((n, r) => n + authorisedToday(r, today), 0);
      const need = l.sellable - authorised;
      return need > 0 ? { ...l, notes: [...l.notes, `${need} need a CDSL authorisation (TPIN) before they can be sold`] } : l;
    });
    return { ...snapshot, lines, warnings: [...notes, ...snapshot.warnings] };
  };
}
