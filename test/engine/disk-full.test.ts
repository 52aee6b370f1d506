import { describe, expect, it } from 'vitest';
import { AppError } from '../../source/core/errors.js';
import { executePlan, resumeRun } from '../../source/engine/index.js';
import { withStoreIoErrors } from '../../source/store/io-errors.js';
import { baseOptions, drain, fakeWorld } from '../support/engine-harness.js';
import { fakeSnapshot, simplePlan } from '../support/simple-planner.js';

const OPEN = '2026-11-23T10:00:00';

const enospc = () => Object.assign(new Error("ENOSPC: no space left on device, write '/data/runs/x.json'"), { code: 'ENOSPC' });

/** Issue 10: a disk that fills up mid-run ended with "unexpected error: ENOSPC", no run id and no way on. */
describe('a data folder that fills up in the middle of a run', () => {
  it('stops with one line naming the run and how to resume it, and resume places nothing twice', async () => {
    const w = fakeWorld(OPEN);
    let full = false;
    w.journal.failAppend = (e) => {
      if (e.type === 'placed' && e.tag?.includes('B000')) full = true;
      if (full) throw enospc();
      return false;
    };
    const update = w.journal.updateRun.bind(w.journal);
    w.journal.updateRun = async (...args) => {
      if (full) throw enospc();
      return update(...args);
    };
    const deps = { ...w.deps, journal: withStoreIoErrors(w.journal, '/data') };
    const plan = await simplePlan(w.basket, fakeSnapshot(w.broker, w.basket));
    const first = await drain(executePlan(deps, w.basket, plan, baseOptions({ runId: 'run00001', maxRounds: 1 }), new AbortController().signal));

    expect(first.error).toBeInstanceOf(AppError);
    const error = first.error as AppError;
    expect(error.kind).toBe('store');
    expect(error.message).toBe('run run00001 stopped: cannot use the data folder /data: no space left on the disk (ENOSPC)');
    expect(error.hint).toBe('free some space there, then continue it with `kite-rebalance resume run00001`; nothing more was placed');
    const placed = w.broker.book.length;
    expect(w.broker.book.at(-1)?.tag).toBe('Krun000011B000');

    full = false;
    w.journal.failAppend = null;
    const second = await drain(resumeRun(deps, 'run00001', baseOptions({ maxRounds: 1 }), new AbortController().signal));
    expect(second.error).toBeNull();
    expect(second.summary?.complete).toBe(true);
    expect(w.broker.book.length).toBe(placed + 1);
    const tags = w.broker.book.map((o) => o.tag);
    expect(new Set(tags).size).toBe(tags.length);
  });
});
