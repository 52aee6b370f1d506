/** Paper mode keeps its own Fernet key beside the embedded store, so no ENCRYPTION_KEY is needed to try it. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir, readFileOrNull } from '../store/fs-safe.js';
import { generateFernetKey, parseFernetKey } from './fernet.js';

export async function paperEncryptionKey(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'paper-encryption.key');
  const existing = (await readFileOrNull(file))?.trim();
  if (existing) {
    parseFernetKey(existing);
    return existing;
  }
  await ensurePrivateDir(dataDir);
  const key = generateFernetKey();
  try {
    await fs.writeFile(file, key + '\n', { flag: 'wx', mode: 0o600 });
    return key;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return (await fs.readFile(file, 'utf8')).trim();
  }
}
