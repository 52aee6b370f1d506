import { describe, expect, it } from 'vitest';
import { planRebalance } from '../../source/core/planner/index.js';
import type { MilpResult } from '../../source/core/planner/milp.js';
import { basketOf, line, snapshotOf } from '../support/core-fixtures.js';

// Its own file, so that the first planRebalance below is the first HiGHS load of this worker (as in the CLI).

/** An 8-symbol account like the paper one: two outside holdings, one partly in T1, six basket symbols. */
const basket = basketOf({ INFY: 0.18, TCS: 0.16, HDFCBANK: 0.2, ITC: 0.12, SBIN: 0.14, RELIANCE: 0.18 });
const snapshot = snapshotOf(85_000, [
  line('INFY', 1512.4, 60),
  line('TCS', 3105.7, 5),
  line('HDFCBANK', 1985.6, 0),
  line('ITC', 405.35, 300),
  line('SBIN', 812.55, 40),
  line('RELIANCE', 1290.1, 0),
  line('ONGC', 243.6, 200, { sellable: 180, t1Quantity: 20 }),
  line('TATASTEEL', 168.42, 400),
]);
const options = { tradeDate: '2026-11-23', timeLimitMs: 30_000, fullTimeLimit: true };

describe('planRebalance: the HiGHS load is not part of the time budget', () => {
  it('the first call on a small case solves (not "time limit"), and a second call returns the same orders', async () => {
    const first = await planRebalance(basket, snapshot, options);
    expect(first.solver.status).not.toMatch(/time limit/);
    expect(first.solver.status).toMatch(/^milp: optimal|^greedy \(milp: optimal/);
    const second = await planRebalance(basket, snapshot, options);
    expect(second.orders).toEqual(first.orders);
    expect(first.orders.length).toBeGreaterThan(3);
  });

  it('a slow solver load does not eat the solver time: the budget starts once it is ready', async () => {
    let t = 0;
    const given: number[] = [];
    const plan = await planRebalance(basket, snapshot, {
      ...options,
      timeLimitMs: 1_000,
      now: () => t,
      prepareSolver: async () => {
        t += 5_000; // a load far longer than the budget
      },
      solver: async (_p, _warm, o): Promise<MilpResult> => {
        given.push(o.timeLimitMs);
        return { deltas: null, status: 'time limit, no solution' };
      },
    });
    expect(given).toEqual([1_000]);
    expect(plan.solver.method).toBe('greedy');
  });

  it('a failed load falls back to the checked greedy plan and says why', async () => {
    const greedy = await planRebalance(basket, snapshot, { ...options, greedyOnly: true });
    let solved = 0;
    const plan = await planRebalance(basket, snapshot, {
      ...options,
      prepareSolver: () => Promise.reject(new Error('WebAssembly.instantiate(): out of memory')),
      solver: async () => {
        solved++;
        return { deltas: null, status: 'unused' };
      },
    });
    expect(solved).toBe(0);
    expect(plan.solver.method).toBe('greedy');
    expect(plan.solver.status).toBe('greedy (milp: HiGHS failed to load: WebAssembly.instantiate(): out of memory)');
    expect(plan.orders).toEqual(greedy.orders);
  });
});
