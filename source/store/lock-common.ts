import type { LockHandle } from './ports.js';
export interface LockOwner {
  runId: string;
  pid: number;
  host: string;
  expires: string; // ISO
}

/** Long enough for any run; the holder renews it every third of it while it is alive. */
export const DEFAULT_LEASE_MS = 15 * 60_000;

export function heldMessage(accountId: string, o: { runId: string; pid: number; host: string; expires: string | Date }): string {
  const expires = o.expires instanceof Date ? o.expires.toISOString() : o.expires;
  return `Another run (run ${o.runId}, pid ${o.pid} on ${o.host}) holds the lock for account ${accountId} until ${expires}; wait for it to finish or, if it died on another machine, for its lease to expire`;
}

/** A held lock: `renew` runs every third of the lease until `release`, which runs `drop` once. */
export function leasedHandle(leaseMs: number, renew: () => Promise<void>, drop: () => Promise<void>): LockHandle {
  const timer = setInterval(() => void renew().catch(() => undefined), Math.max(1000, Math.floor(leaseMs / 3)));
  timer.unref();
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      clearInterval(timer);
      await drop();
    },
  };
}
