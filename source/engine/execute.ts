import { hostname } from 'node:os';
import { isBrokerError } from '../broker/port.js';
import { AppError, isAppError } from '../core/errors.js';
import { targetDeficit } from '../core/planner/index.js';
import type { EngineEvent, RunSummary } from '../core/events.js';
import { formatPct } from '../core/money.js';
import { parseRunOptions, runOptionsSchema, storedRunOptionsInput, type RunOptions } from '../core/run-options.js';
import type { Basket, Leg, Plan, Snapshot } from '../core/types.js';
import type { LockHandle } from '../store/ports.js';
import { journal, now, type RunContext } from './context.js';
import { newRunId } from './ids.js';
import { refuseWhileAnotherRunIsOpen } from './open-runs.js';
import { announce, refusalsFromJournal, withoutRefused } from './refusals.js';
import { reconcile, restoreLegs } from './restore.js';
import { addRoundLegs, runRound } from './rounds.js';
import { summarize, weightsOf, type Ending } from './summary.js';
import type { EngineDeps, EngineOptions, ResumeOptions } from './types.js';

/** Why the repair loop stops after a round, or null to go on. */
function repairStop(basket: Basket, plan: Plan, snapshot: Snapshot, limit: number | undefined): string | null {
  if (!plan.orders.length) return 'nothing left worth trading';
  if (limit !== undefined) {
    const deficit = targetDeficit(basket, snapshot);
    if (deficit <= limit) return `target deficit met (₹${deficit.toFixed(2)} ≤ ₹${limit})`;
  }
  const gain = (plan.drift_before - plan.drift_after) * snapshot.totalValue;
  if (gain <= plan.charges) return `the residual would cost ₹${plan.charges.toFixed(2)} to improve drift by ₹${gain.toFixed(2)}`;
  return null;
}

/** Timings that would make the engine misbehave are refused up front with one clear line. */
function checkTiming(o: Pick<EngineOptions, 'pollIntervalMs' | 'openOrderTimeoutMs' | 'countdownTickMs'>): void {
  const bad = (msg: string) => new AppError('usage', msg);
  if (!(o.pollIntervalMs > 0)) throw bad(`order polling interval must be > 0 ms (got ${o.pollIntervalMs})`);
  if (!(o.openOrderTimeoutMs > 0)) throw bad(`open-order timeout must be > 0 ms (got ${o.openOrderTimeoutMs})`);
  if (!(o.countdownTickMs > 0)) throw bad(`countdown tick must be > 0 ms (got ${o.countdownTickMs})`);
}

/**
 * The options a journalled run was started with. A record from before they were stored is refused: its
 * --buy-only or --cash-reserve are unknown, and re-planning without them could sell or spend what it was told
 * to keep. No "safe" default exists for a reserve of unknown size.
 */
function storedRunOptions(runId: string, stored: unknown): RunOptions {
  if (stored === undefined || stored === null) {
    throw new AppError(
      'store',
      `Run ${runId} was started by an older kite-rebalance that did not record its options (--buy-only, --cash-reserve, …), so resuming it could sell or spend what it was told to keep; nothing was placed`,
      {
        hint: 'check its orders in Kite (cancel any still open), then run the basket again with the same options',
      },
    );
  }
  const parsed = runOptionsSchema.safeParse(storedRunOptionsInput(stored));
  if (!parsed.success)
    throw new AppError(
      'store',
      `Run ${runId} has unreadable options in its journal record (${parsed.error.issues[0]?.message ?? 'invalid'}), so it cannot be resumed; nothing was placed`,
    );
  return parsed.data;
}

/**
 * A run that stops because its journal cannot be written (a full disk, a read-only folder) says which run it was
 * and how to continue it: the orders it placed carry its tags, so `resume` finds them and places nothing twice.
 */
function withRunId(e: unknown, runId: string): unknown {
  if (!isAppError(e) || e.kind !== 'store' || e.message.startsWith(`run ${runId} stopped`)) return e;
  return new AppError('store', `run ${runId} stopped: ${e.message}`, {
    hint: `${e.hint ? `${e.hint}, then ` : ''}continue it with \`kite-rebalance resume ${runId}\`; nothing more was placed`,
    cause: e,
  });
}

const lockHolder = (runId: string) => ({ runId, pid: process.pid, host: hostname() });

/** Log-ins tried within one run before giving up. */
const MAX_REAUTHS = 3;

/**
 * Drift and cash of the account as it is now, for a run that stopped before a completed round: drift null (and
 * no cash) when the account cannot be read (never the plan's figures, which were not achieved).
 */
