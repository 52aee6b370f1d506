import type { KiteOrder, PlaceOrderParams } from '../broker/kite-types.js';
import { backoffDelay, CLOSED_MARKET_RETRY_MS, mayRetry, OPEN_GRACE_MS, PLACE_OUTAGE_MS, PLACE_RETRY } from '../broker/retry-policy.js';
import { AppError } from '../core/errors.js';
import type { EngineEvent } from '../core/events.js';
import { kiteMarketProtection } from '../core/run-options.js';
import { asBrokerError, findByTag } from './broker-calls.js';
import { journal, legName, now, updateView, type LegState, type RunContext } from './context.js';
import type { Gate } from './market-gate.js';
import { rememberRefusal } from './refusals.js';
import { isClosedSkip } from './skip-reasons.js';
import { trackToTerminal } from './track.js';

/** The leg was skipped because the session (or AMO window) ended. */
export const skippedAtClose = (l: LegState) => l.view.status === 'SKIPPED' && isClosedSkip(l.view.status_message);

/**
 * After an ambiguous failure the order book is read after 2 s, then again at 5 s and 10 s, before the leg is
 * placed again: an accepted order can take a moment to be listed, and a second order is the worse outcome.
 */
const AMBIGUOUS_LOOKS_MS = [2_000, 3_000, 5_000];

/** A leg's Kite order: MARKET, CNC, NSE, DAY, with the run's market protection (Kite's wire value). */
export function orderParams(l: LegState, marketProtection: number): PlaceOrderParams {
  const o = l.leg.order;
  return {
    exchange: 'NSE',
    tradingsymbol: o.tradingsymbol,
    transaction_type: o.transaction_type,
    quantity: o.quantity,
    product: 'CNC',
    order_type: 'MARKET',
    validity: 'DAY',
    market_protection: marketProtection,
    tag: l.leg.tag,
  };
}

async function* emit(ev: Promise<EngineEvent | null>): AsyncGenerator<EngineEvent, void> {
  const e = await ev;
  if (e) yield e;
}

async function* markPlaced(ctx: RunContext, l: LegState, orderId: string, adopted: boolean): AsyncGenerator<EngineEvent, void> {
  await journal(ctx, { type: 'placed', leg_id: l.leg.legId, tag: l.leg.tag, order_id: orderId, data: { variety: l.variety, adopted } });
  l.liveSince = now(ctx);
  yield* emit(updateView(ctx, l, { order_id: orderId, status: l.variety === 'amo' ? 'AMO REQ RECEIVED' : 'PUT ORDER REQ RECEIVED' }));
}

/** Marks a leg that was never placed as SKIPPED with a reason. */
export async function* skipLeg(ctx: RunContext, l: LegState, reason: string): AsyncGenerator<EngineEvent, void> {
  await journal(ctx, { type: 'place-failed', leg_id: l.leg.legId, tag: l.leg.tag, data: { final: true, skipped: true, reason } });
  yield* emit(updateView(ctx, l, { status: 'SKIPPED', status_message: reason }));
}

/** The order of this leg already in the order book (after a crash or an ambiguous failure), if any. */
export async function* adoptFromBook(ctx: RunContext, l: LegState): AsyncGenerator<EngineEvent, boolean> {
  const book = await ctx.deps.broker.orders();
  const found = findByTag(book, l.leg.tag);
  if (!found) return false;
  yield* adoptOrder(ctx, l, found);
  return true;
}

/** Takes an order found in the book by tag as this leg's order. */
export async function* adoptOrder(ctx: RunContext, l: LegState, found: KiteOrder): AsyncGenerator<EngineEvent, void> {
  ctx.placeFailingSince = null;
  if (found.variety === 'amo') l.variety = 'amo';
  yield* markPlaced(ctx, l, found.order_id, true);
}

/**
 * Places one leg at most once: the intent is journalled before the call and the order id after it; an
 * ambiguous failure is resolved from the order book (by tag) before any retry.
 */
