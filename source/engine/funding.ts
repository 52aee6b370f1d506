import { fundsBuffer, PRICE_MOVE_ALLOWANCE } from '../core/market-protection.js';
import { roundRupees, toPaise } from '../core/money.js';
import type { PlannedOrder } from '../core/types.js';

/**
 * Share of a buy's value kept aside on top of it: the protection price Kite blocks funds at (`pct` %) and a move of
 * the LTP, the usual small one or the order's own larger allowance (a buy priced from a --prices file, the
 * previous close): core/market-protection.ts.
 */
const bufferOf = (o: PlannedOrder, pct: number) => fundsBuffer(pct, Math.max(PRICE_MOVE_ALLOWANCE, o.price_buffer ?? 0));
/** Cost of a buy against the cash, in paise: its value with that buffer, plus charges. */
const cost = (o: PlannedOrder, pct: number) => toPaise(o.value * (1 + bufferOf(o, pct)) + o.charges);

function withQuantity(o: PlannedOrder, quantity: number): PlannedOrder {
  const ratio = o.quantity ? quantity / o.quantity : 0;
  return { ...o, quantity, value: roundRupees(o.price * quantity), charges: roundRupees(o.charges * ratio) };
}

/**
 * The buys valued at the last prices given (symbol → ₹) where there is one: Kite checks funds against the LTP when
 * each order arrives, and the planned price may be minutes (or a night) old. Charges follow the value; a live price
 * needs no stale-price allowance.
 */
export function atPrices(buys: readonly PlannedOrder[], prices: Readonly<Record<string, number>>): PlannedOrder[] {
  return buys.map((o) => {
    const price = prices[o.tradingsymbol];
    if (price === undefined || !(price > 0)) return o;
    const value = roundRupees(price * o.quantity);
    const live: PlannedOrder = { ...o, price, value, charges: o.value > 0 ? roundRupees((o.charges * value) / o.value) : o.charges };
    delete live.price_buffer;
    return live;
  });
}

/**
 * Shrinks a list of MARKET buys placed with protection `pct` % until Σ cost fits the cash really available: one
 * share at a time off the largest order, so that the basket's proportions suffer least. Orders reduced to
 * nothing are dropped; so is an order trimmed below `minOrderValue` (the run's --min-order-value), the smallest
 * first, and the others are fitted again with the cash it leaves.
 */
export function fitBuysToCash(buys: readonly PlannedOrder[], cash: number, pct: number, minOrderValue = 0): { orders: PlannedOrder[]; trimmed: boolean } {
  let candidates = buys.filter((o) => o.transaction_type === 'BUY' && o.quantity > 0);
  for (;;) {
    const fitted = shrinkToCash(candidates, cash, pct);
    const tooSmall = fitted.orders.filter((o) => fitted.cut.has(o.tradingsymbol) && o.value < minOrderValue);
    const dropped = candidates.length - fitted.orders.length;
    if (!tooSmall.length) return { orders: fitted.orders, trimmed: fitted.cut.size > 0 || dropped > 0 || candidates.length < buys.length };
    const smallest = tooSmall.reduce((a, b) => (b.value < a.value ? b : a));
    candidates = candidates.filter((o) => o.tradingsymbol !== smallest.tradingsymbol);
  }
}

function shrinkToCash(buys: readonly PlannedOrder[], cash: number, pct: number): { orders: PlannedOrder[]; cut: Set<string> } {
  const orders = buys.map((o) => ({ ...o }));
  const budget = toPaise(Math.max(0, cash));
  let total = orders.reduce((s, o) => s + cost(o, pct), 0);
  const cut = new Set<string>();
  while (total > budget && orders.some((o) => o.quantity > 0)) {
    let i = 0;
    for (let j = 1; j < orders.length; j++) if (orders[j]!.value > orders[i]!.value) i = j;
    const o = orders[i]!;
    const perShare = Math.max(1, toPaise(o.price * (1 + bufferOf(o, pct))));
    const drop = Math.min(o.quantity, Math.max(1, Math.ceil((total - budget) / perShare / Math.max(1, orders.length))));
    const next = withQuantity(o, o.quantity - drop);
    total += cost(next, pct) - cost(o, pct);
    orders[i] = next;
    cut.add(o.tradingsymbol);
  }
  return { orders: orders.filter((o) => o.quantity > 0), cut };
}
