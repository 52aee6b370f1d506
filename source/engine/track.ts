import type { KiteOrder } from '../broker/kite-types.js';
import { backoffDelay, CANCEL_RETRY, CANCEL_SETTLE_MS } from '../broker/retry-policy.js';
import type { EngineEvent } from '../core/events.js';
import { isKnownStatus, orderStateOf } from '../core/order-status.js';
import { asBrokerError } from './broker-calls.js';
import { isTerminal, journal, now, updateView, type LegState, type RunContext } from './context.js';
import { waitUntil } from './market-gate.js';
import { rejectionCause, rememberRefusal } from './refusals.js';

/** An order id the order book stops showing for this many polls is given up on. */
const MISSING_POLLS_LIMIT = 10;
/** Stop tracking orders that stay live this long after the close (the exchange should have expired them). */
const AFTER_CLOSE_GIVE_UP_MS = 30 * 60_000;
/** An order in a status the table (core/order-status.ts) does not know is waited for this long, then left alone. */
export const UNKNOWN_STATUS_WAIT_MS = 2 * 60_000;

/** Kite's words for the order, with its own status verbatim when the table does not know it. */
function statusMessageOf(o: KiteOrder): string | null {
  if (isKnownStatus(o.status)) return o.status_message ?? null;
  return `Kite status "${o.status}"${o.status_message ? `: ${o.status_message}` : ''}`;
}

export async function* applyBookOrder(ctx: RunContext, l: LegState, o: KiteOrder): AsyncGenerator<EngineEvent, void> {
  const ev = await updateView(ctx, l, {
    status: orderStateOf(o.status),
    filled_quantity: o.filled_quantity ?? 0,
    average_price: o.average_price ? o.average_price : null,
    status_message: statusMessageOf(o),
  });
  if (ev) yield ev;
  if (ev && l.view.status === 'REJECTED') await rememberRefusal(ctx, l, rejectionCause(l.view.status_message));
  if (l.view.status !== 'UNKNOWN') l.unknownSince = null;
  else l.unknownSince ??= now(ctx);
}

/**
 * Cancels a stale order; a failed cancellation is tried again on a later poll, as CANCEL_RETRY says.
 * `then`: what happens to the unfilled remainder (the next round, or nothing more today).
 */
async function* cancelStale(ctx: RunContext, l: LegState, why: string, then = 'the remainder goes to the next round'): AsyncGenerator<EngineEvent, void> {
  const id = l.view.order_id;
  if (!id) return;
  if (l.cancelRequested) {
    // Kite acknowledged the last cancellation, yet the order is still OPEN: the exchange refused it.
    l.cancelRequested = false;
    l.cancelFailures++;
    await journal(ctx, { type: 'note', leg_id: l.leg.legId, order_id: id, data: { cancel_unheeded: 'still OPEN after an acknowledged cancellation' } });
    if (l.cancelFailures >= CANCEL_RETRY.attempts) {
      yield* giveUpCancelling(ctx, l, id, 'the order stayed OPEN after each acknowledged cancellation');
      return;
    }
  }
  // After the open Kite wants AMOs cancelled as 'regular'; try the recorded variety first, then the other.
  const varieties = l.variety === 'amo' ? (['amo', 'regular'] as const) : (['regular'] as const);
  let failure = '';
  for (const v of varieties) {
    try {
      await ctx.deps.broker.cancelOrder(v, id);
      l.cancelRequested = true;
      l.nextCancelAt = now(ctx) + CANCEL_SETTLE_MS;
      await journal(ctx, { type: 'note', leg_id: l.leg.legId, order_id: id, data: { cancel: why, variety: v } });
      yield { type: 'warning', at: now(ctx), message: `Cancelled ${l.leg.order.transaction_type} ${l.leg.order.tradingsymbol} (${id}): ${why}; ${then}` };
      return;
    } catch (e) {
      const err = asBrokerError(e);
      if (err.kind === 'session-expired') throw err;
      failure = err.message;
      await journal(ctx, { type: 'note', leg_id: l.leg.legId, order_id: id, data: { cancel_failed: err.message, variety: v } });
    }
  }
  l.cancelFailures++;
  l.nextCancelAt = now(ctx) + backoffDelay(CANCEL_RETRY, l.cancelFailures, ctx.random);
  if (l.cancelFailures >= CANCEL_RETRY.attempts) yield* giveUpCancelling(ctx, l, id, failure);
}

