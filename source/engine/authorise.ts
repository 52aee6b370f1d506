import { roundRupees } from '../core/money.js';
import type { EngineEvent } from '../core/events.js';
import { journal, now, updateView, type LegState, type RunContext } from './context.js';
import { skipLeg } from './place.js';
import { rememberRefusal } from './refusals.js';

/** Why a sell was not placed: the CDSL authorisation did not come (timeout) or the user skipped it. */
export const NOT_AUTHORISED = 'not authorised for sale at CDSL (TPIN)';
export const NOT_AUTHORISED_HINT = 'Authorise these holdings in Kite (Holdings → Authorisation) with your CDSL TPIN, then run the rebalance again';

/** A sell cut down to the quantity authorised: value and charges in proportion. */
async function* trim(ctx: RunContext, l: LegState, quantity: number): AsyncGenerator<EngineEvent, void> {
  const o = l.leg.order;
  l.leg = { ...l.leg, order: { ...o, quantity, value: roundRupees(o.price * quantity), charges: roundRupees((o.charges * quantity) / o.quantity) } };
  await journal(ctx, { type: 'note', leg_id: l.leg.legId, tag: l.leg.tag, data: { trimmed_to_authorised: { from: o.quantity, to: quantity } } });
  await ctx.deps.journal.updateRun(ctx.runId, { legs: ctx.legs.map((x) => x.leg), updated_at: new Date(now(ctx)).toISOString() });
  const ev = await updateView(ctx, l, { quantity });
  if (ev) yield ev;
  yield { type: 'warning', at: now(ctx), message: `SELL ${o.tradingsymbol} cut from ${o.quantity} to the ${quantity} authorised at CDSL` };
}

/**
 * Before sells are placed: asks `deps.authorise` for what may be sold now and places only that. A sell with
 * nothing authorised is skipped (and kept out of later rounds); one partly authorised is cut to that quantity.
 * The buys that follow are sized from the cash the sells really brought (rounds.ts).
 */
export async function* authoriseSells(ctx: RunContext, legs: readonly LegState[], refusedByKite: boolean): AsyncGenerator<EngineEvent, LegState[]> {
  const authorise = ctx.deps.authorise;
  if (!authorise || legs.length === 0) return [...legs];
  const round = legs[0]!.leg.round;
  const allowed = yield* authorise(
    { round, sells: legs.map((l) => ({ tradingsymbol: l.leg.order.tradingsymbol, quantity: l.leg.order.quantity })), refusedByKite },
    ctx.signal,
  );
  const left = new Map(allowed);
  const ready: LegState[] = [];
  for (const l of legs) {
    const symbol = l.leg.order.tradingsymbol;
    const may = left.get(symbol);
    if (may === undefined) {
      ready.push(l);
      continue;
    }
    const quantity = Math.min(may, l.leg.order.quantity);
    left.set(symbol, may - quantity);
    if (quantity === 0) {
      yield* skipLeg(ctx, l, NOT_AUTHORISED);
      await rememberRefusal(ctx, l, { kind: 'needs-authorisation', message: NOT_AUTHORISED, hint: NOT_AUTHORISED_HINT });
      continue;
    }
    if (quantity < l.leg.order.quantity) yield* trim(ctx, l, quantity);
    ready.push(l);
  }
  return ready;
}
