import { describe, expect, it } from 'vitest';
import { AppError } from '../../source/core/errors.js';
import { executePlan, runIdOfTag } from '../../source/engine/index.js';
import { baseOptions, drain, fakeWorld } from '../support/engine-harness.js';
import { fakeSnapshot, simplePlan } from '../support/simple-planner.js';

const OPEN = '2026-11-23T10:00:00';
const order = { exchange: 'NSE', product: 'CNC', order_type: 'MARKET', validity: 'DAY', market_protection: -1 } as const;

async function start(w: ReturnType<typeof fakeWorld>) {
  const plan = await simplePlan(w.basket, fakeSnapshot(w.broker, w.basket));
  return drain(executePlan(w.deps, w.basket, plan, baseOptions({ runId: 'new00001', maxRounds: 1 }), new AbortController().signal));
}

describe('a new run while an earlier run’s orders are still open', () => {
  it('is refused before anything is placed or journalled, naming the run to resume', async () => {
    const w = fakeWorld(OPEN);
    w.broker.stayOpen.add('ITC');
    await w.broker.placeOrder('regular', { ...order, tradingsymbol: 'ITC', transaction_type: 'BUY', quantity: 1, tag: 'Kab12cd341B000' });
    const placed = w.broker.placeCalls;
    const r = await start(w);
    expect(r.error).toBeInstanceOf(AppError);
    expect((r.error as AppError).exitCode).toBe(2);
    expect((r.error as AppError).message).toBe('run ab12cd34 still has 1 open order(s) (BUY 1 ITC); nothing was placed');
    expect((r.error as AppError).hint).toMatch(/kite-rebalance resume ab12cd34/);
    expect(w.broker.placeCalls).toBe(placed);
    expect(w.journal.runs.size).toBe(0);
    expect(w.lock.held.size).toBe(0);
  });

  it('goes ahead when the open orders are not a run’s (placed in Kite) or are finished', async () => {
    const w = fakeWorld(OPEN);
    w.broker.stayOpen.add('ITC');
    await w.broker.placeOrder('regular', { ...order, tradingsymbol: 'ITC', transaction_type: 'BUY', quantity: 1, tag: 'rebal01' });
    await w.broker.placeOrder('regular', { ...order, tradingsymbol: 'HDFCBANK', transaction_type: 'BUY', quantity: 1, tag: 'Kab12cd341B001' });
    await w.broker.orders(); // HDFCBANK fills
    const r = await start(w);
    expect(r.error).toBeNull();
    expect(r.summary?.placed).toBeGreaterThan(0);
  });

  it('recognises our own tags (and only ours)', () => {
    expect(runIdOfTag('Kab12cd341S000')).toBe('ab12cd34');
    expect(runIdOfTag('rebal01')).toBeNull();
    expect(runIdOfTag(null)).toBeNull();
  });
});
