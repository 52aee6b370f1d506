import { roundRupees, toPaise } from '../core/money.js';
import type { PlannedOrder } from '../core/types.js';

/** Share of a market buy's value kept aside for slippage when checking it against the cash. */
export const BUY_SLIPPAGE = 0.005;

/** A buy priced from a --prices file carries its larger buffer (FILE_PRICE_BUFFER) from the plan. */
const bufferOf = (o: PlannedOrder) => Math.max(BUY_SLIPPAGE, o.price_buffer ?? 0);
const cost = (o: PlannedOrder) => toPaise(o.value * (1 + bufferOf(o)) + o.charges);

function withQuantity(o: PlannedOrder, quantity: number): PlannedOrder {
  const ratio = o.quantity ? quantity / o.quantity : 0;
  return { ...o, quantity, value: roundRupees(o.price * quantity), charges: roundRupees(o.charges * ratio) };
}

/**
 * Shrinks a list of buys until it fits the cash really available: one share at a time off the largest order,
 * so that the basket's proportions suffer least. Orders reduced to nothing are dropped.
 */
export function fitBuysToCash(buys: readonly PlannedOrder[], cash: number): { orders: PlannedOrder[]; trimmed: boolean } {
  const orders = buys.filter((o) => o.transaction_type === 'BUY' && o.quantity > 0).map((o) => ({ ...o }));
  const budget = toPaise(Math.max(0, cash));
  let total = orders.reduce((s, o) => s + cost(o), 0);
  let trimmed = false;
  while (total > budget && orders.some((o) => o.quantity > 0)) {
    let i = 0;
    for (let j = 1; j < orders.length; j++) if (orders[j]!.value > orders[i]!.value) i = j;
    const o = orders[i]!;
    const perShare = Math.max(1, toPaise(o.price * (1 + bufferOf(o))));
    const drop = Math.min(o.quantity, Math.max(1, Math.ceil((total - budget) / perShare / Math.max(1, orders.length))));
    const next = withQuantity(o, o.quantity - drop);
    total += cost(next) - cost(o);
    orders[i] = next;
    trimmed = true;
  }
  return { orders: orders.filter((o) => o.quantity > 0), trimmed };
}

/** ₹ value of the buys including the slippage buffer and charges. */
export const buysCost = (buys: readonly PlannedOrder[]) => buys.reduce((s, o) => s + cost(o), 0) / 100;