async function currentState(ctx: RunContext): Promise<Pick<Ending, 'driftAfter' | 'cashLeft' | 'weightsAfter'>> {
  try {
    const snapshot = await ctx.deps.snapshot();
    const plan = await ctx.deps.planner(ctx.basket, snapshot, ctx.opts.run);
    return { driftAfter: plan.drift_before, cashLeft: snapshot.cash, weightsAfter: weightsOf(plan.rows) };
  } catch {
    return { driftAfter: null };
  }
}

async function* drive(ctx: RunContext, startRound: number): AsyncGenerator<EngineEvent, RunSummary> {
  // Set only from a fresh snapshot: a run that stops early must not report the planned drift as achieved.
  const end: Ending = { settled: false, driftAfter: null };
  let round = startRound;
  for (let reauths = 0; ;) {
    try {
      for (;;) {
        const outcome = yield* runRound(ctx, round);
        if (outcome !== 'done') {
          // The close ends the run; a declined batch means the user does not want more rounds.
          end.stopped = outcome;
          break;
        }
        // An order left in a status this app does not know may still fill: a repair round could trade it twice.
        if (ctx.legs.some((l) => l.untracked)) {
          end.stopped = 'unknown-status';
          break;
        }
        // Even after the last allowed round, a fresh look says whether anything worth doing is left.
        const snapshot = await ctx.deps.snapshot();
        const { plan: next, dropped } = withoutRefused(await ctx.deps.planner(ctx.basket, snapshot, ctx.opts.run), ctx.refusals, ctx.basket);
        end.driftAfter = next.drift_before;
        end.cashLeft = snapshot.cash;
        end.weightsAfter = weightsOf(next.rows);
        for (const w of announce(dropped, now(ctx))) yield w;
        const stop = repairStop(ctx.basket, next, snapshot, ctx.opts.run.targetDeficit);
        await journal(ctx, { type: 'note', data: { repair_check: { round, drift: next.drift_before, stop } } });
        if (stop) {
          end.settled = true;
          break;
        }
        if (round >= ctx.opts.run.maxRounds) break;
        round++;
        yield {
          type: 'replanned',
          at: now(ctx),
          round,
          plan: next,
          reason: `repair round ${round}: drift ${formatPct(next.drift_before)} → ${formatPct(next.drift_after)}`,
        };
        await addRoundLegs(ctx, round, next);
      }
      break;
    } catch (e) {
      if (isBrokerError(e) && e.kind === 'session-expired') {
        const canLogIn = Boolean(ctx.deps.reauth) && reauths < MAX_REAUTHS;
        yield {
          type: 'reauth-needed',
          at: now(ctx),
          message: canLogIn
            ? `Kite session expired or invalid (${e.message}); logging in again before anything more is placed.`
            : `Kite session expired or invalid (${e.message}); nothing more is placed until you log in again. Later: \`kite-rebalance resume ${ctx.runId}\`.`,
        };
        await journal(ctx, { type: 'status', data: { reauth_needed: e.message } });
        const broker = ctx.deps.reauth && reauths++ < MAX_REAUTHS ? await ctx.deps.reauth() : null;
        if (broker) {
          ctx.deps = { ...ctx.deps, broker };
          await journal(ctx, { type: 'status', data: { reauthenticated: true } });
          yield* reconcile(ctx);
          continue;
        }
        end.stopped = 'reauth';
        end.driftAfter = null;
        delete end.cashLeft;
        delete end.weightsAfter;
        break;
      }
      if (ctx.signal.aborted) {
        const placed = ctx.legs.filter((l) => l.view.order_id).length;
        // A paper run lives in this process's simulator: `resume` refuses it, so it is never suggested.
        const next = ctx.opts.mode === 'paper' ? 'a paper run cannot be resumed: run the basket again' : `continue with \`kite-rebalance resume ${ctx.runId}\``;
        const message = placed ? `Cancelled after placing ${placed} order(s); ${next}` : 'Cancelled: nothing was placed.';
        await ctx.deps.journal.updateRun(ctx.runId, { status: 'cancelled', updated_at: new Date(now(ctx)).toISOString(), summary: { message } });
        throw new AppError('cancelled', message);
      }
      await ctx.deps.journal.updateRun(ctx.runId, { status: 'failed', updated_at: new Date(now(ctx)).toISOString() }).catch(() => undefined);
      throw withRunId(e, ctx.runId);
    }
  }
  if (end.stopped && end.stopped !== 'reauth') {
    delete end.cashLeft;
    delete end.weightsAfter;
    Object.assign(end, await currentState(ctx));
  }
  const summary = summarize(ctx, end);
  await ctx.deps.journal.updateRun(ctx.runId, {
    status: end.stopped === 'reauth' ? 'failed' : 'finished',
    updated_at: new Date(now(ctx)).toISOString(),
    legs: ctx.legs.map((l) => l.leg),
    summary,
  });
  yield { type: 'run-finished', at: now(ctx), summary };
  return summary;
}

