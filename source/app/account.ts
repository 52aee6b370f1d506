import type { Broker } from '../broker/port.js';
import { fetchPrices } from '../broker/prices.js';
import type { Clock } from '../core/clock.js';
import { buildSnapshot } from '../core/snapshot.js';
import type { Basket, Snapshot } from '../core/types.js';

/** Reads holdings, positions, margins and prices, and builds the planner's snapshot. */
export function snapshotReader(broker: () => Broker, basket: Basket, clock: Clock, signal?: AbortSignal): () => Promise<Snapshot> {
  return async () => {
    const b = broker();
    const [holdings, positions, margins] = [await b.holdings(), await b.positions(), await b.margins()];
    const symbols = new Set(Object.keys(basket.weights));
    for (const h of holdings) symbols.add(h.tradingsymbol);
    for (const p of positions.net) if (p.product === 'CNC') symbols.add(p.tradingsymbol);
    const { prices, warnings } = await fetchPrices(b, [...symbols], holdings, signal ? { clock, signal } : { clock });
    const snapshot = buildSnapshot({ holdings, positions, margins, prices, basketSymbols: Object.keys(basket.weights) });
    return warnings.length ? { ...snapshot, warnings: [...warnings, ...snapshot.warnings] } : snapshot;
  };
}
