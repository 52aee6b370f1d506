import { describe, expect, it } from 'vitest';
import { backoffDelay, mayRetry, PLACE_RETRY, READ_RETRY } from '../../source/broker/retry-policy.js';

describe('backoffDelay', () => {
  it('doubles from the base, stays within [half, full] of the step, and is capped', () => {
    expect(backoffDelay(PLACE_RETRY, 1, () => 1)).toBe(1000);
    expect(backoffDelay(PLACE_RETRY, 1, () => 0)).toBe(500);
    expect(backoffDelay(PLACE_RETRY, 3, () => 1)).toBe(4000);
    expect(backoffDelay(PLACE_RETRY, 20, () => 1)).toBe(30_000);
    expect(backoffDelay(PLACE_RETRY, 20, () => 0)).toBe(15_000);
    expect(backoffDelay({ baseMs: 100, capMs: 150 }, 2, () => 0.5)).toBe(113);
    const seen = new Set(Array.from({ length: 20 }, (_, i) => backoffDelay(PLACE_RETRY, 4, () => i / 20)));
    expect(seen.size).toBeGreaterThan(10);
  });
});

describe('mayRetry', () => {
  it('allows attempts − 1 retries, and none that would end past the budget', () => {
    expect(mayRetry(READ_RETRY, READ_RETRY.attempts - 1, 0, 0)).toBe(true);
    expect(mayRetry(READ_RETRY, READ_RETRY.attempts, 0, 0)).toBe(false);
    expect(mayRetry(READ_RETRY, 1, READ_RETRY.budgetMs - 100, 100)).toBe(true);
    expect(mayRetry(READ_RETRY, 1, READ_RETRY.budgetMs - 100, 101)).toBe(false);
  });

  it('the longest read retry sequence fits its budget (the budget bounds slow calls, not the waits alone)', () => {
    let waits = 0;
    for (let a = 1; a < READ_RETRY.attempts; a++) waits += backoffDelay(READ_RETRY, a, () => 1);
    expect(waits).toBeLessThanOrEqual(READ_RETRY.budgetMs);
  });
});
