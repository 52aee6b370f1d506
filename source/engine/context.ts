import type { Variety } from '../broker/kite-types.js';
import type { EngineEvent, OrderStatusView } from '../core/events.js';
import { isFinalStatus } from '../core/order-status.js';
import type { Basket, Leg, Side } from '../core/types.js';
import type { JournalEntry } from '../store/ports.js';
import type { EngineDeps, EngineOptions } from './types.js';

/** A (symbol, side) Kite refused for good in this run: it is kept out of later rounds' plans (refusals.ts). */
export interface Refusal {
  symbol: string;
  side: Side;
  message: string;
  hint?: string;
  /** The warning about leaving it out has been shown (once per process). */
  announced?: boolean;
}

/** Everything the engine knows about one leg while it runs. */
export interface LegState {
  leg: Leg;
  view: OrderStatusView;
  variety: Variety;
  /** The intent is journalled (the leg may have reached the broker). */
  intent: boolean;
  /** Clock ms since which the order has been live at the exchange (for the OPEN timeout). */
  liveSince: number | null;
  /** Kite acknowledged a cancellation of the order (the exchange may still refuse it: then it is tried again). */
  cancelRequested: boolean;
  /** Cancellations that failed or were not heeded, and the clock ms before which the next one is not tried. */
  cancelFailures: number;
  nextCancelAt: number;
  /** Clock ms since which the order has been in a status the table does not know. */
  unknownSince: number | null;
  /** No longer waited for: its status stayed unknown too long (see track.ts). */
  untracked: boolean;
  /** Kite refused the placement for want of CDSL authorisation (428): authorise, then place it once more. */
  awaitingAuthorisation: boolean;
  /** Already placed again after such an authorisation: a second 428 is final. */
  authorisedAfterRefusal: boolean;
}

export interface RunContext {
  /** Replaced (with a new broker) after a re-login. */
  deps: EngineDeps;
  opts: Omit<EngineOptions, 'runId'>;
  signal: AbortSignal;
  runId: string;
  basket: Basket;
  legs: LegState[];
  random: () => number;
  /** Close of the session this run trades in, fixed by the first gate: once it passes, nothing more is placed. */
  sessionCloseMs: number | null;
  /** (symbol, side) legs Kite refused for good in this run (key `refusalKey`): left out of later plans. */
  refusals: Map<string, Refusal>;
  /** Clock ms since which every placement failed without an answer (transient or ambiguous); null after a success. */
  placeFailingSince: number | null;
}

export const isTerminal = (l: LegState) => isFinalStatus(l.view.status);
export const now = (ctx: RunContext) => ctx.deps.clock.now();
/** How an event names a leg to the user: its stock and side. */
export const legName = (l: LegState) => ({ tradingsymbol: l.leg.order.tradingsymbol, side: l.leg.order.transaction_type });
export const iso = (ctx: RunContext) => new Date(now(ctx)).toISOString();

export function newLegState(leg: Leg): LegState {
  return {
    leg,
    variety: 'regular',
    intent: false,
    liveSince: null,
    cancelRequested: false,
    cancelFailures: 0,
    nextCancelAt: 0,
    unknownSince: null,
    untracked: false,
    awaitingAuthorisation: false,
    authorisedAfterRefusal: false,
    view: {
      legId: leg.legId,
      tag: leg.tag,
      tradingsymbol: leg.order.tradingsymbol,
      transaction_type: leg.order.transaction_type,
      quantity: leg.order.quantity,
      order_id: null,
      status: 'PENDING',
      filled_quantity: 0,
      average_price: null,
      status_message: null,
    },
  };
}

export async function journal(ctx: RunContext, entry: Omit<JournalEntry, 'run_id' | 'at'>): Promise<void> {
  await ctx.deps.journal.append({ run_id: ctx.runId, at: iso(ctx), ...entry });
}

/** Applies a change to a leg's view; when anything changed, journals it and returns the `order` event. */
export async function updateView(ctx: RunContext, l: LegState, patch: Partial<OrderStatusView>): Promise<EngineEvent | null> {
  const next = { ...l.view, ...patch };
  const changed = (Object.keys(patch) as (keyof OrderStatusView)[]).some((k) => next[k] !== l.view[k]);
  if (!changed) return null;
  l.view = next;
  await journal(ctx, { type: 'order-state', leg_id: l.leg.legId, tag: l.leg.tag, ...(next.order_id ? { order_id: next.order_id } : {}), data: next });
  return { type: 'order', at: now(ctx), order: { ...next } };
}

export const legsOf = (ctx: RunContext, round: number, side?: 'BUY' | 'SELL') =>
  ctx.legs.filter((l) => l.leg.round === round && (side === undefined || l.leg.order.transaction_type === side));
