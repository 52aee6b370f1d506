/**
 * Every retry of a broker call, stated once. Reads are retried in one place only, the Kite adapter; the
 * layers above call a read once and get either its answer or the error that outlived this policy. A
 * placement is never retried by the adapter: the engine retries it, because only the engine can look an
 * ambiguous placement up in the order book by its tag first.
 */
export interface RetryPolicy {
  /** Calls in all, the first one included. */
  attempts: number;
  /** The wait after the first failure; it doubles after each further failure, up to `capMs`. */
  baseMs: number;
  capMs: number;
  /** No retry is started once this much clock time has passed since the first call (waits included). */
  budgetMs: number;
}

/** Reads (order book, margins, holdings, quotes…) failing transiently: at most 8 calls within a minute. */
export const READ_RETRY: RetryPolicy = { attempts: 8, baseMs: 500, capMs: 15_000, budgetMs: 60_000 };

/** Placements refused transiently (nothing created) or settled by a look-up after an ambiguous failure. */
export const PLACE_RETRY: RetryPolicy = { attempts: 12, baseMs: 1_000, capMs: 30_000, budgetMs: 10 * 60_000 };

/**
 * When every placement of the run (whatever the leg) has failed without an answer for this long, Kite's order
 * endpoint is taken to be down: the run stops, saying so, instead of spending each leg's PLACE_RETRY in turn.
 */
export const PLACE_OUTAGE_MS = 2 * 60_000;

/** Cancellations of stale orders that failed, or that Kite acknowledged but the order stayed open: tried again on later polls. */
export const CANCEL_RETRY: RetryPolicy = { attempts: 5, baseMs: 2_000, capMs: 30_000, budgetMs: 5 * 60_000 };

/** A cancellation Kite acknowledged is given this long to take effect before it is tried again. */
export const CANCEL_SETTLE_MS = 10_000;

/** Placements refused "markets are closed" from 09:14 are placed again this often (same tag)… */
export const CLOSED_MARKET_RETRY_MS = 3_000;
/** …until this long after the open. */
export const OPEN_GRACE_MS = 60_000;

/** After an HTTP 429 the next call waits at least this long: Kite counts per calendar second. */
export const AFTER_RATE_LIMIT_MIN_MS = 1_000;

/**
 * The wait before retry number `attempt` (1 = after the first failure): exponential with "equal jitter", i.e.
 * a random point in [half, full] of the step, so that the retries of many clients do not line up.
 */
export function backoffDelay(policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>, attempt: number, random: () => number): number {
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(step / 2 + (r * step) / 2);
}

/** Whether another call may be made after `failures` failed ones, `elapsedMs` after the first, waiting `waitMs`. */
export const mayRetry = (policy: RetryPolicy, failures: number, elapsedMs: number, waitMs: number): boolean =>
  failures < policy.attempts && elapsedMs + waitMs <= policy.budgetMs;

/**
 * A read retried as READ_RETRY says while it fails transiently (after a 429 waiting at least
 * AFTER_RATE_LIMIT_MIN_MS); any other failure, or the last transient one, is thrown.
 */
export async function retryRead<T>(
  send: () => Promise<T>,
  isTransient: (err: unknown) => { transient: boolean; rateLimited?: boolean },
  clock: { now(): number; sleep(ms: number): Promise<void> },
  opts: { policy?: RetryPolicy; random?: () => number } = {},
): Promise<T> {
  const policy = opts.policy ?? READ_RETRY;
  const random = opts.random ?? Math.random;
  const start = clock.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      const { transient, rateLimited } = isTransient(err);
      if (!transient) throw err;
      const backoff = backoffDelay(policy, attempt, random);
      const wait = rateLimited ? Math.max(AFTER_RATE_LIMIT_MIN_MS, backoff) : backoff;
      if (!mayRetry(policy, attempt, clock.now() - start, wait)) throw err;
      await clock.sleep(wait);
    }
  }
}
