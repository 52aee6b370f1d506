import { describe, expect, it } from 'vitest';
import { BrokerError } from '../../source/broker/port.js';
import { AppError } from '../../source/core/errors.js';
import type { EngineEvent } from '../../source/core/events.js';
import { DEFAULT_RUN_OPTIONS, type RunOptions } from '../../source/core/run-options.js';
import type { Basket, Snapshot } from '../../source/core/types.js';
import { executePlan, resumeRun } from '../../source/engine/index.js';
import { baseOptions, drain, fakeWorld, ist } from '../support/engine-harness.js';
import { fakeSnapshot, simplePlan } from '../support/simple-planner.js';

/**
 * The options a run starts with are journalled with it, and `resume` uses exactly those: a caller's defaults
 * never leak into a resumed run. Each run below is stopped before its first order (an expired session and no
 * way to log in again), then resumed with the engine's defaults on hand.
 */
const OPEN = '2026-11-23T10:00:00';
const RUN = 'opt00001';

type World = ReturnType<typeof fakeWorld>;
const ofType = <T extends EngineEvent['type']>(events: EngineEvent[], t: T) => events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === t);

/** Planner calls, with the options each was given. */
function recordPlanner(w: World): RunOptions[] {
  const seen: RunOptions[] = [];
  w.deps.planner = async (basket: Basket, snapshot: Snapshot, options: RunOptions) => {
    seen.push(structuredClone(options));
    return simplePlan(basket, snapshot);
  };
  return seen;
}

/** Starts a run with these options; the first placement meets an expired session, so nothing is placed. */
async function stoppedRun(w: World, run: Partial<RunOptions>) {
  w.broker.faults.push({ method: 'placeOrder', error: new BrokerError('session-expired', 'TokenException', 'Token is invalid or has expired.') });
  const plan = await simplePlan(w.basket, fakeSnapshot(w.broker, w.basket));
  const first = await drain(executePlan(w.deps, w.basket, plan, baseOptions({ runId: RUN, openOrderTimeoutMs: 60_000, ...run }), new AbortController().signal));
  expect(first.error).toBeNull();
  expect(first.summary?.complete).toBe(false);
  expect(w.broker.book).toHaveLength(0);
  return first;
}

/** Resumes with every engine option at its default: only the journal can supply the run's own. */
const resume = (w: World) => drain(resumeRun(w.deps, RUN, baseOptions({ openOrderTimeoutMs: 60_000 }), new AbortController().signal));

const rounds = (events: EngineEvent[]) => [...new Set(ofType(events, 'batch').map((b) => b.round))];

