import type { Broker } from '../broker/port.js';
import { fetchPrices } from '../broker/prices.js';
import type { Clock } from '../core/clock.js';
import { buildSnapshot } from '../core/snapshot.js';
import type { KiteOrder } from '../broker/kite-types.js';
import type { Basket, Snapshot } from '../core/types.js';
import type { LoadedPriceFile } from './price-file.js';

import { isKnownStatus, isOpenStatus } from '../core/order-status.js';

/**
 * Shares already promised to open sell orders (e.g. after-market orders queued by an earlier run, or placed
 * in Kite) cannot be sold again: they come off `sellable`, and open orders are named so nobody plans twice.
 */
export function withoutPendingSells(snapshot: Snapshot, orders: readonly KiteOrder[]): { snapshot: Snapshot; notes: string[] } {
  const pending = new Map<string, number>();
  const notes: string[] = [];
  for (const o of orders) {
    // An order in a status the table does not know may still be live: its shares stay promised.
    if ((isKnownStatus(o.status) && !isOpenStatus(o.status)) || o.product !== 'CNC' || (o.exchange !== 'NSE' && o.exchange !== 'BSE')) continue;
    const open = Math.max(0, o.quantity - o.filled_quantity);
    if (o.transaction_type === 'SELL') pending.set(o.tradingsymbol, (pending.get(o.tradingsymbol) ?? 0) + open);
    const status = isKnownStatus(o.status) ? o.status : `status "${o.status}" unknown to this app`;
    notes.push(`open ${o.transaction_type} order for ${open} ${o.tradingsymbol} (${status}${o.tag ? `, tag ${o.tag}` : ''}): not planned again`);
  }
  if (pending.size === 0) return { snapshot, notes };
  const lines = snapshot.lines.map((l) => {
    const q = pending.get(l.tradingsymbol) ?? 0;
    if (q === 0) return l;
    return { ...l, sellable: Math.max(0, l.sellable - q), notes: [...l.notes, `${Math.min(q, l.sellable)} already in open sell orders`] };
  });
  return { snapshot: { ...snapshot, lines }, notes };
}

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
