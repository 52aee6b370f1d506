import { AUTO_MARKET_PROTECTION, protectionPct } from '../core/market-protection.js';
import { kiteMarketProtection } from '../core/run-options.js';
import { isBrokerError } from '../broker/port.js';
import { formatInr } from '../core/money.js';
import type { EngineEvent } from '../core/events.js';
import type { Plan, PlannedOrder, Side, Snapshot } from '../core/types.js';
import { isTerminal, journal, legName, legsOf, newLegState, now, updateView, type LegState, type RunContext } from './context.js';
import { atPrices, fitBuysToCash } from './funding.js';
import { buildLegs } from './ids.js';
import { closeSkipReason, passMarketGate } from './market-gate.js';
import { CLOSED_MARKET_RETRY_MS, OPEN_GRACE_MS } from '../broker/retry-policy.js';
import { placeBatch, skipLeg, skippedAtClose } from './place.js';
import { announce, rejectionCause, withoutRefused } from './refusals.js';
import { authoriseSells } from './authorise.js';
import { trackToTerminal } from './track.js';

export type RoundOutcome = 'done' | 'market-closed' | 'declined';

/** A sell that filled at a price this far from the plan's makes the buys be re-planned. */
const PRICE_MOVE_REPLAN = 0.01;

export const DECLINED = 'declined at confirmation';

const unplaced = (legs: readonly LegState[]) => legs.filter((l) => !l.view.order_id && l.view.status === 'PENDING');

async function persistLegs(ctx: RunContext): Promise<void> {
  await ctx.deps.journal.updateRun(ctx.runId, { legs: ctx.legs.map((l) => l.leg), updated_at: new Date(now(ctx)).toISOString() });
}

/** Confirms, waits for the market, places and tracks one side of a round. */
async function* runBatch(ctx: RunContext, round: number, side: Side, legs: readonly LegState[]): AsyncGenerator<EngineEvent, RoundOutcome> {
  const todo = unplaced(legs);
  if (todo.length) {
    const orders = todo.map((l) => l.leg.order);
    yield { type: 'batch', at: now(ctx), round, side, orders };
    const confirmed = await ctx.deps.confirm({ round, side, orders, legs: todo.map((l) => l.leg) });
    yield { type: 'batch-confirmed', at: now(ctx), round, side, confirmed };
    await journal(ctx, { type: 'note', data: { batch: { round, side, confirmed, legs: todo.map((l) => l.leg.legId) } } });
    if (!confirmed) {
      for (const l of todo) yield* skipLeg(ctx, l, DECLINED);
    } else {
      yield* placeAndTrack(ctx, todo);
    }
  }
  yield* trackToTerminal(ctx, legs);
  return legs.some(skippedAtClose) ? 'market-closed' : 'done';
}

/**
 * Places and tracks; orders the exchange refused because they arrived just before the open ("markets are
 * closed") are placed again every few seconds until shortly after the open, under the same tag.
 */
async function* placeAndTrack(ctx: RunContext, todo: readonly LegState[]): AsyncGenerator<EngineEvent, void> {
  let openMs: number | null = null;
  let batch = todo;
  for (let attempt = 1; ; attempt++) {
    const gate = yield* passMarketGate(ctx);
    openMs ??= gate.openMs;
    // Sells get their CDSL authorisation once the market lets them go (it lapses at the end of the day).
    const ready = attempt === 1 && batch.some((l) => l.leg.order.transaction_type === 'SELL') ? yield* authoriseSells(ctx, batch, false) : batch;
    yield* placeBatch(ctx, ready, gate);
    // Kite refused some for want of authorisation (HTTP 428): authorise them, then place them once more.
    const refused = ready.filter((l) => l.awaitingAuthorisation);
    if (refused.length) {
      for (const l of refused) {
        l.awaitingAuthorisation = false;
        l.authorisedAfterRefusal = true;
      }
      yield* placeBatch(ctx, yield* authoriseSells(ctx, refused, true), gate);
    }
    yield* trackToTerminal(ctx, batch);
    if (openMs === null || now(ctx) >= openMs + OPEN_GRACE_MS) return;
    const closed = batch.filter((l) => l.view.status === 'REJECTED' && l.view.order_id && rejectionCause(l.view.status_message).kind === 'market-closed');
    if (!closed.length) return;
    for (const l of closed) {
      await journal(ctx, {
        type: 'note',
        leg_id: l.leg.legId,
        tag: l.leg.tag,
        order_id: l.view.order_id ?? undefined,
        data: { refused_before_open: l.view.status_message },
      });
      l.intent = false;
      l.cancelRequested = false;
      const ev = await updateView(ctx, l, { order_id: null, status: 'PENDING', filled_quantity: 0, average_price: null, status_message: null });
      if (ev) yield ev;
      yield { type: 'retry', at: now(ctx), legId: l.leg.legId, ...legName(l), attempt, delayMs: CLOSED_MARKET_RETRY_MS, reason: 'market not open yet' };
    }
    await ctx.deps.clock.sleep(CLOSED_MARKET_RETRY_MS, ctx.signal);
    batch = closed;
  }
}

function sellsWentAsPlanned(sells: readonly LegState[]): boolean {
  return sells.every((l) => {
    const o = l.leg.order;
    if (l.view.status !== 'COMPLETE' || l.view.filled_quantity < o.quantity) return false;
    const avg = l.view.average_price ?? o.price;
    return Math.abs(avg - o.price) <= o.price * PRICE_MOVE_REPLAN;
  });
}

/**
 * Last prices of the buys now, for sizing them. None when quotes are not allowed (free plan) or fail (the adapter
 * has retried): the planned prices stand. A session that ended or a cancelled run is not swallowed.
 */
