import type { Variety } from '../broker/kite-types.js';
import { AppError } from '../core/errors.js';
import type { EngineEvent, WaitReason } from '../core/events.js';
import { ExitCode } from '../core/exit-codes.js';
import { istClock, istDateTime, istDay } from '../core/ist.js';
import { AMO_CLOSES_BEFORE_OPEN_MS, marketWait, sessionDeadline } from '../core/market-session.js';
import { now, type RunContext } from './context.js';
import { SKIP_AMO_WINDOW_CLOSED, SKIP_MARKET_CLOSED, skipAtAuction } from './skip-reasons.js';

/** What the market allows right now, once the wait (if any) is over. */
export interface Gate {
  variety: Variety;
  /** Placing stops at this instant (the close, or the end of the AMO window). */
  deadlineMs: number;
  /** Set when trying before the open: refusals "market closed" are retried until shortly after this. */
  openMs: number | null;
  /** Why a leg not placed by the deadline is skipped. */
  skipReason: string;
}

/**
 * Why legs not placed by the run's deadline are skipped: the close, or (from 2026-08-03) the start of NSE's
 * closing auction, when continuous-session MARKET orders stop.
 */
export function closeSkipReason(ctx: RunContext): string {
  const at = ctx.sessionCloseMs;
  const session = at === null ? null : ctx.deps.calendar.sessionAt(at);
  return session?.closingAuction && session.continuousUntilMs === at ? skipAtAuction(session.continuousUntil) : SKIP_MARKET_CLOSED;
}

/**
 * A run whose Kite session cannot be renewed must not wait past its end (06:00 IST): it would only fail at the
 * open. It stops before the wait, saying what was placed (exit 3 then, with the way to continue) or that
 * nothing was (exit 1).
 */
async function refuseWaitPastSession(ctx: RunContext, untilMs: number, detail: string): Promise<void> {
  const end = ctx.opts.mustFinishBy;
  if (end === undefined || untilMs <= end) return;
  const ends = `the Kite session ends at ${istClock(end)} IST on ${istDay(end)}`;
  const placed = ctx.legs.filter((l) => l.view.order_id).length;
  const stop =
    placed === 0
      ? new AppError('market', `NSE opens ${istDateTime(untilMs)} (${detail}), after ${ends}; nothing was placed`, {
          hint: ctx.opts.run.amo ? 'run it again after the open' : 'run it again after the open, or use --amo to queue after-market orders now',
        })
      : new AppError('market', `placed ${placed} order(s); the rest waits for NSE to open ${istDateTime(untilMs)}, after ${ends}`, {
          hint: `after the open, log in and continue with \`kite-rebalance resume ${ctx.runId}\` (running the basket again would place these orders twice)`,
          exitCode: ExitCode.partial,
        });
  await ctx.deps.journal.updateRun(ctx.runId, { updated_at: new Date(now(ctx)).toISOString(), summary: { message: stop.message } });
  throw stop;
}

/** Emits `waiting`, a `countdown` every tick, then `wait-over`. Rejects with the signal's reason on Ctrl+C. */
export async function* waitUntil(ctx: RunContext, untilMs: number, reason: WaitReason, detail: string): AsyncGenerator<EngineEvent, void> {
  const { clock } = ctx.deps;
  ctx.signal.throwIfAborted();
  await refuseWaitPastSession(ctx, untilMs, detail);
  yield { type: 'waiting', at: now(ctx), until: untilMs, reason, detail };
  const tick = Math.max(1, ctx.opts.countdownTickMs);
  while (clock.now() < untilMs) {
    await clock.sleep(Math.min(tick, untilMs - clock.now()), ctx.signal);
    yield { type: 'countdown', at: now(ctx), until: untilMs, remainingMs: Math.max(0, untilMs - clock.now()) };
  }
  yield { type: 'wait-over', at: now(ctx) };
}

/** Waits (with countdown) until orders may be placed, then says how. */
export async function* passMarketGate(ctx: RunContext): AsyncGenerator<EngineEvent, Gate> {
  const cal = ctx.deps.calendar;
  for (;;) {
    ctx.signal.throwIfAborted();
    const t = now(ctx);
    // The run's session is over: report the rest as skipped rather than wait for another day.
    if (ctx.sessionCloseMs !== null && t >= ctx.sessionCloseMs)
      return { variety: 'regular', deadlineMs: ctx.sessionCloseMs, openMs: null, skipReason: closeSkipReason(ctx) };
    const w = marketWait(cal, t, { amo: ctx.opts.run.amo });
    switch (w.kind) {
      case 'open':
        ctx.sessionCloseMs ??= sessionDeadline(cal, t);
        return { variety: 'regular', deadlineMs: sessionDeadline(cal, t), openMs: null, skipReason: closeSkipReason(ctx) };
      case 'start-trying':
        ctx.sessionCloseMs ??= sessionDeadline(cal, t);
        return { variety: 'regular', deadlineMs: sessionDeadline(cal, t), openMs: w.openMs, skipReason: closeSkipReason(ctx) };
      case 'amo-window':
        // AMOs execute in the next session; the end of its continuous trading ends the run.
        ctx.sessionCloseMs ??= cal.nextSession(t).continuousUntilMs;
        return { variety: 'amo', deadlineMs: cal.nextSession(t).openMs - AMO_CLOSES_BEFORE_OPEN_MS, openMs: null, skipReason: SKIP_AMO_WINDOW_CLOSED };
      case 'wait':
        if (w.noCalendarData) {
          yield {
            type: 'warning',
            at: t,
            message: `No NSE holiday calendar for the year of ${new Date(w.untilMs).toISOString().slice(0, 10)}: waiting on a guess`,
            hint: 'Add the official holiday list to the calendar file once NSE publishes it.',
          };
        }
        yield* waitUntil(ctx, w.untilMs, w.reason, w.detail);
    }
  }
}
