import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent, RunSummary } from '../../source/core/events.js';
import { AppError } from '../../source/core/errors.js';
import { READ_RETRY } from '../../source/broker/retry-policy.js';
import { executePlan, resumeRun } from '../../source/engine/index.js';
import { PLACE_OUTAGE_MS } from '../../source/broker/retry-policy.js';
import { FAULT_KINDS, type FaultEndpoint, type FaultKind } from '../../source/sim/index.js';
import { baseOptions, drain } from '../support/engine-harness.js';
import { simWorld, type SimWorld } from '../support/sim-world.js';

let world: SimWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

const ofType = <T extends EngineEvent['type']>(events: EngineEvent[], t: T) => events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === t);

/** Every leg the run meant to place has exactly one order in the simulator's book, carrying its tag. */
function expectExactlyOneOrderPerLeg(w: SimWorld, summary: RunSummary) {
  const book = w.book();
  const intended = summary.orders.filter((o) => o.status !== 'SKIPPED');
  expect(intended.length).toBeGreaterThan(0);
  for (const leg of intended) {
    const mine = book.filter((o) => o.tag === leg.tag);
    expect(mine, `orders tagged ${leg.tag}`).toHaveLength(1);
    expect(mine[0]!.order_id).toBe(leg.order_id);
  }
  expect(book.length).toBe(intended.length);
}

async function runWithFault(endpoint: FaultEndpoint, kind: FaultKind, count: number) {
  world = await simWorld('2026-11-23T10:00:00');
  const w = world;
  const plan = await w.initialPlan();
  w.sim.faults.inject({ endpoint, kind, count });
  const signal = new AbortController().signal;
  const first = await drain(executePlan(w.deps, w.basket, plan, baseOptions({ runId: 'flt00001', maxRounds: 1 }), signal));
  return { w, plan, first };
}

describe.sequential('every simulator fault on order placement: one order per intended leg', () => {
  for (const kind of FAULT_KINDS.filter((k) => k !== 'token' && k !== 'unheeded')) {
    it(`place_order ${kind} ×2`, async () => {
      const { w, first } = await runWithFault('place_order', kind, 2);
      expect(first.error).toBeNull();
      expect(first.summary!.orders.every((o) => o.status === 'COMPLETE')).toBe(true);
      expectExactlyOneOrderPerLeg(w, first.summary!);
      expect(ofType(first.events, 'retry').length + w.book().length).toBeGreaterThan(0);
      if (kind === 'timeout-after-accept' || kind === 'drop' || kind === '500') {
        const entries = await w.stores.journal.entries('flt00001');
        expect(entries.some((e) => e.type === 'place-failed' && (e.data as { kind: string }).kind === 'ambiguous')).toBe(true);
      }
      if (kind === 'timeout-after-accept') {
        const entries = await w.stores.journal.entries('flt00001');
        expect(entries.some((e) => e.type === 'placed' && (e.data as { adopted: boolean }).adopted)).toBe(true);
      }
    });
  }

  it('order-book reads failing (500, drop, 429) while resolving a timeout-after-accept', async () => {
    world = await simWorld('2026-11-23T10:00:00');
    const w = world;
    const plan = await w.initialPlan();
    // Injected once the run has started, so that the faults meet the reads that resolve the placement (not the
    // order-book look for another run's open orders before it).
    const inject = (e: EngineEvent) => {
      if (e.type !== 'run-started') return;
      w.sim.faults.inject({ endpoint: 'place_order', kind: 'timeout-after-accept', count: 1 });
      w.sim.faults.inject({ endpoint: 'orders', kind: '500', count: 1 });
      w.sim.faults.inject({ endpoint: 'orders', kind: 'drop', count: 1 });
      w.sim.faults.inject({ endpoint: 'orders', kind: '429', count: 1 });
    };
    const r = await drain(executePlan(w.deps, w.basket, plan, baseOptions({ runId: 'flt00002', maxRounds: 1 }), new AbortController().signal), inject);
    expect(r.error).toBeNull();
    expect(w.sim.faults.pending()).toEqual([]);
    expectExactlyOneOrderPerLeg(w, r.summary!);
  });

  it(`reads are retried in one layer: an order book that stays down costs ${READ_RETRY.attempts} calls per engine read, not more`, async () => {
    world = await simWorld('2026-11-23T10:00:00');
    const w = world;
    const plan = await w.initialPlan();
    w.sim.faults.inject({ endpoint: 'orders', kind: '503', count: 1000 });
    const r = await drain(executePlan(w.deps, w.basket, plan, baseOptions({ runId: 'flt00009', maxRounds: 1 }), new AbortController().signal));
    expect(r.error).toMatchObject({ kind: 'transient' });
    expect(1000 - (w.sim.faults.pending()[0]?.count ?? 0)).toBe(READ_RETRY.attempts);
  });

  it('token (quiet: no re-login) while placing the buys: stops placing, then `resume` continues without placing anything twice', async () => {
    world = await simWorld('2026-11-23T10:00:00');
    const w = world;
    w.deps.reauth = undefined;
    w.deps.confirm = async (b) => {
      if (b.side === 'BUY') w.sim.faults.inject({ endpoint: 'place_order', kind: 'token', count: 1 });
      return true;
    };
    const plan = await w.initialPlan();
    const quiet = await drain(executePlan(w.deps, w.basket, plan, baseOptions({ runId: 'flt00003', maxRounds: 1 }), new AbortController().signal));
    expect(quiet.error).toBeNull();
    expect(ofType(quiet.events, 'reauth-needed')).toHaveLength(1);
    expect(ofType(quiet.events, 'reauth-needed')[0]!.message).toMatch(
      /nothing more is placed until you log in again\. Later: `kite-rebalance resume flt00003`/,
    );
    expect(quiet.summary!.complete).toBe(false);
    expect(quiet.summary!.message).toContain('kite-rebalance resume flt00003');
    expect((await w.stores.journal.getRun('flt00003'))?.status).toBe('failed');
    const sellsBefore = w.book().filter((o) => o.transaction_type === 'SELL');
    expect(sellsBefore.length).toBeGreaterThan(0);
    expect(w.book().filter((o) => o.transaction_type === 'BUY')).toHaveLength(0);

    w.deps.confirm = async () => true;
    w.deps.broker = w.makeBroker(); // logged in again
    const resumed = await drain(resumeRun(w.deps, 'flt00003', baseOptions({ maxRounds: 1 }), new AbortController().signal));
    expect(resumed.error).toBeNull();
    expect(
      w
        .book()
        .filter((o) => o.transaction_type === 'SELL')
        .map((o) => o.order_id),
    ).toEqual(sellsBefore.map((o) => o.order_id));
    expect(w.book().filter((o) => o.transaction_type === 'BUY').length).toBeGreaterThan(0);
    expectExactlyOneOrderPerLeg(w, resumed.summary!);
    expect(resumed.summary!.orders.every((o) => o.status === 'COMPLETE')).toBe(true);
    expect((await w.stores.journal.getRun('flt00003'))?.status).toBe('finished');
  });

  it('token with a re-login (TUI): continues in the same run', async () => {
    const { w, first } = await runWithFault('place_order', 'token', 1);
    expect(ofType(first.events, 'reauth-needed')).toHaveLength(1);
    expect(ofType(first.events, 'reauth-needed')[0]!.message).toMatch(/logging in again before anything more is placed/);
    expect(first.error).toBeNull();
    expect(first.summary!.orders.every((o) => o.status === 'COMPLETE')).toBe(true);
    expectExactlyOneOrderPerLeg(w, first.summary!);
  });
});

