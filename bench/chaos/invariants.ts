import type { JournalEntry } from '../../source/store/ports.js';
import type { ChaosWorld } from './world.js';

/** What the simulator says happened (its own order book and account), and the app's journal to hold against it. */
export interface Observed {
  orders: readonly BookOrder[];
  margins: { equity?: { net: number; available?: { cash?: number; live_balance?: number } } };
  journal: { runId: string; status: string; entries: readonly JournalEntry[] }[];
  simNowMs: number;
}

export interface BookOrder {
  order_id: string;
  tag?: string | null;
  status: string;
  tradingsymbol: string;
  transaction_type: string;
  quantity: number;
  filled_quantity: number;
  average_price: number;
  variety?: string;
  status_message?: string | null;
}

const FINAL = new Set(['COMPLETE', 'CANCELLED', 'REJECTED', 'CANCELLED AMO']);
/** Statuses an order may keep after the run: it waits for the open by design. */
const WAITING_FOR_OPEN = new Set(['AMO REQ RECEIVED']);

const rupees = (n: number) => `₹${n.toFixed(2)}`;

/** Every invariant of a chaos run, from the simulator's state; each broken one is a line. */
export function checkInvariants(world: ChaosWorld, seen: Observed): string[] {
  const out: string[] = [];
  const book = seen.orders;
  const { options } = world;

  // At most one order per journalled leg, and every accepted order is the journal's.
  const byTag = new Map<string, BookOrder[]>();
  for (const o of book) {
    if (!o.tag) out.push(`order ${o.order_id} (${o.transaction_type} ${o.tradingsymbol}) carries no tag`);
    else byTag.set(o.tag, [...(byTag.get(o.tag) ?? []), o]);
  }
  for (const [tag, orders] of byTag) if (orders.length > 1) out.push(`${orders.length} orders carry tag ${tag}: ${orders.map((o) => o.order_id).join(', ')}`);
  const entries = seen.journal.flatMap((j) => j.entries.map((e) => ({ ...e, runStatus: j.status })));
  const intents = new Set(entries.filter((e) => e.type === 'intent').map((e) => e.tag));
  const placed = new Map(entries.filter((e) => e.type === 'placed' && e.order_id).map((e) => [e.order_id as string, e]));
  for (const o of book) {
    if (o.tag && !intents.has(o.tag)) out.push(`order ${o.order_id} (tag ${o.tag}) has no intent in the journal`);
    if (!placed.has(o.order_id))
      out.push(`order ${o.order_id} (${o.transaction_type} ${o.quantity} ${o.tradingsymbol}, ${o.status}) is not journalled as placed`);
  }

  // The journal and the broker agree on how each order ended (for runs the app saw to their end).
  const lastState = new Map<string, { status: string; filled_quantity: number; order_id?: string | null }>();
  const finishedLegs = new Set<string>();
  for (const e of entries) {
    if (e.type !== 'order-state' || !e.leg_id) continue;
    lastState.set(e.leg_id, e.data as { status: string; filled_quantity: number; order_id?: string | null });
    if (e.runStatus === 'finished') finishedLegs.add(e.leg_id);
  }
  for (const o of book) {
    const leg = placed.get(o.order_id)?.leg_id;
    if (!leg || !finishedLegs.has(leg) || !FINAL.has(o.status)) continue;
    const j = lastState.get(leg);
    if (!j || j.status !== o.status || j.filled_quantity !== o.filled_quantity) {
      out.push(`journal says ${j ? `${j.status} ${j.filled_quantity}` : 'nothing'} for order ${o.order_id}; the broker says ${o.status} ${o.filled_quantity}`);
    }
  }

  // Every leg of a finished run is accounted for: one that may have reached Kite (its intent is journalled)
  // ends in a known state, never still PENDING.
  const intentLegs = new Set(entries.filter((e) => e.type === 'intent' && e.runStatus === 'finished').map((e) => e.leg_id));
  for (const leg of intentLegs) {
    const j = leg ? lastState.get(leg) : undefined;
    if (!j || j.status === 'PENDING') out.push(`leg ${leg} of a finished run has an intent but no outcome (${j?.status ?? 'no state'})`);
  }

  // Never a sell beyond what was held and sellable.
  const held = new Map(world.scenario.holdings?.map((h) => [h.tradingsymbol, h.quantity]) ?? []);
  const sold = new Map<string, number>();
  for (const o of book) {
    if (o.transaction_type !== 'SELL') continue;
    sold.set(o.tradingsymbol, (sold.get(o.tradingsymbol) ?? 0) + o.filled_quantity);
    if (o.status === 'REJECTED' && /insufficient holdings/i.test(o.status_message ?? '')) {
      out.push(`SELL ${o.quantity} ${o.tradingsymbol} beyond the sellable quantity (${o.status_message})`);
    }
  }
  for (const [sym, q] of sold) if (q > (held.get(sym) ?? 0)) out.push(`sold ${q} ${sym} but held ${held.get(sym) ?? 0}`);

  // Cash never negative.
  const net = seen.margins.equity?.net ?? 0;
  if (net < -0.005) out.push(`cash is negative: ${rupees(net)}`);

  // The run's options.
  if (options.buyOnly) {
    const sells = book.filter((o) => o.transaction_type === 'SELL');
    if (sells.length) out.push(`--buy-only run placed ${sells.length} sell(s): ${sells.map((o) => `${o.quantity} ${o.tradingsymbol}`).join(', ')}`);
  }
  if (options.cashReserve > 0) {
    const startCash = world.scenario.cash ?? 0;
    const bought = book.filter((o) => o.transaction_type === 'BUY').reduce((s, o) => s + o.filled_quantity * o.average_price, 0);
    const floor = Math.min(options.cashReserve, startCash) - (0.02 * bought + 50);
    if (bought > 0 && net < floor)
      out.push(`--cash-reserve ${options.cashReserve}: cash ended at ${rupees(net)} (started ${rupees(startCash)}, bought ${rupees(bought)})`);
  }
  const prices = world.scenario.prices ?? {};
  const slack = Math.max(0.05, 3 * (world.scenario.volatility ?? 0));
  for (const o of book) {
    const ref = prices[o.tradingsymbol] ?? 0;
    const value = o.quantity * ref;
    if (value < options.minOrderValue * (1 - slack)) {
      out.push(`${o.transaction_type} ${o.quantity} ${o.tradingsymbol} worth about ${rupees(value)} is under --min-order-value ${options.minOrderValue}`);
    }
  }

  // No order left open unattended (an after-market order waits for the open by design).
  for (const o of book) {
    if (!FINAL.has(o.status) && !WAITING_FOR_OPEN.has(o.status))
      out.push(`order ${o.order_id} (${o.transaction_type} ${o.tradingsymbol}) left ${o.status} after the run`);
  }
  return out;
}
