import type { PlannedOrder, Side } from '../core/types.js';
import { batchTotal, inr, sideWord, signed } from './format.js';

/** What `n` at a batch means for the rest of the run, said when it is pressed (both front ends). */
export function declinedText(round: number, side: Side, orders: readonly PlannedOrder[]): string {
  const batch = `Round ${round} ${sideWord(side)} skipped (${orders.length} order(s), about ${inr(batchTotal(orders))}): nothing of them is placed.`;
  if (side === 'SELL') return `${batch} Next: the buys are sized from the cash in the account now, without these sales' proceeds.`;
  return `${batch} The cash they would have used stays idle; no repair round follows.`;
}

/** The closing line of a run whose buys were declined after its sells: how much cash is left idle. */
export const idleCashText = (cash: number): string => `Buys declined after the sells: ${inr(cash)} is idle in the account. Run the basket again to invest it.`;

/** Said on the log when a batch confirmed before a wait or a re-login comes back unchanged. */
export const reconfirmedText = (round: number, side: Side): string =>
  `round ${round}: ${sideWord(side)} already confirmed before the wait, unchanged: placed without asking again`;

/** A confirmation key typed before a live prompt appeared: it is kept, but real orders need a `y` seen after the orders. */
export const earlyPlaceText = (side: Side): string => `You pressed y before these ${sideWord(side)} were shown: press y again to place them.`;

/**
 * What a re-asked batch adds to what was confirmed: "+ INFY BUY 20 (new)", "~ ITC SELL 300 → 250 (-50)". Orders
 * confirmed and no longer asked for (placed meanwhile) are no change: the user agreed to them.
 */
export function batchDifferences(before: readonly PlannedOrder[], after: readonly PlannedOrder[]): string[] {
  const key = (o: PlannedOrder) => `${o.tradingsymbol} ${o.transaction_type}`;
  const old = new Map(before.map((o) => [key(o), o.quantity]));
  const lines: string[] = [];
  for (const o of after) {
    const was = old.get(key(o));
    if (was === undefined) lines.push(`+ ${key(o)} ${o.quantity} (new)`);
    else if (was !== o.quantity) lines.push(`~ ${key(o)} ${was} → ${o.quantity} (${signed(o.quantity - was)})`);
  }
  return lines;
}
