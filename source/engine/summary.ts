import { DateTime } from 'luxon';
import type { RunSummary, WeightAfter } from '../core/events.js';
import { nextStartMs } from '../core/market-session.js';
import { formatPct } from '../core/money.js';
import { isCancelledStatus } from '../core/order-status.js';
import { now, type RunContext } from './context.js';
import { NOT_AUTHORISED } from './authorise.js';

export interface Ending {
  /** Why the run stopped early, if it did. */
  stopped?: 'market-closed' | 'reauth' | 'declined' | 'unknown-status';
  /** The last repair check found nothing worth doing (or the target was met). */
  settled: boolean;
  /** Drift measured on a fresh snapshot after the run; null when the run stopped before one was taken. */
  driftAfter: number | null;
  /** ₹ cash on that same fresh snapshot; absent when none was taken. */
  cashLeft?: number;
  /** Weights vs targets on that same fresh snapshot. */
  weightsAfter?: WeightAfter[];
}

/** The weights of a fresh plan's rows (its "before" is the account as it is now). */
export const weightsOf = (rows: readonly { tradingsymbol: string; currentWeight: number; targetWeight: number }[]): WeightAfter[] =>
  rows.map((r) => ({ tradingsymbol: r.tradingsymbol, weight: r.currentWeight, target: r.targetWeight }));

/** What stopped the placing (the close, or the closing auction's start) and when to run the basket again. */
function closedMessage(ctx: RunContext): string {
  const at = ctx.sessionCloseMs;
  const session = at === null ? null : ctx.deps.calendar.sessionAt(at);
  const again = DateTime.fromMillis(nextStartMs(ctx.deps.calendar, now(ctx)), { zone: 'Asia/Kolkata' }).toFormat("HH:mm 'IST on' ccc d LLL yyyy");
  const why =
    session?.closingAuction && session.continuousUntilMs === at
      ? `Continuous trading ended at ${session.continuousUntil} IST (${session.closingAuction.name}; no market orders until the next session) before every order was placed`
      : 'The market closed before every order was placed';
  return `${why}; the rest is reported as skipped. Run the basket again from ${again} to place what is left.`;
}

export function summarize(ctx: RunContext, end: Ending): RunSummary {
  const views = ctx.legs.map((l) => ({ ...l.view }));
  const count = (pred: (v: (typeof views)[number]) => boolean) => views.filter(pred).length;
  const lastRound = Math.max(0, ...ctx.legs.map((l) => l.leg.round));
  const lastRoundDone = ctx.legs.filter((l) => l.leg.round === lastRound).every((l) => l.view.status === 'COMPLETE');
  const allDone = views.every((v) => v.status === 'COMPLETE');
  // Sells left for want of a CDSL authorisation are a task for the user, even when later rounds settled.
  const unauthorised = views.filter((v) => v.status === 'SKIPPED' && v.status_message === NOT_AUTHORISED);
  const complete = !end.stopped && lastRoundDone && (allDone || end.settled) && unauthorised.length === 0;
  const resume = `kite-rebalance resume ${ctx.runId}`;
  let message: string;
  if (end.stopped === 'reauth') message = `Stopped: the Kite session expired. Log in again, then continue with \`${resume}\`.`;
  else if (end.stopped === 'declined') message = 'Stopped after a declined batch: no repair rounds.';
  else if (end.stopped === 'unknown-status') {
    const odd = views
      .filter((v) => v.status === 'UNKNOWN')
      .map((v) => `${v.transaction_type} ${v.tradingsymbol} (${v.order_id}, ${v.status_message ?? 'unknown'})`);
    message = `Stopped without a repair round: ${odd.join('; ')} in a status this app does not know. Check it in Kite, then run again.`;
  } else if (end.stopped === 'market-closed') message = closedMessage(ctx);
  else if (complete) {
    message = views.length ? 'Rebalance complete: every order filled.' : 'Nothing to do.';
    // Whole shares leave a little drift; more than this means something could not be traded (T1, pledged, unauthorised…).
    if (end.driftAfter !== null && end.driftAfter > 0.05) {
      message = `${views.length ? 'Every placed order filled' : 'Nothing could be traded'}, but the account is still ${formatPct(end.driftAfter)} away from the basket: see the symbols the plan skipped.`;
    }
  } else if (unauthorised.length)
    message = `Sells not placed for want of a CDSL authorisation: ${unauthorised.map((v) => `${v.quantity} ${v.tradingsymbol}`).join(', ')}.`;
  else message = 'Finished with some orders unfilled, rejected or skipped.';
  const refused = [...ctx.refusals.values()];
  if (refused.length) {
    const hints = [...new Set(refused.map((r) => r.hint).filter((h): h is string => !!h))];
    message += ` Refused by Kite and not retried: ${refused.map((r) => `${r.side} ${r.symbol} (${r.message})`).join('; ')}.${hints.length ? ` ${hints.join('. ')}.` : ''}`;
  }
  return {
    runId: ctx.runId,
    ...(end.stopped === 'market-closed' ? { runAgainAt: nextStartMs(ctx.deps.calendar, now(ctx)) } : {}),
    orders: views,
    placed: count((v) => v.order_id !== null),
    filled: count((v) => v.status === 'COMPLETE'),
    rejected: count((v) => v.status === 'REJECTED'),
    skipped: count((v) => v.status === 'SKIPPED' || (isCancelledStatus(v.status) && v.filled_quantity < v.quantity)),
    complete,
    driftAfter: end.driftAfter,
    ...(end.cashLeft !== undefined ? { cashLeft: end.cashLeft } : {}),
    ...(end.weightsAfter ? { weightsAfter: end.weightsAfter } : {}),
    message,
  };
}
