import { classifyKiteError } from '../broker/classify.js';
import { drift } from '../core/drift.js';
import { roundRupees } from '../core/money.js';
import type { Basket, Plan, PlannedOrder, Side } from '../core/types.js';
import type { JournalEntry } from '../store/ports.js';
import { isClosedMarketMessage } from './broker-calls.js';
import { journal, type LegState, type RunContext } from './context.js';

/** A (symbol, side) Kite refused for good in this run: it is kept out of later rounds' plans. */
export interface Refusal {
  symbol: string;
  side: Side;
  message: string;
  hint?: string;
  /** The warning about leaving it out has been shown (once per process). */
  announced?: boolean;
}

export const refusalKey = (symbol: string, side: Side) => `${side} ${symbol}`;

/**
 * Rejections that may well go through a little later: the market not open yet, or a passing problem at the
 * OMS or exchange. Anything else (holdings, margin, authorisation, bad input) is refused again if retried.
 */
const PASSING_REJECTION = /try again|temporar|timed? ?out|high load|not available|connectivity|circuit/i;

export const isPermanentRejection = (message: string | null | undefined): boolean =>
  !isClosedMarketMessage(message) && !PASSING_REJECTION.test(message ?? '');

const FUNDS = /insufficient funds|margin/i;

/**
 * A refusal that holds for the rest of the run. A buy refused for funds is not one: every later round sizes
 * its buys again from the cash really there, so a smaller buy of the same symbol may well go through.
 */
export const isLastingRefusal = (side: Side, message: string): boolean => isPermanentRejection(message) && !(side === 'BUY' && FUNDS.test(message));

/** Kite's hint for a rejection message (e.g. the CDSL authorisation one), when it has one. */
export const hintForRejection = (message: string): string | undefined =>
  classifyKiteError({ error_type: 'OrderException', message }, { call: 'orders', isPlacement: false }).hint;

const refusalOf = (l: LegState, message: string, hint: string | undefined): Refusal => ({
  symbol: l.leg.order.tradingsymbol,
  side: l.leg.order.transaction_type,
  message,
  ...(hint ? { hint } : {}),
});

/** Remembers a leg's permanent refusal (the first one per symbol and side), journalled with the leg. */
export async function rememberRefusal(ctx: RunContext, l: LegState, message: string | null, hint?: string): Promise<void> {
  const text = message ?? 'rejected (no reason given)';
  if (!isLastingRefusal(l.leg.order.transaction_type, text)) return;
  const key = refusalKey(l.leg.order.tradingsymbol, l.leg.order.transaction_type);
  if (ctx.refusals.has(key)) return;
  const refusal = refusalOf(l, text, hint ?? hintForRejection(text));
  ctx.refusals.set(key, refusal);
  await journal(ctx, { type: 'note', leg_id: l.leg.legId, tag: l.leg.tag, data: { refused_for_run: refusal } });
}

/**
 * The refusals of a journalled run, from its legs' last order states (REJECTED for a lasting reason) and the
 * hints of their final `place-failed` entries.
 */
export function refusalsFromJournal(legs: readonly LegState[], entries: readonly JournalEntry[]): Map<string, Refusal> {
  const hints = new Map<string, string>();
  for (const e of entries) {
    const data = (e.data ?? {}) as { final?: boolean; hint?: string };
    if (e.type === 'place-failed' && e.leg_id && data.final && data.hint) hints.set(e.leg_id, data.hint);
  }
  const out = new Map<string, Refusal>();
  for (const l of legs) {
    if (l.view.status !== 'REJECTED') continue;
    const message = l.view.status_message ?? 'rejected (no reason given)';
    if (!isLastingRefusal(l.leg.order.transaction_type, message)) continue;
    const key = refusalKey(l.leg.order.tradingsymbol, l.leg.order.transaction_type);
    if (!out.has(key)) out.set(key, refusalOf(l, message, hints.get(l.leg.legId) ?? hintForRejection(message)));
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
    ...dropped.map(({ order: o, refusal }) => ({ tradingsymbol: o.tradingsymbol, reason: `${o.transaction_type} refused by Kite earlier in this run: ${refusal.message}` })),
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
