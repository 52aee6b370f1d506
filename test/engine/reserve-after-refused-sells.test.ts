import { afterEach, describe, expect, it } from 'vitest';
import type { RunOptions } from '../../source/core/run-options.js';
import { planRebalance } from '../../source/core/planner/index.js';
import type { Basket, Snapshot } from '../../source/core/types.js';
import { executePlan } from '../../source/engine/index.js';
import { baseOptions, drain } from '../support/engine-harness.js';
import { simWorld, takeSnapshot, type SimWorld } from '../support/sim-world.js';

let world: SimWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

/**
 * Found by the chaos runner (seed 1024): the sells the plan counted on are refused (no CDSL authorisation and no
 * way to get it), the buys are re-planned on a snapshot that still holds those shares, and trimming them to the
 * cash really there spent the --cash-reserve and left orders under --min-order-value.
 */
describe('buys sized after sells that did not happen', () => {
  it('keep the cash reserve and drop what trimming takes under the minimum order value', async () => {
    // ₹20,000 in cash, ₹5,000 of it reserved; ITC and TATASTEEL held but not authorised for sale (no DDPI).
    world = await simWorld('2026-11-23T10:00:00', { cash: 20_000, ddpi: false, volatility: 0 });
    const w = world;
    const run: Partial<RunOptions> = { cashReserve: 5_000, minOrderValue: 6_000 };
    w.deps.planner = (b: Basket, s: Snapshot, o: RunOptions) => planRebalance(b, s, { greedyOnly: true, tradeDate: '2026-11-23', ...o });
    const plan = await w.deps.planner(w.basket, await takeSnapshot(w.deps.broker, w.basket, w.clock), { ...baseOptions(run).run });
    expect(plan.orders.some((o) => o.transaction_type === 'SELL')).toBe(true);
    const r = await drain(executePlan(w.deps, w.basket, plan, baseOptions({ runId: 'rsv00001', maxRounds: 1, ...run }), new AbortController().signal));
    expect(r.error).toBeNull();
    const book = w.book();
    expect(book.filter((o) => o.transaction_type === 'SELL' && o.status === 'COMPLETE')).toEqual([]);
    const buys = book.filter((o) => o.transaction_type === 'BUY' && o.status === 'COMPLETE');
    expect(buys.length).toBeGreaterThan(0); // it did invest…
    expect(w.sim.state.cash()).toBeGreaterThanOrEqual(5_000); // …but not the reserve
    for (const o of buys) expect(o.filled_quantity * o.average_price, o.tradingsymbol).toBeGreaterThanOrEqual(6_000 * 0.97);
  });
});
