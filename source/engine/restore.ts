import type { Variety } from '../broker/kite-types.js';
import type { EngineEvent, OrderStatusView } from '../core/events.js';
import type { Leg } from '../core/types.js';
import type { JournalEntry } from '../store/ports.js';
import { findByTag } from './broker-calls.js';
import { isTerminal, journal, newLegState, now, updateView, type LegState, type RunContext } from './context.js';
import { adoptOrder } from './place.js';
import { DECLINED } from './rounds.js';
import { applyBookOrder } from './track.js';

/** Rebuilds every leg's state from the journal: intents, order ids and the last known order state. */
export function restoreLegs(legs: readonly Leg[], entries: readonly JournalEntry[]): LegState[] {
  const states = legs.map(newLegState);
  const byId = new Map(states.map((l) => [l.leg.legId, l]));
  for (const e of entries) {
    const l = e.leg_id ? byId.get(e.leg_id) : undefined;
    if (!l) continue;
    const data = (e.data ?? {}) as { variety?: Variety };
    if (e.type === 'intent') {
      l.intent = true;
      if (data.variety) l.variety = data.variety;
    } else if (e.type === 'placed' && e.order_id) {
      l.view = { ...l.view, order_id: e.order_id };
      if (data.variety) l.variety = data.variety;
    } else if (e.type === 'order-state' && e.data) {
      l.view = { ...(e.data as OrderStatusView) };
    }
  }
  return states;
}

/**
 * Before anything is placed again: every leg with an intent but no order id is looked up in the order book
 * by tag (adopted when found), and every live order is refreshed. Legs skipped for a reason that no longer
 * holds (market closed, session expired, gave up) become placeable again; declined ones stay skipped.
 */
export async function* reconcile(ctx: RunContext): AsyncGenerator<EngineEvent, void> {
  const unknown = ctx.legs.filter((l) => l.intent && !l.view.order_id);
  const live = ctx.legs.filter((l) => l.view.order_id && !isTerminal(l));
  if (unknown.length || live.length) {
    const book = await ctx.deps.broker.orders();
    for (const l of unknown) {
      const found = findByTag(book, l.leg.tag);
      await journal(ctx, {
        type: 'note',
        leg_id: l.leg.legId,
        tag: l.leg.tag,
        data: { reconcile: found ? `adopted ${found.order_id}` : 'not in the order book' },
      });
      if (found) {
        yield* adoptOrder(ctx, l, found);
        yield* applyBookOrder(ctx, l, found);
      }
    }
    const byId = new Map(book.map((o) => [o.order_id, o]));
    for (const l of live) {
      l.liveSince = now(ctx);
      const o = byId.get(l.view.order_id ?? '');
      if (o) yield* applyBookOrder(ctx, l, o);
      else {
        const ev = await updateView(ctx, l, { status: 'CANCELLED', status_message: "not in today's order book (an earlier day's order)" });
        if (ev) yield ev;
      }
    }
  }
  for (const l of ctx.legs) {
    if (!l.view.order_id && l.view.status === 'SKIPPED' && l.view.status_message !== DECLINED) {
      const ev = await updateView(ctx, l, { status: 'PENDING', status_message: null });
      if (ev) yield ev;
    }
  }
}
