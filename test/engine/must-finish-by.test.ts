import { describe, expect, it } from 'vitest';
import { AppError } from '../../source/core/errors.js';
import type { EngineEvent } from '../../source/core/events.js';
import { executePlan } from '../../source/engine/index.js';
import { baseOptions, drain, fakeWorld, ist } from '../support/engine-harness.js';
import { fakeSnapshot, simplePlan } from '../support/simple-planner.js';

/** A run whose Kite session cannot be renewed (`mustFinishBy`) never waits past the session's end. */
const FRIDAY_EVENING = '2026-11-27T16:00:00';
const SESSION_END = ist('2026-11-28T06:00:00');

async function start(w: ReturnType<typeof fakeWorld>, over: Parameters<typeof baseOptions>[0]) {
  const plan = await simplePlan(w.basket, fakeSnapshot(w.broker, w.basket));
  return drain(executePlan(w.deps, w.basket, plan, baseOptions({ runId: 'end00001', maxRounds: 1, ...over }), new AbortController().signal));
}
const ofType = <T extends EngineEvent['type']>(events: EngineEvent[], t: T) => events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === t);

describe('mustFinishBy: the end of a session that cannot be renewed', () => {
  it('a wait for Monday’s open stops the run first: nothing placed, exit 1, and the way out', async () => {
    const w = fakeWorld(FRIDAY_EVENING);
    const r = await start(w, { mustFinishBy: SESSION_END });
    const error = r.error as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(
      'NSE opens Mon 30 Nov 2026 09:14 IST (market closed for the day; then the weekend), after the Kite session ends at 06:00 IST on Sat 28 Nov 2026; nothing was placed',
    );
    expect(error.hint).toBe('run it again after the open, or use --amo to queue after-market orders now');
    expect(ofType(r.events, 'countdown')).toHaveLength(0);
    expect(w.broker.book).toHaveLength(0);
    const run = await w.journal.getRun('end00001');
    expect(run?.status).toBe('failed');
    expect(run?.summary).toEqual({ message: error.message });
    expect(w.lock.held.size).toBe(0);
  });

  it('with --amo the sells are queued, then the run stops before waiting for the open: exit 3 and resume', async () => {
    const w = fakeWorld(FRIDAY_EVENING);
    const r = await start(w, { amo: true, mustFinishBy: SESSION_END });
    const error = r.error as AppError;
    expect(error.exitCode).toBe(3);
    expect(w.broker.book.map((o) => [o.transaction_type, o.variety, o.status])).toEqual([
      ['SELL', 'amo', 'AMO REQ RECEIVED'],
      ['SELL', 'amo', 'AMO REQ RECEIVED'],
    ]);
    expect(error.message).toMatch(
      /^placed 2 order\(s\); the rest waits for NSE to open Mon 30 Nov 2026 09:1\d IST, after the Kite session ends at 06:00 IST on Sat 28 Nov 2026$/,
    );
    expect(error.hint).toMatch(/kite-rebalance resume end00001/);
  });

  it('a wait that ends before the session does is waited out', async () => {
    const w = fakeWorld('2026-11-23T08:00:00'); // Monday, before the open
    const r = await start(w, { mustFinishBy: ist('2026-11-24T06:00:00') });
    expect(r.error).toBeNull();
    expect(ofType(r.events, 'waiting')).toHaveLength(1);
    expect(r.summary?.complete).toBe(true);
  });

  it('without it the run waits over the weekend as long as it needs', async () => {
    const w = fakeWorld(FRIDAY_EVENING);
    const r = await start(w, {});
    expect(r.error).toBeNull();
    expect(ofType(r.events, 'waiting')[0]?.until).toBe(ist('2026-11-30T09:14:00'));
    expect(r.summary?.complete).toBe(true);
  });
});
