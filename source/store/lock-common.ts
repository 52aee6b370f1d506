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
