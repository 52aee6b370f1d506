/** File primitives for the embedded store: private dirs, atomic replace, fsync'd appends, pid liveness. */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export async function ensurePrivateDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.chmod(dir, 0o700);
}

/** Write to a temp file in the same directory, fsync, rename over the target: readers see old or new, never half. */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
  } catch (e) {
    // A disk that filled up mid-write must not also keep the half-written copy.
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await fs.chmod(file, 0o600);
  await syncDir(path.dirname(file));
}

/** Makes a rename or a new file in `dir` durable (a no-op where directories cannot be opened, e.g. Windows). */
export async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // not supported here
  } finally {
    await handle?.close();
  }
}

export async function appendFileSynced(file: string, content: string): Promise<void> {
  const handle = await fs.open(file, 'a', 0o600);
  try {
    await handle.appendFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function readFileOrNull(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
