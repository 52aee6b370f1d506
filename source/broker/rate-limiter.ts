import type { Clock } from '../core/clock.js';

/** Kite's published limits (reference/kite-api.md §3). The limiter keeps every count at or below these. */
export interface RateLimits {
  ordersPerSecond: number;
  ordersPerMinute: number;
  quotesPerSecond: number;
  /** One shared count across every endpoint that is neither a quote nor an order. */
  othersPerSecond: number;
}

export const KITE_RATE_LIMITS: RateLimits = {
  ordersPerSecond: 10,
  ordersPerMinute: 400,
  quotesPerSecond: 1,
  othersPerSecond: 10,
};

export type CallClass = 'order' | 'quote' | 'other';

export interface RateLimiterOptions {
  /**
   * Extra milliseconds added to every window (default 50). Kite counts per calendar second of *its*
   * clock and requests arrive after a network delay, so the windows are widened by the delay jitter
   * we are willing to absorb.
   */
  guardMs?: number;
}

/** The times of the last `limit` admissions; admits a new one once the oldest of them is `spanMs` old. */
class SlidingLog {
  private readonly times: number[] = [];
  constructor(
    private readonly limit: number,
    private readonly spanMs: number,
  ) {
    if (!(Number.isInteger(limit) && limit > 0)) throw new RangeError(`rate limit must be a positive integer, got ${limit}`);
  }

  waitMs(now: number): number {
    if (this.times.length < this.limit) return 0;
    const oldest = this.times[this.times.length - this.limit] ?? now;
    return Math.max(0, oldest + this.spanMs - now);
  }

  record(now: number): void {
    this.times.push(now);
    if (this.times.length > this.limit) this.times.splice(0, this.times.length - this.limit);
  }
}

/**
 * Client-side limiter on the injected clock.
 *
 * Why sliding windows rather than calendar windows: Kite counts per calendar second of its own clock,
 * whose offset from ours is unknown. "At most L admissions in any window of 1 s + guard" implies "at
 * most L in every calendar second" for *any* clock offset (and for the simulator sharing our clock),
 * provided network jitter stays under the guard; calendar windows of our clock only give that when
 * the offset is zero and the caller's pace is even. The cost is guardMs/1000 of throughput (5 %).
 *
 * Each call class has its own FIFO queue, so orders never wait behind quotes.
 */
export class RateLimiter {
  private readonly logs: Record<CallClass, SlidingLog[]>;
  private readonly queues: Record<CallClass, Promise<void>> = {
    order: Promise.resolve(),
    quote: Promise.resolve(),
    other: Promise.resolve(),
  };
  readonly limits: RateLimits;

  constructor(
    private readonly clock: Clock,
    limits: Partial<RateLimits> = {},
    options: RateLimiterOptions = {},
  ) {
    this.limits = { ...KITE_RATE_LIMITS, ...limits };
    const guard = options.guardMs ?? 50;
    if (!(guard >= 0)) throw new RangeError('guardMs must be ≥ 0');
    this.logs = {
      order: [new SlidingLog(this.limits.ordersPerSecond, 1000 + guard), new SlidingLog(this.limits.ordersPerMinute, 60_000 + guard)],
      quote: [new SlidingLog(this.limits.quotesPerSecond, 1000 + guard)],
      other: [new SlidingLog(this.limits.othersPerSecond, 1000 + guard)],
    };
  }

  /**
   * Resolves when one request of this class may be sent now, and counts it. Several classes: a request
   * whose class is not known for sure (order cancellation) is admitted only when every one of them has
   * room, and counts against all of them.
   */
  acquire(callClass: CallClass | readonly CallClass[], signal?: AbortSignal): Promise<void> {
    const classes = typeof callClass === 'string' ? [callClass] : [...new Set(callClass)];
    const turn = Promise.all(classes.map((c) => this.queues[c])).then(() => this.admit(classes, signal));
    const settled = turn.catch(() => undefined);
    for (const c of classes) this.queues[c] = settled;
    return turn;
  }

  private async admit(classes: readonly CallClass[], signal?: AbortSignal): Promise<void> {
    const logs = classes.flatMap((c) => this.logs[c]);
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const now = this.clock.now();
      const wait = Math.max(...logs.map((log) => log.waitMs(now)));
      if (wait <= 0) {
        for (const log of logs) log.record(now);
        return;
      }
      await this.clock.sleep(wait, signal);
    }
  }
}
