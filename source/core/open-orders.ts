import { isKnownStatus, isOpenStatus } from './order-status.js';
import type { Snapshot } from './types.js';

/** What the rule needs of an order in the broker's order book (a Kite order has these fields). */
export interface BookOrder {
  status: string;
  product: string;
  exchange: string;
  transaction_type: 'BUY' | 'SELL';
  tradingsymbol: string;
  quantity: number;
  filled_quantity: number;
  tag?: string | null;
}

/**
 * Shares already promised to open sell orders (e.g. after-market orders queued by an earlier run, or placed
 * in Kite) cannot be sold again: they come off `sellable`. A symbol with an open buy order is not traded at all
 * until that order ends (buying it again would buy twice; its funds are already blocked). Open orders are named
 * so nobody plans twice.
 */
export function withoutPendingSells(snapshot: Snapshot, orders: readonly BookOrder[]): { snapshot: Snapshot; notes: string[] } {
  const pending = new Map<string, number>();
  const buying = new Map<string, number>();
  const notes: string[] = [];
  for (const o of orders) {
    // An order in a status the table does not know may still be live: its shares stay promised.
    if ((isKnownStatus(o.status) && !isOpenStatus(o.status)) || o.product !== 'CNC' || (o.exchange !== 'NSE' && o.exchange !== 'BSE')) continue;
    const open = Math.max(0, o.quantity - o.filled_quantity);
    const side = o.transaction_type === 'SELL' ? pending : buying;
    side.set(o.tradingsymbol, (side.get(o.tradingsymbol) ?? 0) + open);
    const status = isKnownStatus(o.status) ? o.status : `status "${o.status}" unknown to this app`;
    notes.push(`open ${o.transaction_type} order for ${open} ${o.tradingsymbol} (${status}${o.tag ? `, tag ${o.tag}` : ''}): not planned again`);
  }
  if (pending.size === 0 && buying.size === 0) return { snapshot, notes };
  const lines = snapshot.lines.map((line) => {
    let l = line;
    const q = pending.get(l.tradingsymbol) ?? 0;
    if (q > 0) l = { ...l, sellable: Math.max(0, l.sellable - q), notes: [...l.notes, `${Math.min(q, l.sellable)} already in open sell orders`] };
    const b = buying.get(l.tradingsymbol) ?? 0;
    if (b > 0 && !l.untradable) l = { ...l, untradable: `an open BUY order for ${b} is still live; trade it again once that order has ended` };
    return l;
  });
  return { snapshot: { ...snapshot, lines }, notes };
}
