import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent, RunSummary } from '../../source/core/events.js';
import { executePlan } from '../../source/engine/index.js';
import { UNKNOWN_STATUS_WAIT_MS } from '../../source/engine/track.js';
import { CANCEL_RETRY } from '../../source/broker/retry-policy.js';
import { baseOptions, drain, ist } from '../support/engine-harness.js';
import { simWorld, type SimWorld } from '../support/sim-world.js';

let world: SimWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

const ofType = <T extends EngineEvent['type']>(events: EngineEvent[], t: T) => events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === t);

describe('order statuses from the table (core/order-status.ts), through the real client', () => {
  it('a status Kite does not document is shown verbatim, waited for a bounded time, and ends the run without a repair round', async () => {
    world = await simWorld('2026-11-23T10:00:00', { statuses: { unknown: { HDFCBANK: 'HELD FOR RMS REVIEW' } } });
    const w = world;
    const plan = await w.initialPlan();
    expect(plan.orders.some((o) => o.tradingsymbol === 'HDFCBANK' && o.transaction_type === 'BUY')).toBe(true);
    const start = w.clock.now();
    const r = await drain(executePlan(w.deps, w.basket, plan, baseOptions({ runId: 'sts00001', maxRounds: 3 }), new AbortController().signal));
    expect(r.error).toBeNull();
    const hdfc = r.summary!.orders.find((o) => o.tradingsymbol === 'HDFCBANK')!;
    expect(hdfc).toMatchObject({ status: 'UNKNOWN', status_message: 'Kite status "HELD FOR RMS REVIEW"' });
    const shown = ofType(r.events, 'order')
      .filter((e) => e.order.tradingsymbol === 'HDFCBANK')
      .map((e) => e.order.status_message);
    expect(shown).toContain('Kite status "HELD FOR RMS REVIEW"');
    const warning = ofType(r.events, 'warning').find((e) => /Not waiting any longer for BUY HDFCBANK/.test(e.message));
    expect(warning?.message).toContain('HELD FOR RMS REVIEW');
    expect(r.summary!.message).toMatch(/^Stopped without a repair round: BUY HDFCBANK .*HELD FOR RMS REVIEW.* Check it in Kite/);
    expect(r.summary!.complete).toBe(false);
    expect(ofType(r.events, 'replanned').filter((e) => /repair round/.test(e.reason))).toHaveLength(0);
    // Bounded: the wait ended within the limit (plus a poll), not at the close.
    expect(w.clock.now() - start).toBeLessThan(UNKNOWN_STATUS_WAIT_MS + 60_000);
    // Exactly one HDFCBANK order: nothing was bought twice.
    expect(w.book().filter((o) => o.tradingsymbol === 'HDFCBANK')).toHaveLength(1);
  });

  it('an after-market order the user cancels in Kite before the open (CANCELLED AMO) is final at once', async () => {
    world = await simWorld('2026-11-20T17:00:00', { statuses: { cancelled_amo: true } });
    const w = world;
    const plan = await w.initialPlan();
    const gen = executePlan(
      w.deps,
      w.basket,
      plan,
      baseOptions({ runId: 'sts00002', amo: true, maxRounds: 1, countdownTickMs: 600_000 }),
      new AbortController().signal,
    );
    const events: EngineEvent[] = [];
    let cancelled: string | null = null;
    const summary: RunSummary = await (async () => {
      for (;;) {
        const next = await gen.next();
        if (next.done) return next.value;
        events.push(next.value);
        const e = next.value;
        if (!cancelled && e.type === 'order' && e.order.status === 'AMO REQ RECEIVED' && e.order.order_id) {
          cancelled = e.order.order_id;
          await w.makeBroker().cancelOrder('amo', cancelled); // the user, in Kite
        }
      }
    })();
    expect(cancelled).not.toBeNull();
    const leg = summary.orders.find((o) => o.order_id === cancelled)!;
    expect(leg.status).toBe('CANCELLED AMO');
    expect(w.book().find((o) => o.order_id === cancelled)?.status).toBe('CANCELLED AMO');
    expect(summary.skipped).toBeGreaterThanOrEqual(1);
    // No attempt to cancel what is already cancelled, and no wait until after the close.
    const entries = await w.stores.journal.entries('sts00002');
    expect(entries.filter((e) => e.type === 'note' && (e.data as { cancel_failed?: string }).cancel_failed)).toHaveLength(0);
    expect(w.clock.now()).toBeLessThan(ist('2026-11-23T10:00:00'));
  });

  it('a cancellation that fails once is tried again on a later poll', async () => {
    world = await simWorld('2026-11-23T10:00:00', { fill: { delay_ms: 400, stay_open: ['HDFCBANK'] } });
    const w = world;
    const plan = await w.initialPlan();
    w.sim.faults.inject({ endpoint: 'cancel_order', kind: '503', count: 1 });
    const r = await drain(
      executePlan(w.deps, w.basket, plan, baseOptions({ runId: 'sts00003', maxRounds: 1, openOrderTimeoutMs: 60_000 }), new AbortController().signal),
    );
    expect(r.error).toBeNull();
    const hdfc = w.book().filter((o) => o.tradingsymbol === 'HDFCBANK');
    expect(hdfc).toHaveLength(1);
    expect(hdfc[0]!.status).toBe('CANCELLED');
    const notes = (await w.stores.journal.entries('sts00003'))
      .filter((e) => e.type === 'note')
      .map((e) => e.data as { cancel?: string; cancel_failed?: string });
    expect(notes.filter((d) => d.cancel_failed)).toHaveLength(1);
    expect(notes.filter((d) => d.cancel)).toHaveLength(1);
    expect(ofType(r.events, 'warning').some((e) => /Cancelled BUY HDFCBANK/.test(e.message))).toBe(true);
    // Settled long before the close (the old code left the order OPEN until the exchange expired it).
    expect(w.clock.now()).toBeLessThan(ist('2026-11-23T10:10:00'));
  });

  it('a cancellation Kite acknowledges but the exchange refuses (the order stays OPEN) is tried again', async () => {
    world = await simWorld('2026-11-23T10:00:00', { fill: { delay_ms: 400, stay_open: ['HDFCBANK'] } });
    const w = world;
    const plan = await w.initialPlan();
    w.sim.faults.inject({ endpoint: 'cancel_order', kind: 'unheeded', count: 1 });
    const r = await drain(
      executePlan(w.deps, w.basket, plan, baseOptions({ runId: 'sts00004', maxRounds: 1, openOrderTimeoutMs: 60_000 }), new AbortController().signal),
    );
    expect(r.error).toBeNull();
    const hdfc = w.book().filter((o) => o.tradingsymbol === 'HDFCBANK');
    expect(hdfc).toHaveLength(1);
    expect(hdfc[0]!.status).toBe('CANCELLED');
    const notes = (await w.stores.journal.entries('sts00004'))
      .filter((e) => e.type === 'note')
      .map((e) => e.data as { cancel?: string; cancel_unheeded?: string });
    expect(notes.filter((d) => d.cancel)).toHaveLength(2);
    expect(notes.filter((d) => d.cancel_unheeded)).toHaveLength(1);
    // Settled long before the close (the old code took the first acknowledgement as done and left it OPEN).
    expect(w.clock.now()).toBeLessThan(ist('2026-11-23T10:10:00'));
  });

  it('a cancellation never heeded is tried a bounded number of times, then named for the user to cancel in Kite', async () => {
    world = await simWorld('2026-11-23T15:00:00', { fill: { delay_ms: 400, stay_open: ['HDFCBANK'] } });
    const w = world;
    const plan = await w.initialPlan();
    w.sim.faults.inject({ endpoint: 'cancel_order', kind: 'unheeded', count: 100 });
    const r = await drain(
      executePlan(
        w.deps,
        w.basket,
        plan,
        baseOptions({ runId: 'sts00005', maxRounds: 1, openOrderTimeoutMs: 60_000, pollIntervalMs: 10_000 }),
        new AbortController().signal,
      ),
    );
    const cancels = w.sim.requests.filter((q) => q.method === 'DELETE');
    expect(cancels.length).toBe(CANCEL_RETRY.attempts);
    expect(ofType(r.events, 'warning').some((e) => /Could not cancel BUY HDFCBANK .* after 5 tries: the order stayed OPEN/.test(e.message))).toBe(true);
  });
});
