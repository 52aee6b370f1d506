import { afterEach, describe, expect, it } from 'vitest';
import type { Broker } from '../../source/broker/port.js';
import { fetchPrices } from '../../source/broker/prices.js';
import type { EngineEvent } from '../../source/core/events.js';
import { buildSnapshot } from '../../source/core/snapshot.js';
import type { Basket, Snapshot } from '../../source/core/types.js';
import { DEFAULT_RUN_OPTIONS } from '../../source/core/run-options.js';
import { executePlan } from '../../source/engine/index.js';
import { baseOptions, drain } from '../support/engine-harness.js';
import { simWorld, type SimWorld } from '../support/sim-world.js';

/** A free-plan account (no quotes, instruments dump at 0) priced from a --prices file, against the simulator. */

let world: SimWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

// Yesterday's closes, 1.5–2 % below where the simulator trades today.
const file = { label: 'closes.csv', date: '2026-11-20', prices: { HDFCBANK: 1950, TCS: 3060, SBIN: 800 } };

function snapshotWithFile(broker: () => Broker, basket: Basket, w: SimWorld): () => Promise<Snapshot> {
  return async () => {
    const b = broker();
    const [holdings, positions, margins] = await Promise.all([b.holdings(), b.positions(), b.margins()]);
    const symbols = [...new Set([...Object.keys(basket.weights), ...holdings.map((h) => h.tradingsymbol)])];
    const { prices } = await fetchPrices(b, symbols, holdings, { clock: w.clock, positions: positions.net, file });
    return buildSnapshot({ holdings, positions, margins, prices, basketSymbols: Object.keys(basket.weights) });
  };
}

describe('--prices on the free plan, against the simulator', () => {
  it('buys the names the account does not hold; the repair round re-prices them from Kite (positions), not the file', async () => {
    world = await simWorld('2026-11-23T10:00:00', { ltp_permission: false, fill: { delay_ms: 400, partial: { HDFCBANK: 0.5 } } });
    const w = world;
    w.deps.snapshot = snapshotWithFile(() => w.deps.broker, w.basket, w);
    const first = await w.deps.snapshot();
    expect(first.lines.find((l) => l.tradingsymbol === 'HDFCBANK')).toMatchObject({ price: 1950, priceSource: 'file', stale: true });
    const plan = await w.deps.planner(w.basket, first, DEFAULT_RUN_OPTIONS);
    expect(plan.orders.filter((o) => o.transaction_type === 'BUY').every((o) => o.price_buffer === 0.05)).toBe(true);

    const { summary, events, error } = await drain(
      executePlan(w.deps, w.basket, plan, baseOptions({ runId: 'prc00001', maxRounds: 3, openOrderTimeoutMs: 60_000 }), new AbortController().signal),
    );
    expect(error).toBeNull();
    const bought = w
      .book()
      .filter((o) => o.transaction_type === 'BUY' && o.filled_quantity > 0)
      .map((o) => o.tradingsymbol);
    expect(bought).toEqual(expect.arrayContaining(['HDFCBANK', 'TCS', 'SBIN'])); // none of them held
    expect(w.book().some((o) => /Insufficient funds/.test(o.status_message ?? ''))).toBe(false);

    const repair = events.filter((e): e is Extract<EngineEvent, { type: 'replanned' }> => e.type === 'replanned' && /repair round/.test(e.reason));
    expect(repair.length).toBeGreaterThan(0);
    const row = repair[0]!.plan.rows.find((r) => r.tradingsymbol === 'HDFCBANK')!;
    const filled = w.book().find((o) => o.tradingsymbol === 'HDFCBANK' && o.filled_quantity > 0)!;
    expect(row.price).not.toBe(1950);
    expect(Math.abs(row.price! - filled.average_price) / filled.average_price).toBeLessThan(0.01);
    expect(summary!.filled).toBeGreaterThan(0);
  });
});
