import type { AuthorisationKey } from '../core/events.js';

export interface AuthorisationKeys {
  /** A key pressed while sells wait for a CDSL authorisation; dropped when nothing is waiting for one. */
  press(key: AuthorisationKey): void;
  /** The next key pressed; rejects with the signal's reason when it aborts first. */
  next(signal: AbortSignal): Promise<AuthorisationKey>;
}

/** Carries `r` (re-check now) and `s` (skip those sells) from the TUI's keyboard to the app's authorisation step. */
export function authorisationKeys(): AuthorisationKeys {
  const waiting = new Set<(key: AuthorisationKey) => void>();
  return {
    press(key) {
      const first = waiting.values().next();
      if (first.done) return;
      waiting.delete(first.value);
      first.value(key);
    },
    next(signal) {
      return new Promise((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason);
        const onAbort = () => {
          waiting.delete(take);
          reject(signal.reason);
        };
        const take = (key: AuthorisationKey) => {
          signal.removeEventListener('abort', onAbort);
          resolve(key);
        };
        waiting.add(take);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
