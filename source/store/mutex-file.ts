/**
 * A short-lived cross-process mutex around read-modify-write of one file: `<file>.lock` created with
 * O_EXCL. A holder that died (dead pid on this host) or held it past `staleMs` is broken.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import { AppError } from '../core/errors.js';
import { isPidAlive } from './fs-safe.js';

interface MutexOwner {
  pid: number;
  host: string;
  at: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function withFileMutex<T>(file: string, fn: () => Promise<T>, opts: { waitMs?: number; staleMs?: number } = {}): Promise<T> {
  const lockPath = `${file}.lock`;
  const waitMs = opts.waitMs ?? 10_000;
  const staleMs = opts.staleMs ?? 30_000;
  const started = Date.now();
  let delay = 2;
  for (;;) {
    try {
      await createWithOwner(lockPath);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (await breakIfStale(lockPath, staleMs)) continue;
      if (Date.now() - started > waitMs) {
        throw new AppError('store', `Timed out waiting for ${lockPath}: another kite-rebalance process is writing the store`, {
          hint: 'if no other process runs, delete that lock file',
        });
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 25);
    }
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lockPath, { force: true });
  }
}

async function breakIfStale(lockPath: string, staleMs: number): Promise<boolean> {
  let raw: string;
  try {
    raw = await fs.readFile(lockPath, 'utf8');
  } catch {
    return true; // vanished between open and read: try again
  }
  let owner: Partial<MutexOwner>;
  try {
    owner = JSON.parse(raw) as MutexOwner;
  } catch {
    // Half-written by a holder that is still writing it, or died mid-write: judge by the file's age.
    const stat = await fs.stat(lockPath).catch(() => null);
    if (stat && Date.now() - stat.mtimeMs > staleMs) {
      await fs.rm(lockPath, { force: true });
      return true;
    }
    return false;
  }
  const deadHere = owner.host === os.hostname() && !isPidAlive(owner.pid ?? -1);
  const tooOld = typeof owner.at === 'number' && Date.now() - owner.at > staleMs;
  if (!deadHere && !tooOld) return false;
  const again = await fs.readFile(lockPath, 'utf8').catch(() => null);
  if (again === raw) await fs.rm(lockPath, { force: true });
  return true;
}

/**
 * Creates the lock file with its owner already in it: the content is written to a private file, then hard-linked
 * into place (fails with EEXIST when held). A process killed half-way never leaves an empty lock that nobody can
 * judge stale for `staleMs`.
 */
async function createWithOwner(lockPath: string): Promise<void> {
  const own = `${lockPath}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await fs.writeFile(own, JSON.stringify({ pid: process.pid, host: os.hostname(), at: Date.now() } satisfies MutexOwner), { mode: 0o600 });
  try {
    await fs.link(own, lockPath);
  } finally {
    await fs.rm(own, { force: true });
  }
}
