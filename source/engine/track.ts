import type { KiteOrder } from '../broker/kite-types.js';
import type { EngineEvent, OrderState } from '../core/events.js';
import { asBrokerError } from './broker-calls.js';
import { isTerminal, journal, now, updateView, type LegState, type RunContext } from './context.js';
import { waitUntil } from './market-gate.js';
import { rejectionCause, rememberRefusal } from './refusals.js';

const KNOWN: ReadonlySet<string> = new Set<OrderState>([
  'PUT ORDER REQ RECEIVED', 'AMO REQ RECEIVED', 'VALIDATION PENDING', 'OPEN PENDING', 'OPEN', 'TRIGGER PENDING',
  'CANCEL PENDING', 'COMPLETE', 'REJECTED', 'CANCELLED',
]);
/** Kite's modify states and anything new count as a live order. */
const toState = (s: string): OrderState => (KNOWN.has(s) ? (s as OrderState) : 'OPEN');

/** An order id the order book stops showing for this many polls is given up on. */
const MISSING_POLLS_LIMIT = 10;
/** Stop tracking orders that stay live this long after the close (the exchange should have expired them). */
const AFTER_CLOSE_GIVE_UP_MS = 30 * 60_000;

export async function* applyBookOrder(ctx: RunContext, l: LegState, o: KiteOrder): AsyncGenerator<EngineEvent, void> {
  const ev = await updateView(ctx, l, {
    status: toState(o.status),
    filled_quantity: o.filled_quantity ?? 0,
    average_price: o.average_price ? o.average_price : null,
    status_message: o.status_message ?? null,
  });
  if (ev) yield ev;
  if (ev && l.view.status === 'REJECTED') await rememberRefusal(ctx, l, rejectionCause(l.view.status_message));
}

async function* cancelStale(ctx: RunContext, l: LegState, why: string): AsyncGenerator<EngineEvent, void> {
  const id = l.view.order_id;
  if (!id) return;
  l.cancelRequested = true;
  // After the open Kite wants AMOs cancelled as 'regular'; try the recorded variety first, then the other.
  const varieties = l.variety === 'amo' ? (['amo', 'regular'] as const) : (['regular'] as const);
  for (const v of varieties) {
    try {
      await ctx.deps.broker.cancelOrder(v, id);
      await journal(ctx, { type: 'note', leg_id: l.leg.legId, order_id: id, data: { cancel: why, variety: v } });
      yield { type: 'warning', at: now(ctx), message: `Cancelled ${l.leg.order.transaction_type} ${l.leg.order.tradingsymbol} (${id}): ${why}; the remainder goes to the next round` };
      return;
    } catch (e) {
      const err = asBrokerError(e);
      if (err.kind === 'session-expired') throw err;
      await journal(ctx, { type: 'note', leg_id: l.leg.legId, order_id: id, data: { cancel_failed: err.message, variety: v } });
    }
  }
}

/**
 * Polls the order book until every placed leg is terminal. AMOs are waited for until the open; an order
 * still OPEN after `openOrderTimeoutMs` (or at the close) is cancelled.
 */
export async function* trackToTerminal(ctx: RunContext, legs: readonly LegState[]): AsyncGenerator<EngineEvent, void> {
  const { calendar, clock } = ctx.deps;
  const missing = new Map<LegState, number>();
  for (;;) {
    const live = legs.filter((l) => l.view.order_id && !isTerminal(l));
    if (!live.length) return;
    const t = now(ctx);
    if (live.every((l) => l.view.status === 'AMO REQ RECEIVED') && !calendar.isOpen(t)) {
      const open = calendar.nextSession(t).openMs;
      yield* waitUntil(ctx, open, 'before-open', 'after-market orders go to the exchange at the open');
      for (const l of live) l.liveSince = Math.max(l.liveSince ?? open, open);
    }
    const book = await ctx.deps.broker.orders();
    const byId = new Map(book.map((o) => [o.order_id, o]));
    for (const l of live) {
      const o = byId.get(l.view.order_id ?? '');
      if (o) yield* applyBookOrder(ctx, l, o);
      else if ((missing.set(l, (missing.get(l) ?? 0) + 1).get(l) ?? 0) >= MISSING_POLLS_LIMIT) {
        const ev = await updateView(ctx, l, { status: 'CANCELLED', status_message: 'order no longer in the order book' });
        if (ev) yield ev;
      }
    }
    const closeMs = calendar.nextSession(Math.min(...live.map((l) => l.liveSince ?? t))).closeMs;
    for (const l of live) {
      if (isTerminal(l) || l.cancelRequested || l.view.status !== 'OPEN') continue;
      const age = now(ctx) - (l.liveSince ?? now(ctx));
      if (age >= ctx.opts.openOrderTimeoutMs) yield* cancelStale(ctx, l, `still OPEN after ${Math.round(age / 1000)} s`);
      else if (now(ctx) >= closeMs) yield* cancelStale(ctx, l, 'market closed');
    }
    if (now(ctx) >= closeMs + AFTER_CLOSE_GIVE_UP_MS) {
      const stuck = live.filter((l) => !isTerminal(l));
      if (stuck.length) {
        yield { type: 'warning', at: now(ctx), message: `Stopped tracking ${stuck.length} order(s) still live after the close: ${stuck.map((l) => l.view.order_id).join(', ')}` };
        return;
      }
    }
    if (live.some((l) => !isTerminal(l))) await clock.sleep(ctx.opts.pollIntervalMs, ctx.signal);
  }
}
