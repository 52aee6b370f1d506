import { DateTime } from 'luxon';
import { createCalendar } from '../../source/core/calendar.js';
import { manualClock } from '../../source/core/clock.js';
import type { EngineEvent, RunSummary } from '../../source/core/events.js';
import { DEFAULT_RUN_OPTIONS, runOptionsSchema, type RunOptions } from '../../source/core/run-options.js';
import type { EngineDeps, EngineOptions } from '../../source/engine/index.js';
import { FakeBroker } from './fake-broker.js';
import { MemoryJournal, MemoryLock } from './fake-stores.js';
import { basketOf, fakeSnapshot, simplePlan } from './simple-planner.js';

export const ist = (s: string) => DateTime.fromISO(s, { zone: 'Asia/Kolkata' }).toMillis();
export const fmt = (ms: number) => DateTime.fromMillis(ms, { zone: 'Asia/Kolkata' }).toFormat('ccc yyyy-MM-dd HH:mm:ss');

const RUN_OPTION_KEYS = new Set<string>(Object.keys(runOptionsSchema.shape));

/** Engine options for tests; run options (maxRounds, amo, …) may be given flat and go into `run`. */
export const baseOptions = (over: Partial<EngineOptions> & Partial<RunOptions> = {}): EngineOptions => {
  const run: Record<string, unknown> = { ...DEFAULT_RUN_OPTIONS, ...over.run };
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(over)) if (k !== 'run') (RUN_OPTION_KEYS.has(k) ? run : rest)[k] = v;
  return {
    userId: 'PA0001',
    mode: 'paper',
    openOrderTimeoutMs: 120_000,
    pollIntervalMs: 1_000,
    countdownTickMs: 60_000,
    basketFile: 'test-basket.json',
    ...rest,
    run: run as RunOptions,
  };
};

/** Runs a generator to the end, keeping every event and the return value (or the error it threw). */
export async function drain(gen: AsyncGenerator<EngineEvent, RunSummary>, onEvent?: (e: EngineEvent) => void) {
  const events: EngineEvent[] = [];
  try {
    for (;;) {
      const r = await gen.next();
      if (r.done) return { events, summary: r.value, error: null as unknown };
      events.push(r.value);
      onEvent?.(r.value);
    }
  } catch (error) {
    return { events, summary: null, error };
  }
}

/** A fake account: INFY/TCS held, HDFCBANK/ITC wanted. */
export function fakeWorld(
  start: string,
  over: { cash?: number; held?: Record<string, number>; prices?: Record<string, number>; weights?: Record<string, number> } = {},
) {
  const clock = manualClock(ist(start));
  const calendar = createCalendar();
  const broker = new FakeBroker(
    clock,
    calendar,
    over.cash ?? 10_000,
    { ...(over.held ?? { INFY: 40, TCS: 10 }) },
    { ...(over.prices ?? { INFY: 1500, TCS: 3500, HDFCBANK: 1700, ITC: 420 }) },
  );
  const journal = new MemoryJournal();
  const lock = new MemoryLock();
  const basket = basketOf(over.weights ?? { INFY: 0.25, TCS: 0.25, HDFCBANK: 0.25, ITC: 0.24 });
  const deps: EngineDeps = {
    broker,
    clock,
    calendar,
    journal,
    lock,
    confirm: async () => true,
    planner: simplePlan,
    snapshot: async () => fakeSnapshot(broker, basket),
    random: () => 0.5,
  };
  return { clock, calendar, broker, journal, lock, basket, deps };
}
