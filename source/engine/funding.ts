import { roundRupees, toPaise } from '../core/money.js';
import type { PlannedOrder } from '../core/types.js';

/**
 * Cost of a buy against the cash: its value at the LTP, plus `buffer` of it (the protection price Kite blocks
 * funds at, and a small move of the LTP: core/market-protection.ts), or the order's own larger allowance (a buy
 * priced from a --prices file), plus charges.
 */
const cost = (o: PlannedOrder, buffer: number) => toPaise(o.value * (1 + Math.max(buffer, o.price_buffer ?? 0)) + o.charges);

function withQuantity(o: PlannedOrder, quantity: number): PlannedOrder {
  const ratio = o.quantity ? quantity / o.quantity : 0;
  return { ...o, quantity, value: roundRupees(o.price * quantity), charges: roundRupees(o.charges * ratio) };
}

/**
 * The buys valued at the last prices given (symbol → ₹) where there is one: Kite checks funds against the LTP when
 * each order arrives, and the planned price may be minutes (or a night) old. Charges follow the value.
 */
export function atPrices(buys: readonly PlannedOrder[], prices: Readonly<Record<string, number>>): PlannedOrder[] {
  return buys.map((o) => {
    const price = prices[o.tradingsymbol];
    if (price === undefined || !(price > 0) || price === o.price) return o;
    const value = roundRupees(price * o.quantity);
    return { ...o, price, value, charges: o.value > 0 ? roundRupees((o.charges * value) / o.value) : o.charges };
  });
}

/**
 * Shrinks a list of buys until Σ qty × price × (1 + buffer) + charges fits the cash really available: one share
 * at a time off the largest order, so that the basket's proportions suffer least. Orders reduced to nothing are
 * dropped.
 */
export function fitBuysToCash(buys: readonly PlannedOrder[], cash: number, buffer: number): { orders: PlannedOrder[]; trimmed: boolean } {
  const orders = buys.filter((o) => o.transaction_type === 'BUY' && o.quantity > 0).map((o) => ({ ...o }));
  const budget = toPaise(Math.max(0, cash));
  let total = orders.reduce((s, o) => s + cost(o, buffer), 0);
  let trimmed = false;
  while (total > budget && orders.some((o) => o.quantity > 0)) {
    let i = 0;
    for (let j = 1; j < orders.length; j++) if (orders[j]!.value > orders[i]!.value) i = j;
    const o = orders[i]!;
    const perShare = Math.max(1, toPaise(o.price * (1 + Math.max(buffer, o.price_buffer ?? 0))));
    const drop = Math.min(o.quantity, Math.max(1, Math.ceil((total - budget) / perShare / Math.max(1, orders.length))));
    const next = withQuantity(o, o.quantity - drop);
    total += cost(next, buffer) - cost(o, buffer);
    orders[i] = next;
    trimmed = true;
  }
  return { orders: orders.filter((o) => o.quantity > 0), trimmed };
}
