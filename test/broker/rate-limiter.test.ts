import { describe, expect, it } from 'vitest';
import { manualClock } from '../../source/core/clock.js';
import { RateLimiter, type CallClass } from '../../source/broker/rate-limiter.js';

const T0 = Date.parse('2026-11-24T04:00:00.000Z'); // 09:30 IST, on a calendar-second boundary

async function admitTimes(limiter: RateLimiter, clock: { now(): number }, n: number, callClass: CallClass = 'order') {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    await limiter.acquire(callClass);
    times.push(clock.now());
  }
  return times;
}

/** Largest number of admissions that fall into one window [k·size + offset, (k+1)·size + offset). */
function maxPerCalendarWindow(times: number[], sizeMs: number, offsetMs = 0): number {
  const counts = new Map<number, number>();
  for (const t of times) {
    const k = Math.floor((t - offsetMs) / sizeMs);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return Math.max(...counts.values());
}

describe('RateLimiter (orders: 10 per calendar second, 400 per minute)', () => {
  it('admits a burst of 10 at once and holds the 11th until the second has rolled over', async () => {
    const clock = manualClock(T0);
    const limiter = new RateLimiter(clock);
    const times = await admitTimes(limiter, clock, 11);
    expect(times.slice(0, 10).every((t) => t === T0)).toBe(true);
    expect(times[10]).toBeGreaterThanOrEqual(T0 + 1000);
    expect(times[10]).toBeLessThanOrEqual(T0 + 1100);
  });

  it('never puts more than 10 orders in one calendar second, whatever the offset of the counting clock', async () => {
    const clock = manualClock(T0 + 730); // start mid-second
    const limiter = new RateLimiter(clock);
    const times = await admitTimes(limiter, clock, 300);
    for (const offset of [0, 1, 30, 49, 250, 500, 999]) {
      expect(maxPerCalendarWindow(times, 1000, offset), `offset ${offset} ms`).toBeLessThanOrEqual(10);
    }
  });

  it('keeps an uneven caller (slow, then a burst) under 10 per calendar second', async () => {
    const clock = manualClock(T0);
    const limiter = new RateLimiter(clock);
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      clock.set(T0 + 900 + i * 9); // ten orders late in the second
      await limiter.acquire('order');
      times.push(clock.now());
    }
    clock.set(T0 + 1000);
    times.push(...(await admitTimes(limiter, clock, 10))); // then a burst right after the boundary
    for (const offset of [0, 100, 500, 900, 950]) expect(maxPerCalendarWindow(times, 1000, offset)).toBeLessThanOrEqual(10);
  });

  it('sustains 10 orders a second: 100 orders are admitted within 10 s of clock time', async () => {
    const clock = manualClock(T0);
    const limiter = new RateLimiter(clock);
    const times = await admitTimes(limiter, clock, 100);
    const last = times.at(-1) ?? Number.NaN;
    expect(last - T0).toBeGreaterThanOrEqual(9000);
    expect(last - T0).toBeLessThanOrEqual(10_000);
  });

  it('holds the 401st order of a minute until the minute has passed', async () => {
    const clock = manualClock(T0);
    const limiter = new RateLimiter(clock);
    const times = await admitTimes(limiter, clock, 450);
    expect(times[399]).toBeLessThan(T0 + 41_000);
    expect(times[400]).toBeGreaterThanOrEqual(T0 + 60_000);
    for (const offset of [0, 20_000, 45_000]) expect(maxPerCalendarWindow(times, 60_000, offset)).toBeLessThanOrEqual(400);
    expect(maxPerCalendarWindow(times, 1000)).toBeLessThanOrEqual(10);
  });

  it('limits quotes to 1 per second and counts every other endpoint together at 10 per second', async () => {
    const clock = manualClock(T0);
    const limiter = new RateLimiter(clock);
    const quotes = await admitTimes(limiter, clock, 5, 'quote');
    expect(maxPerCalendarWindow(quotes, 1000)).toBe(1);
    expect((quotes.at(-1) ?? 0) - (quotes[0] ?? 0)).toBeGreaterThanOrEqual(4000);
    const others = await admitTimes(limiter, clock, 35, 'other');
    expect(maxPerCalendarWindow(others, 1000)).toBeLessThanOrEqual(10);
  });

  it('does not make other endpoints wait for an exhausted order budget', async () => {
    const clock = manualClock(T0);
    const limiter = new RateLimiter(clock);
    await admitTimes(limiter, clock, 10, 'order');
    const before = clock.now();
    await limiter.acquire('other');
    expect(clock.now()).toBe(before);
  });

  it('admits a request counted against two classes only when both have room, and counts it in both', async () => {
    const clock = manualClock(T0);
    const limiter = new RateLimiter(clock);
    await admitTimes(limiter, clock, 10, 'order');
    await limiter.acquire(['order', 'other']); // a cancellation: the order budget is spent for this second
    expect(clock.now()).toBeGreaterThanOrEqual(T0 + 1000);
    const start = clock.now();
    await admitTimes(limiter, clock, 9, 'other');
    expect(clock.now()).toBe(start);
    await limiter.acquire('other'); // the 11th "other" of the window, the cancellation included
    expect(clock.now()).toBeGreaterThanOrEqual(start + 1000);
  });

  it('serves concurrent callers in order and still respects the limit', async () => {
    const clock = manualClock(T0);
    const limiter = new RateLimiter(clock);
    const admitted: Array<{ i: number; t: number }> = [];
    await Promise.all(Array.from({ length: 25 }, (_, i) => limiter.acquire('order').then(() => admitted.push({ i, t: clock.now() }))));
    expect(admitted.map((a) => a.i)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(
      maxPerCalendarWindow(
        admitted.map((a) => a.t),
        1000,
      ),
    ).toBeLessThanOrEqual(10);
  });

  it('honours custom limits and an abort signal without jamming the queue', async () => {
    const clock = manualClock(T0);
    const limiter = new RateLimiter(clock, { ordersPerSecond: 2 });
    await admitTimes(limiter, clock, 2);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(limiter.acquire('order', controller.signal)).rejects.toThrow('stop');
    await limiter.acquire('order');
    expect(clock.now()).toBeGreaterThanOrEqual(T0 + 1000);
  });

  it('rejects a nonsensical limit', () => {
    expect(() => new RateLimiter(manualClock(T0), { ordersPerSecond: 0 })).toThrow(RangeError);
  });
});
