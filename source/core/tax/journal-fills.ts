import { istDate } from '../ist.js';
import type { Trade } from './trades.js';

/** A journal entry as far as fills go (store/ports.ts JournalEntry has these fields). */
export interface JournalFillEntry {
  at: string;
  type: string;
  order_id?: string;
  data?: unknown;
}

interface OrderView {
  tradingsymbol?: unknown;
  transaction_type?: unknown;
  filled_quantity?: unknown;
  average_price?: unknown;
}

/**
 * The trades the app placed itself, from a run's journal: for each order, its last recorded state with shares
 * filled (quantity and average price), dated when that state was recorded. Orders the tradebook already lists
 * (`known` order ids) are left out, so a fill is never counted twice once a newer tradebook is imported.
 */
export function fillsFromJournal(entries: readonly JournalFillEntry[], known: ReadonlySet<string>): Trade[] {
  const last = new Map<string, { at: string; view: OrderView }>();
  for (const e of entries) {
    if (e.type !== 'order-state' || !e.order_id || typeof e.data !== 'object' || e.data === null) continue;
    last.set(e.order_id, { at: e.at, view: e.data as OrderView });
  }
  const out: Trade[] = [];
  for (const [orderId, { at, view }] of last) {
    const q = view.filled_quantity;
    const p = view.average_price;
    const side = view.transaction_type === 'BUY' ? 'buy' : view.transaction_type === 'SELL' ? 'sell' : null;
    if (known.has(orderId) || side === null || typeof view.tradingsymbol !== 'string') continue;
    if (typeof q !== 'number' || !Number.isInteger(q) || q <= 0 || typeof p !== 'number' || !(p > 0)) continue;
    const ms = Date.parse(at);
    if (Number.isNaN(ms)) continue;
    out.push({
      symbol: view.tradingsymbol,
      isin: '',
      date: istDate(ms),
      exchange: 'NSE',
      side,
      quantity: q,
      price: p,
      tradeId: `order:${orderId}`,
      orderId,
      executedAt: at,
      source: 'journal',
    });
  }
  return out;
}
