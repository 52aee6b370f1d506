/**
 * Time is injected everywhere (docs/architecture.md). `now()` is epoch milliseconds of the (possibly fake,
 * possibly scaled) wall clock; `sleep` waits that many *clock* milliseconds and rejects with the signal's
 * reason when aborted.
 */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Clock milliseconds per real millisecond, for a clock that runs faster than real time. */
  readonly scale?: number;
}

function abortable(realMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, realMs),
    );
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => abortable(ms, signal),
};

/** A clock that starts at `startMs` and runs `scale` times faster than real time. */
export function scaledClock(startMs: number, scale = 1, realNow: () => number = Date.now): Clock {
  if (!(scale > 0)) throw new RangeError('time scale must be > 0');
  const realStart = realNow();
  return {
    scale,
    now: () => Math.floor(startMs + (realNow() - realStart) * scale),
    sleep: (ms, signal) => abortable(ms / scale, signal),
  };
}

/**
 * A test clock: `sleep` advances time instantly (after a macrotask, so other work can interleave).
 * Sharing one instance between the app and the simulator makes market-hours tests run in milliseconds.
 */
export interface ManualClock extends Clock {
  set(ms: number): void;
  advance(ms: number): void;
}

export function manualClock(startMs: number): ManualClock {
  let t = startMs;
  return {
    now: () => t,
    set: (ms) => {
      t = ms;
    },
    advance: (ms) => {
      t += ms;
    },
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      await new Promise((r) => setImmediate(r));
      if (signal?.aborted) throw signal.reason;
      t += Math.max(0, ms);
    },
  };
}