export async function* placeLeg(ctx: RunContext, l: LegState, gate: Gate): AsyncGenerator<EngineEvent, void> {
  const { broker, clock } = ctx.deps;
  l.variety = gate.variety;
  const params = orderParams(l, kiteMarketProtection(ctx.opts.run.marketProtection));
  if (!l.intent) {
    await journal(ctx, { type: 'intent', leg_id: l.leg.legId, tag: l.leg.tag, data: { variety: gate.variety, params } });
    l.intent = true;
  }
  let unsure = false;
  const firstTry = now(ctx);
  for (let attempt = 1; ; attempt++) {
    // After an ambiguous failure the order may reach the book late: look again right before placing again.
    if (unsure && (yield* adoptFromBook(ctx, l))) return;
    if (now(ctx) >= gate.deadlineMs) {
      yield* skipLeg(ctx, l, gate.skipReason);
      return;
    }
    let orderId: string;
    try {
      orderId = (await broker.placeOrder(gate.variety, params)).order_id;
    } catch (e) {
      const err = asBrokerError(e);
      await journal(ctx, {
        type: 'place-failed',
        leg_id: l.leg.legId,
        tag: l.leg.tag,
        data: { kind: err.kind, error_type: err.errorType, message: err.message, http_status: err.httpStatus, attempt },
      });
      if (err.kind === 'session-expired') throw err;
      let delayMs: number;
      if (err.kind === 'ambiguous') {
        unsure = true;
        for (const wait of AMBIGUOUS_LOOKS_MS) {
          await clock.sleep(wait, ctx.signal);
          if (yield* adoptFromBook(ctx, l)) return;
        }
        delayMs = backoffDelay(PLACE_RETRY, attempt, ctx.random);
      } else if (gate.openMs !== null && err.kind === 'market-closed' && now(ctx) < gate.openMs + OPEN_GRACE_MS) {
        delayMs = CLOSED_MARKET_RETRY_MS;
      } else if (err.kind === 'transient') {
        delayMs = backoffDelay(PLACE_RETRY, attempt, ctx.random);
      } else if (err.kind === 'needs-authorisation' && ctx.deps.authorise && l.leg.order.transaction_type === 'SELL' && !l.authorisedAfterRefusal) {
        // Never placed again blindly: the batch gets the authorisation first (rounds.ts), then places it once more.
        l.awaitingAuthorisation = true;
        return;
      } else {
        await journal(ctx, {
          type: 'place-failed',
          leg_id: l.leg.legId,
          tag: l.leg.tag,
          data: { final: true, kind: err.kind, message: err.message, ...(err.hint ? { hint: err.hint } : {}) },
        });
        yield* emit(updateView(ctx, l, { status: 'REJECTED', status_message: err.message }));
        await rememberRefusal(ctx, l, { kind: err.kind, message: err.message, ...(err.hint ? { hint: err.hint } : {}) });
        yield {
          type: 'warning',
          at: now(ctx),
          message: `${l.leg.order.transaction_type} ${l.leg.order.tradingsymbol} refused: ${err.message}`,
          ...(err.hint ? { hint: err.hint } : {}),
        };
        // Refused for the app or the machine (plan, static IP), or for the account for the rest of the day (the
        // daily order cap), not for this order: every other order would be too.
        if (err.kind === 'app-refused') {
          throw new AppError(
            'broker',
            `Kite refuses orders from this app or machine: ${err.message}; nothing more was placed`,
            err.hint ? { hint: err.hint } : {},
          );
        }
        if (err.kind === 'order-cap') {
          throw new AppError(
            'broker',
            `Kite's daily order cap for this account is reached: ${err.message}; nothing more was placed`,
            err.hint ? { hint: err.hint } : {},
          );
        }
        return;
      }
      ctx.placeFailingSince ??= now(ctx);
      const outageMs = now(ctx) - ctx.placeFailingSince;
      if (outageMs + delayMs > PLACE_OUTAGE_MS) {
        // The leg stays PENDING with its intent journalled: resume looks it up by tag, then places it.
        throw new AppError(
          'broker',
          `Kite's order endpoint has failed every placement for ${Math.round(outageMs / 1000)} s (last: ${err.message}); nothing more was placed`,
          { hint: `Check Kite's status, then continue with \`kite-rebalance resume ${ctx.runId}\`.` },
        );
      }
      if (!mayRetry(PLACE_RETRY, attempt, now(ctx) - firstTry, delayMs)) {
        yield* skipLeg(ctx, l, `gave up after ${attempt} attempts: ${err.message}`);
        return;
      }
      yield { type: 'retry', at: now(ctx), legId: l.leg.legId, ...legName(l), attempt, delayMs, reason: err.message };
      await clock.sleep(delayMs, ctx.signal);
      continue;
    }
    ctx.placeFailingSince = null;
    yield* markPlaced(ctx, l, orderId, false);
    return;
  }
}

/**
 * Places every leg that has no order yet, in order. When the run must stop (the day's order cap, the app
 * refused, Kite's order endpoint down), every order of the run still live is seen to its end first: one
 * still OPEN past the timeout is cancelled rather than left behind unattended.
 */
export async function* placeBatch(ctx: RunContext, legs: readonly LegState[], gate: Gate): AsyncGenerator<EngineEvent, void> {
  try {
    for (const l of legs) {
      if (l.view.order_id || l.view.status !== 'PENDING') continue;
      yield* placeLeg(ctx, l, gate);
    }
  } catch (e) {
    if (e instanceof AppError && !ctx.signal.aborted) yield* trackToTerminal(ctx, ctx.legs);
    throw e;
  }
}