async function* giveUpCancelling(ctx: RunContext, l: LegState, id: string, why: string): AsyncGenerator<EngineEvent, void> {
  yield {
    type: 'warning',
    at: now(ctx),
    message: `Could not cancel ${l.leg.order.transaction_type} ${l.leg.order.tradingsymbol} (${id}) after ${l.cancelFailures} tries: ${why}`,
    hint: 'Cancel it in Kite.',
  };
}

/** A cancellation is (re)tried while tries are left, once its wait is over (after a failure, or an acknowledged one that did not take). */
const mayCancel = (ctx: RunContext, l: LegState) => l.cancelFailures < CANCEL_RETRY.attempts && now(ctx) >= l.nextCancelAt;

/** Stops waiting for an order whose status stayed unknown: it is named, with Kite's status verbatim. */
async function* leaveUnknown(ctx: RunContext, l: LegState): AsyncGenerator<EngineEvent, void> {
  l.untracked = true;
  const status = l.view.status_message ?? 'unknown';
  await journal(ctx, { type: 'note', leg_id: l.leg.legId, order_id: l.view.order_id ?? undefined, data: { untracked: status } });
  yield {
    type: 'warning',
    at: now(ctx),
    message: `Not waiting any longer for ${l.leg.order.transaction_type} ${l.leg.order.tradingsymbol} (${l.view.order_id}): it is in a status this app does not know (${status})`,
    hint: 'Check the order in Kite; no repair round follows while its outcome is unknown.',
  };
}

/**
 * Polls the order book until every placed leg is terminal. AMOs are waited for until the open; an order
 * still OPEN after `openOrderTimeoutMs` (or at the close) is cancelled; an order in a status the table does
 * not know is waited for at most UNKNOWN_STATUS_WAIT_MS.
 */
export async function* trackToTerminal(ctx: RunContext, legs: readonly LegState[]): AsyncGenerator<EngineEvent, void> {
  const { calendar, clock } = ctx.deps;
  const missing = new Map<LegState, number>();
  const tracked = (l: LegState) => l.view.order_id && !isTerminal(l) && !l.untracked;
  for (;;) {
    const live = legs.filter(tracked);
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
    const session = calendar.nextSession(Math.min(...live.map((l) => l.liveSince ?? t)));
    // An order still open when continuous trading ends (the close, or the closing auction's start) is cancelled.
    const stopMs = session.continuousUntilMs;
    const closeMs = session.closeMs;
    for (const l of live) {
      if (l.view.status === 'UNKNOWN' && now(ctx) - (l.unknownSince ?? now(ctx)) >= UNKNOWN_STATUS_WAIT_MS) yield* leaveUnknown(ctx, l);
      if (isTerminal(l) || l.view.status !== 'OPEN' || !mayCancel(ctx, l)) continue;
      const age = now(ctx) - (l.liveSince ?? now(ctx));
      if (age >= ctx.opts.openOrderTimeoutMs) yield* cancelStale(ctx, l, `still OPEN after ${Math.round(age / 1000)} s`);
      else if (now(ctx) >= stopMs) {
        const why = stopMs < closeMs ? `continuous trading ended at ${session.continuousUntil} IST (closing auction)` : 'market closed';
        yield* cancelStale(ctx, l, why, 'nothing more is placed in this session');
      }
    }
    if (now(ctx) >= closeMs + AFTER_CLOSE_GIVE_UP_MS) {
      const stuck = live.filter(tracked);
      if (stuck.length) {
        yield {
          type: 'warning',
          at: now(ctx),
          message: `Stopped tracking ${stuck.length} order(s) still live after the close: ${stuck.map((l) => l.view.order_id).join(', ')}`,
        };
        return;
      }
    }
    if (live.some(tracked)) await clock.sleep(ctx.opts.pollIntervalMs, ctx.signal);
  }
}
