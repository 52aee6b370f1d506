import { classifyRejection } from '../broker/classify.js';
import type { BrokerErrorKind } from '../broker/port.js';
import { drift } from '../core/drift.js';
import { roundRupees } from '../core/money.js';
import type { Basket, Plan, PlannedOrder, Side } from '../core/types.js';
import type { JournalEntry } from '../store/ports.js';
import { journal, type LegState, type Refusal, type RunContext } from './context.js';

/** Why Kite refused a leg (classified by broker/), in Kite's words. */
export interface RefusalCause {
  kind: BrokerErrorKind;
  message: string;
  hint?: string;
}

export const refusalKey = (symbol: string, side: Side) => `${side} ${symbol}`;

const LASTING: ReadonlySet<BrokerErrorKind> = new Set<BrokerErrorKind>(['permanent', 'needs-authorisation', 'app-refused', 'order-cap']);

/**
 * A refusal that holds for the rest of the run. A buy refused for funds is not one: every later round sizes
 * its buys again from the cash really there, so a smaller buy of the same symbol may well go through. The
 * market not open yet and passing problems at the OMS or exchange are not lasting either.
 */
export const isLastingRefusal = (side: Side, kind: BrokerErrorKind): boolean => LASTING.has(kind) || (kind === 'insufficient-funds' && side === 'SELL');

/** The cause of an order the OMS or exchange rejected, from its status message. */
export function rejectionCause(statusMessage: string | null): RefusalCause {
  const message = statusMessage ?? 'rejected (no reason given)';
  const { kind, hint } = classifyRejection(statusMessage);
  return { kind, message, ...(hint ? { hint } : {}) };
}

const refusalOf = (l: LegState, cause: RefusalCause): Refusal => ({
  symbol: l.leg.order.tradingsymbol,
  side: l.leg.order.transaction_type,
  message: cause.message,
  ...(cause.hint ? { hint: cause.hint } : {}),
});

/** Remembers a leg's lasting refusal (the first one per symbol and side), journalled with the leg. */
export async function rememberRefusal(ctx: RunContext, l: LegState, cause: RefusalCause): Promise<void> {
  if (!isLastingRefusal(l.leg.order.transaction_type, cause.kind)) return;
  const key = refusalKey(l.leg.order.tradingsymbol, l.leg.order.transaction_type);
  if (ctx.refusals.has(key)) return;
  const refusal = refusalOf(l, cause);
  ctx.refusals.set(key, refusal);
  await journal(ctx, { type: 'note', leg_id: l.leg.legId, tag: l.leg.tag, data: { refused_for_run: refusal } });
}

/** Refusals of the moment (the app or machine, today's order cap): a resumed run may find the cause fixed. */
const OF_THE_MOMENT: ReadonlySet<BrokerErrorKind> = new Set<BrokerErrorKind>(['app-refused', 'order-cap']);

/**
 * The refusals of a journalled run, from its legs' last order states (REJECTED for a lasting reason that is
 * not one of the moment): the kind and hint of a leg's final `place-failed` entry when Kite refused the
 * request itself, else the classification of the order's status message.
 */
export function refusalsFromJournal(legs: readonly LegState[], entries: readonly JournalEntry[]): Map<string, Refusal> {
  const placeFailed = new Map<string, { kind?: BrokerErrorKind; hint?: string }>();
  for (const e of entries) {
    const data = (e.data ?? {}) as { final?: boolean; kind?: BrokerErrorKind; hint?: string };
    if (e.type === 'place-failed' && e.leg_id && data.final && !('skipped' in data)) placeFailed.set(e.leg_id, data);
  }
  const out = new Map<string, Refusal>();
  for (const l of legs) {
    if (l.view.status !== 'REJECTED') continue;
    const fromBook = rejectionCause(l.view.status_message);
    const failed = placeFailed.get(l.leg.legId);
    const hint = failed?.hint ?? fromBook.hint;
    const cause: RefusalCause = { kind: failed?.kind ?? fromBook.kind, message: fromBook.message, ...(hint ? { hint } : {}) };
    if (!isLastingRefusal(l.leg.order.transaction_type, cause.kind) || OF_THE_MOMENT.has(cause.kind)) continue;
    const key = refusalKey(l.leg.order.tradingsymbol, l.leg.order.transaction_type);
    if (!out.has(key)) out.set(key, refusalOf(l, cause));
  }
  return out;
}

export interface Dropped {
  order: PlannedOrder;
  refusal: Refusal;
}

/**
 * The plan without the orders Kite already refused in this run; charges, cash and drift after are
 * recomputed from the plan's rows for what is left, and each dropped order is listed in `skipped`.
 */
export function withoutRefused(plan: Plan, refusals: ReadonlyMap<string, Refusal>, basket: Basket): { plan: Plan; dropped: Dropped[] } {
  const dropped: Dropped[] = [];
  const orders = plan.orders.filter((order) => {
    const refusal = refusals.get(refusalKey(order.tradingsymbol, order.transaction_type));
    if (refusal) dropped.push({ order, refusal });
    return !refusal;
  });
  if (!dropped.length) return { plan, dropped };
  let cashAfter = plan.cash_after;
  let charges = plan.charges;
  for (const { order: o } of dropped) {
    cashAfter += o.transaction_type === 'SELL' ? -(o.value - o.charges) : o.value + o.charges;
    charges -= o.charges;
  }
  const droppedSymbols = new Set(dropped.map((d) => d.order.tradingsymbol));
  const rows = plan.rows.map((r) => (droppedSymbols.has(r.tradingsymbol) ? { ...r, plannedDelta: 0 } : { ...r }));
  const valueAfter = (r: (typeof rows)[number]) => (r.price === null ? 0 : (r.quantity + r.plannedDelta) * r.price);
  const total = rows.reduce((s, r) => s + valueAfter(r), cashAfter);
  const weights: Record<string, number> = {};
  for (const r of rows) {
    r.weightAfter = total > 0 ? valueAfter(r) / total : 0;
    if (r.price !== null) weights[r.tradingsymbol] = r.weightAfter;
  }
  const skipped = [
    ...plan.skipped,
    ...dropped.map(({ order: o, refusal }) => ({
      tradingsymbol: o.tradingsymbol,
      reason: `${o.transaction_type} refused by Kite earlier in this run: ${refusal.message}`,
    })),
  ];
  return {
    dropped,
    plan: {
      ...plan,
      orders,
      skipped,
      rows,
      charges: roundRupees(charges),
      cash_after: roundRupees(cashAfter),
      drift_after: drift(weights, basket.weights, total > 0 ? cashAfter / total : 0, basket.cashWeight),
    },
  };
}

/** The warning for each refusal not yet announced. */
export function announce(dropped: readonly Dropped[], at: number): { type: 'warning'; at: number; message: string; hint?: string }[] {
  const out: { type: 'warning'; at: number; message: string; hint?: string }[] = [];
  for (const { refusal } of dropped) {
    if (refusal.announced) continue;
    refusal.announced = true;
    out.push({
      type: 'warning',
      at,
      message: `Not placing ${refusal.side} ${refusal.symbol} again in this run: Kite refused it (${refusal.message})`,
      hint: refusal.hint ?? 'Fix the cause in Kite, then run the rebalance again.',
    });
  }
  return out;
}