describe('run options are journalled with the run and used unchanged by resume', () => {
  const chosen: RunOptions = {
    minOrderValue: 700,
    cashReserve: 2_500,
    buyOnly: true,
    driftBand: 0.002,
    targetDeficit: 50,
    maxRounds: 2,
    amo: true,
    marketProtection: 7,
    autoProtectionPct: 4.5,
    taxWeight: 2.5,
    maxTax: 12_000,
  };

  it('the run record holds the options the run started with', async () => {
    const w = fakeWorld(OPEN);
    await stoppedRun(w, chosen);
    expect((await w.journal.getRun(RUN))?.options).toEqual(chosen);
  });

  it('resume plans every repair with the journalled planner options (min order, reserve, buy-only, drift band)', async () => {
    const w = fakeWorld(OPEN);
    w.broker.stayOpen.add('ITC'); // something is always left to repair
    await stoppedRun(w, { ...chosen, targetDeficit: undefined, amo: false });
    const seen = recordPlanner(w);
    const r = await resume(w);
    expect(r.error).toBeNull();
    expect(seen.length).toBeGreaterThan(0);
    for (const o of seen) expect(o).toEqual({ ...chosen, targetDeficit: undefined, amo: false });
  });

  it('market protection: resumed orders carry the run’s percentage, not Kite’s automatic one', async () => {
    const w = fakeWorld(OPEN);
    await stoppedRun(w, { marketProtection: 7, maxRounds: 1 });
    const r = await resume(w);
    expect(r.summary?.complete).toBe(true);
    expect(w.broker.book.length).toBeGreaterThan(0);
    expect(w.broker.book.every((o) => o.market_protection === 7)).toBe(true);
  });

  it('auto market protection goes to Kite as -1', async () => {
    const w = fakeWorld(OPEN);
    await stoppedRun(w, { maxRounds: 1 });
    await resume(w);
    expect(w.broker.book.length).toBeGreaterThan(0);
    expect(w.broker.book.every((o) => o.market_protection === -1)).toBe(true);
  });

  it('--amo: a run resumed in the evening places its sells as after-market orders now, not on Monday', async () => {
    const evening = ist('2026-11-20T17:00:00'); // a Friday, inside the AMO window
    const w = fakeWorld('2026-11-20T17:00:00');
    await stoppedRun(w, { amo: true, maxRounds: 1 });
    await resume(w);
    const sells = w.broker.book.filter((o) => o.transaction_type === 'SELL');
    expect(sells.length).toBeGreaterThan(0);
    expect(sells.every((o) => o.variety === 'amo' && o.placedAt < evening + 60_000)).toBe(true);
  });

  it('--max-rounds: the resumed run stops after the journalled number of rounds', async () => {
    const w = fakeWorld(OPEN);
    w.broker.stayOpen.add('ITC'); // each round's ITC buy times out, so there is always a next round
    await stoppedRun(w, { maxRounds: 2 });
    const r = await resume(w);
    expect(rounds(r.events)).toEqual([1, 2]);
  });

  it('--target-deficit: the resumed run stops repairing once the journalled limit is met', async () => {
    const w = fakeWorld(OPEN);
    w.broker.stayOpen.add('ITC');
    await stoppedRun(w, { targetDeficit: 1e9, maxRounds: 3 });
    const r = await resume(w);
    expect(rounds(r.events)).toEqual([1]);
    expect(w.journal.log.some((e) => e.type === 'note' && /target deficit met/.test(JSON.stringify(e.data)))).toBe(true);
  });

  it('a record without options (an older version) is refused before the lock, with nothing placed', async () => {
    const w = fakeWorld(OPEN);
    await stoppedRun(w, { buyOnly: true, cashReserve: 5_000 });
    const record = w.journal.runs.get(RUN)!;
    delete record.options;
    const acquired = w.lock.acquired;
    const r = await resume(w);
    expect(r.error).toBeInstanceOf(AppError);
    expect((r.error as AppError).kind).toBe('store');
    expect((r.error as AppError).message).toMatch(/^Run opt00001 was started by an older kite-rebalance that did not record its options .*nothing was placed$/);
    expect((r.error as AppError).message).not.toContain('\n');
    expect(w.broker.book).toHaveLength(0);
    expect(w.lock.acquired).toBe(acquired);
  });

  it('a record from before tax entered the plan (no taxWeight) is resumed tax-blind, as it was planned', async () => {
    const w = fakeWorld(OPEN);
    w.broker.stayOpen.add('ITC');
    await stoppedRun(w, { maxRounds: 2 });
    const record = w.journal.runs.get(RUN)!;
    const { taxWeight: _dropped, ...older } = record.options as RunOptions;
    record.options = older;
    const seen = recordPlanner(w);
    expect((await resume(w)).error).toBeNull();
    expect(seen.length).toBeGreaterThan(0);
    for (const o of seen) expect(o.taxWeight).toBe(0);
  });

  it('unreadable stored options are refused too', async () => {
    const w = fakeWorld(OPEN);
    await stoppedRun(w, {});
    w.journal.runs.get(RUN)!.options = { ...DEFAULT_RUN_OPTIONS, maxRounds: 12 };
    const r = await resume(w);
    expect((r.error as AppError).message).toMatch(/unreadable options/);
    expect(w.broker.book).toHaveLength(0);
  });

  it('a run refuses options outside the schema before anything is journalled', async () => {
    const w = fakeWorld(OPEN);
    const plan = await simplePlan(w.basket, fakeSnapshot(w.broker, w.basket));
    for (const bad of [{ cashReserve: -1 }, { driftBand: 1 }, { marketProtection: 101 }, { targetDeficit: Number.NaN }]) {
      const r = await drain(executePlan(w.deps, w.basket, plan, baseOptions({ runId: RUN, ...bad }), new AbortController().signal));
      expect((r.error as AppError).kind).toBe('usage');
    }
    expect(w.journal.runs.size).toBe(0);
  });
});