/**
 * Executes a confirmed plan: one run per account (lock), sells first and tracked to the end, buys sized from the
 * cash really there, repair rounds; every step journalled. Ctrl+C (the signal) → AppError('cancelled').
 */
export async function* executePlan(
  deps: EngineDeps,
  basket: Basket,
  plan: Plan,
  opts: EngineOptions,
  signal: AbortSignal,
): AsyncGenerator<EngineEvent, RunSummary> {
  checkTiming(opts);
  const run = parseRunOptions(opts.run);
  const random = deps.random ?? Math.random;
  const runId = opts.runId ?? newRunId(random);
  if (!/^[a-z0-9]{8}$/.test(runId)) throw new AppError('usage', `A run id is 8 lowercase letters/digits (got "${runId}")`);
  signal.throwIfAborted();
  const lock: LockHandle = await deps.lock.acquire(opts.userId, lockHolder(runId));
  try {
    const earlierRuns = plan.orders.length > 0 ? await refuseWhileAnotherRunIsOpen(deps.broker) : [];
    const ctx: RunContext = {
      deps,
      opts: { ...opts, run },
      signal,
      runId,
      basket,
      legs: [],
      random,
      sessionCloseMs: null,
      refusals: new Map(),
      placeFailingSince: null,
    };
    const at = new Date(deps.clock.now()).toISOString();
    await deps.journal.createRun({
      run_id: runId,
      user_id: opts.userId,
      mode: opts.mode,
      basket_file: opts.basketFile,
      created_at: at,
      updated_at: at,
      status: 'running',
      plan: { ...plan, basket },
      legs: [],
      options: run,
    });
    await addRoundLegs(ctx, 1, plan);
    for (const message of earlierRuns) yield { type: 'warning', at: now(ctx), message };
    yield { type: 'run-started', at: now(ctx), runId, mode: opts.mode, legs: ctx.legs.length };
    try {
      return yield* drive(ctx, 1);
    } catch (e) {
      throw withRunId(e, runId);
    }
  } finally {
    await lock.release();
  }
}

/** Continues a journalled run: reconciles the order book by tag first, so nothing is placed twice. */
export async function* resumeRun(deps: EngineDeps, runId: string, opts: ResumeOptions, signal: AbortSignal): AsyncGenerator<EngineEvent, RunSummary> {
  const run = await deps.journal.getRun(runId);
  if (!run) throw new AppError('usage', `No run "${runId}" in the journal`, { hint: '`kite-rebalance history` lists the runs' });
  if (run.status === 'finished') throw new AppError('usage', `Run ${runId} has already finished; nothing to resume`);
  const stored = run.plan as (Plan & { basket?: Basket }) | null;
  if (!stored?.basket) throw new AppError('store', `Run ${runId} has no basket in its journal record, so it cannot be resumed`);
  if (run.mode === 'dry-run') throw new AppError('usage', `Run ${runId} was a dry run; nothing to resume`);
  checkTiming(opts);
  const options = storedRunOptions(runId, run.options);
  signal.throwIfAborted();
  const userId = opts.userId ?? run.user_id;
  const lock = await deps.lock.acquire(userId, lockHolder(runId));
  try {
    const full: EngineOptions = { ...opts, userId, basketFile: opts.basketFile ?? run.basket_file, mode: run.mode, run: options };
    const entries = await deps.journal.entries(runId);
    const legs = restoreLegs(run.legs as Leg[], entries);
    const ctx: RunContext = {
      deps,
      opts: full,
      signal,
      runId,
      basket: stored.basket,
      legs,
      random: deps.random ?? Math.random,
      sessionCloseMs: null,
      refusals: refusalsFromJournal(legs, entries),
      placeFailingSince: null,
    };
    await deps.journal.updateRun(runId, { status: 'running', updated_at: new Date(now(ctx)).toISOString() });
    await journal(ctx, { type: 'status', data: { resumed: true } });
    yield { type: 'run-started', at: now(ctx), runId, mode: run.mode, legs: ctx.legs.length };
    yield* reconcile(ctx);
    const round = Math.max(1, ...ctx.legs.map((l) => l.leg.round));
    try {
      return yield* drive(ctx, round);
    } catch (e) {
      throw withRunId(e, runId);
    }
  } finally {
    await lock.release();
  }
}