async function lastPrices(ctx: RunContext, buys: readonly PlannedOrder[]): Promise<Record<string, number>> {
  if (!buys.length) return {};
  try {
    const quotes = await ctx.deps.broker.ltp(buys.map((o) => `NSE:${o.tradingsymbol}`));
    const prices: Record<string, number> = {};
    for (const o of buys) {
      const last = quotes[`NSE:${o.tradingsymbol}`]?.last_price;
      if (last !== undefined && last > 0) prices[o.tradingsymbol] = last;
    }
    return prices;
  } catch (e) {
    if (ctx.signal.aborted || (isBrokerError(e) && e.kind === 'session-expired')) throw e;
    return {};
  }
}

/**
 * Sizes this round's buys from the cash really there after the sells, at today's LTP, for funds blocked at the
 * protection price (LTP × (1 + p %)), not at the LTP; re-plans when the sells did not go as planned.
 */
async function* sizeBuys(
  ctx: RunContext,
  round: number,
  sells: readonly LegState[],
  planned: readonly PlannedOrder[],
): AsyncGenerator<EngineEvent, PlannedOrder[]> {
  const margins = await ctx.deps.broker.margins();
  // Margin from pledged stock cannot pay for delivery buys (same rule as the snapshot's cash).
  let cash = margins.net - (margins.available?.collateral ?? 0);
  yield { type: 'cash', at: now(ctx), available: cash, note: sells.length ? 'after the sells' : 'before the buys' };
  let buys = [...planned];
  const replan = sells.length > 0 && !sellsWentAsPlanned(sells);
  if (!replan) buys = atPrices(buys, await lastPrices(ctx, buys));
  if (replan) {
    const snapshot: Snapshot = await ctx.deps.snapshot();
    const { plan, dropped } = withoutRefused(await ctx.deps.planner(ctx.basket, snapshot, ctx.opts.run), ctx.refusals, ctx.basket);
    for (const w of announce(
      dropped.filter((d) => d.order.transaction_type === 'BUY'),
      now(ctx),
    ))
      yield w;
    buys = plan.orders.filter((o) => o.transaction_type === 'BUY');
    cash = Math.min(cash, snapshot.cash);
    yield {
      type: 'replanned',
      at: now(ctx),
      round,
      plan,
      reason: 'sells did not fill as planned (rejected, partial or price moved): buys re-sized from the cash available',
    };
  }
  const protection = kiteMarketProtection(ctx.opts.run.marketProtection);
  const pct = protectionPct(protection, ctx.opts.run.autoProtectionPct);
  // The run's --cash-reserve stays in cash whatever the plan assumed (e.g. sells that were refused or skipped).
  const keep = Math.min(ctx.opts.run.cashReserve, Math.max(0, cash));
  const fitted = fitBuysToCash(buys, cash - keep, pct, ctx.opts.run.minOrderValue);
  if (fitted.trimmed) {
    const assumed = protection === AUTO_MARKET_PROTECTION ? ', assumed for auto' : '';
    const kept = keep > 0 ? ` less the ${formatInr(keep)} cash reserve` : '';
    yield {
      type: 'warning',
      at: now(ctx),
      message: `Buys trimmed to the ${formatInr(cash)} really available${kept}: a market buy blocks funds at its protection price (last price + ${pct}%${assumed})`,
    };
  }
  return fitted.orders;
}

/** Sells, then (sized from real cash) buys of one round. Legs already placed (resume) are tracked, not placed again. */
export async function* runRound(ctx: RunContext, round: number): AsyncGenerator<EngineEvent, RoundOutcome> {
  const sells = legsOf(ctx, round, 'SELL');
  if ((yield* runBatch(ctx, round, 'SELL', sells)) === 'market-closed') return yield* skipRest(ctx, round);

  let buys = legsOf(ctx, round, 'BUY');
  const buysStarted = buys.some((l) => l.intent || l.view.status !== 'PENDING');
  if (!buysStarted && buys.length) {
    const placedSells = sells.filter((l) => l.view.status !== 'SKIPPED' || l.view.status_message !== DECLINED);
    const sized = yield* sizeBuys(
      ctx,
      round,
      placedSells.length ? sells : [],
      buys.map((l) => l.leg.order),
    );
    const fresh = buildLegs(ctx.runId, round, 'BUY', sized).map(newLegState);
    ctx.legs = [...ctx.legs.filter((l) => !(l.leg.round === round && l.leg.order.transaction_type === 'BUY')), ...fresh];
    await persistLegs(ctx);
    buys = fresh;
  }
  if ((yield* runBatch(ctx, round, 'BUY', buys)) === 'market-closed') return yield* skipRest(ctx, round);
  return legsOf(ctx, round).some((l) => l.view.status === 'SKIPPED' && l.view.status_message === DECLINED) ? 'declined' : 'done';
}

async function* skipRest(ctx: RunContext, round: number): AsyncGenerator<EngineEvent, RoundOutcome> {
  for (const l of legsOf(ctx, round)) {
    if (!isTerminal(l) && !l.view.order_id) yield* skipLeg(ctx, l, closeSkipReason(ctx));
  }
  return 'market-closed';
}

export async function addRoundLegs(ctx: RunContext, round: number, plan: Plan): Promise<void> {
  const legs = [...buildLegs(ctx.runId, round, 'SELL', plan.orders), ...buildLegs(ctx.runId, round, 'BUY', plan.orders)];
  ctx.legs.push(...legs.map(newLegState));
  await persistLegs(ctx);
  await journal(ctx, { type: 'note', data: { round, plan } });
}
