/**
 * One run per account: `<home>/locks/<account>.lock`, created with `wx`, holding {runId,pid,host,expires}.
 * Stale when its pid is dead (same host) or its lease expired; the holder renews the lease while alive.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../core/errors.js';
import { ensurePrivateDir, isPidAlive, readFileOrNull, writeFileAtomic } from './fs-safe.js';
import { withFileMutex } from './mutex-file.js';
import type { AccountLock, LockHandle } from './ports.js';
import { safeName } from './safe-name.js';
import { heldMessage, DEFAULT_LEASE_MS, leasedHandle, type LockOwner } from './lock-common.js';

export class EmbeddedAccountLock implements AccountLock {
  readonly dir: string;
  constructor(
    home: string,
    private readonly now: () => number = Date.now,
  ) {
    this.dir = path.join(home, 'locks');
  }

  async acquire(accountId: string, holder: { runId: string; pid: number; host: string }, leaseMs = DEFAULT_LEASE_MS): Promise<LockHandle> {
    await ensurePrivateDir(this.dir);
    const file = path.join(this.dir, `${safeName('account id', accountId)}.lock`);
    const owner = (): LockOwner => ({ ...holder, expires: new Date(this.now() + leaseMs).toISOString() });
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await fs.writeFile(file, JSON.stringify(owner()), { flag: 'wx', mode: 0o600 });
        return this.handle(file, holder.runId, owner, leaseMs);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const raw = await readFileOrNull(file);
      if (raw === null) continue;
      let current: LockOwner | null;
      try {
        current = JSON.parse(raw) as LockOwner;
      } catch {
        current = null;
      }
      if (current && !this.isStale(current)) throw new AppError('store', heldMessage(accountId, current));
      // Stale (or unreadable): remove it only if nobody renewed or replaced it meanwhile, then race for it again.
      await withFileMutex(file, async () => {
        if ((await readFileOrNull(file)) === raw) await fs.rm(file, { force: true });
      });
    }
    throw new AppError('store', `Could not take the lock for account ${accountId}: ${file} keeps changing`);
  }

  async holder(accountId: string): Promise<{ runId: string } | null> {
    const raw = await readFileOrNull(path.join(this.dir, `${safeName('account id', accountId)}.lock`));
    if (raw === null) return null;
    try {
      const owner = JSON.parse(raw) as LockOwner;
      return this.isStale(owner) ? null : { runId: owner.runId };
    } catch {
      return null;
    }
  }

  private isStale(o: LockOwner): boolean {
    if (Date.parse(o.expires) < this.now()) return true;
    return o.host === os.hostname() && !isPidAlive(o.pid);
  }

  private handle(file: string, runId: string, owner: () => LockOwner, leaseMs: number): LockHandle {
    // Renewal and stale-breaking both run under the file's mutex, so a renewal never resurrects a lock
    // that another run has just taken over.
    return leasedHandle(
      leaseMs,
      () =>
        withFileMutex(file, async () => {
          const raw = await readFileOrNull(file);
          if (raw !== null && (JSON.parse(raw) as LockOwner).runId === runId) await writeFileAtomic(file, JSON.stringify(owner()));
        }),
      () =>
        withFileMutex(file, async () => {
          const raw = await readFileOrNull(file);
          if (raw === null) return;
          try {
            if ((JSON.parse(raw) as LockOwner).runId !== runId) return;
          } catch {
            return;
          }
          await fs.rm(file, { force: true });
        }),
    );
  }
}