describe.sequential('runs, lock and cancellation against the simulator', () => {
  it('a second run on the same account is refused with a message naming the holder', async () => {
    world = await simWorld('2026-11-21T10:00:00'); // Saturday: the first run waits
    const w = world;
    const plan = await w.initialPlan();
    const ac = new AbortController();
    const gen = executePlan(w.deps, w.basket, plan, baseOptions({ runId: 'lck00001' }), ac.signal);
    const firstEvent = await gen.next();
    expect(firstEvent.value).toMatchObject({ type: 'run-started' });
    const second = await drain(executePlan(w.deps, w.basket, plan, baseOptions({ runId: 'lck00002' }), new AbortController().signal));
    expect(second.error).toBeInstanceOf(AppError);
    expect((second.error as AppError).message).toContain('lck00001');
    ac.abort();
    const rest = await drain(gen);
    expect((rest.error as AppError).kind).toBe('cancelled');
    expect(w.book()).toHaveLength(0);
    // the lock was released: a new run may start
    const third = executePlan(w.deps, w.basket, plan, baseOptions({ runId: 'lck00003' }), new AbortController().signal);
    expect((await third.next()).value).toMatchObject({ type: 'run-started' });
    await third.return(undefined as never);
  });

  it('Ctrl+C during the wait exits cleanly with nothing placed', async () => {
    world = await simWorld('2026-11-24T11:00:00'); // the holiday
    const w = world;
    const plan = await w.initialPlan();
    const ac = new AbortController();
    let ticks = 0;
    const r = await drain(executePlan(w.deps, w.basket, plan, baseOptions({ runId: 'ctc00001' }), ac.signal), (e) => {
      if (e.type === 'countdown' && ++ticks === 3) ac.abort();
    });
    expect(ofType(r.events, 'waiting')[0]).toMatchObject({ reason: 'holiday', detail: 'NSE holiday: Prakash Gurpurb Sri Guru Nanak Dev' });
    expect((r.error as AppError).kind).toBe('cancelled');
    expect((r.error as AppError).exitCode).toBe(130);
    expect(w.book()).toHaveLength(0);
    expect((await w.stores.journal.getRun('ctc00001'))?.status).toBe('cancelled');
    expect((await w.stores.journal.entries('ctc00001')).some((e) => e.type === 'intent')).toBe(false);
  });
});

describe('a placement endpoint that never answers (HTTP 502 every time)', () => {
  it(`stops the run within PLACE_OUTAGE_MS (${PLACE_OUTAGE_MS / 1000} s of failures), nothing placed, the legs left for resume`, async () => {
    world = await simWorld('2026-11-23T10:00:00');
    const w = world;
    const plan = await w.initialPlan();
    expect(plan.orders.length).toBeGreaterThan(1);
    w.sim.faults.inject({ endpoint: 'place_order', kind: '502', count: 10_000 });
    const r = await drain(executePlan(w.deps, w.basket, plan, baseOptions({ runId: 'gate0001', maxRounds: 2 }), new AbortController().signal));
    expect(String((r.error as Error | null)?.message)).toMatch(
      /Kite's order endpoint has failed every placement for \d+ s \(last: Bad Gateway\); nothing more was placed/,
    );
    expect((r.error as { hint?: string }).hint).toMatch(/kite-rebalance resume gate0001/);
    const posts = w.sim.requests.filter((q) => q.method === 'POST' && q.path.startsWith('/orders/'));
    expect(posts.length).toBeGreaterThan(1);
    expect(posts.at(-1)!.at - posts[0]!.at).toBeLessThanOrEqual(PLACE_OUTAGE_MS);
    expect(w.book()).toEqual([]);
    expect((await w.stores.journal.getRun('gate0001'))?.status).toBe('failed');
  });
});
