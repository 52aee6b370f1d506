import { scaledClock, systemClock, type Clock } from '../core/clock.js';
import type { EnvConfig } from '../config/env.js';

/** The app clock: real time, or KITE_REBALANCE_FAKE_NOW / KITE_REBALANCE_TIME_SCALE for tests and demos. */
export function clockFromEnv(env: EnvConfig, startOverrideMs?: number): Clock {
  const start = env.fakeNowMs ?? startOverrideMs;
  if (start !== undefined) return scaledClock(start, env.timeScale);
  if (env.timeScale !== 1) return scaledClock(Date.now(), env.timeScale);
  return systemClock;
}
