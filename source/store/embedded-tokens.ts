/** TokenStore in `<home>/tokens.json` (0600): records shaped exactly like the MongoDB documents. */
import path from 'node:path';
import { AppError } from '../core/errors.js';
import { ensurePrivateDir, readFileOrNull, writeFileAtomic } from './fs-safe.js';
import { withFileMutex } from './mutex-file.js';
import type { TokenRecord, TokenStore } from './ports.js';
import { sortNewestFirst } from './token-records.js';

interface TokensFile {
  version: 1;
  tokens: TokenRecord[];
}

export class EmbeddedTokenStore implements TokenStore {
  readonly file: string;
  constructor(private readonly dir: string) {
    this.file = path.join(dir, 'tokens.json');
  }

  private async read(): Promise<TokenRecord[]> {
    const raw = await readFileOrNull(this.file);
    if (raw === null || raw.trim() === '') return [];
    try {
      const parsed = JSON.parse(raw) as Partial<TokensFile>;
      if (!Array.isArray(parsed.tokens)) throw new Error('no tokens array');
      return parsed.tokens;
    } catch {
      throw new AppError('store', `The token file ${this.file} is not valid JSON`, {
        hint: 'move it away and log in again',
      });
    }
  }

  private async modify(change: (records: TokenRecord[]) => TokenRecord[]): Promise<void> {
    await ensurePrivateDir(this.dir);
    await withFileMutex(this.file, async () => {
      const next = change(await this.read());
      await writeFileAtomic(this.file, JSON.stringify({ version: 1, tokens: next } satisfies TokensFile, null, 2) + '\n');
    });
  }

  async list(): Promise<TokenRecord[]> {
    return sortNewestFirst(await this.read());
  }

  async get(userId: string): Promise<TokenRecord | null> {
    return (await this.list()).find((r) => r.user_id === userId) ?? null;
  }

  async upsert(record: TokenRecord): Promise<void> {
    await this.modify((records) => [...records.filter((r) => r.user_id !== record.user_id), { ...record }]);
  }

  async deactivate(userId: string): Promise<void> {
    await this.modify((records) => records.map((r) => (r.user_id === userId ? { ...r, is_active: false } : r)));
  }

  async close(): Promise<void> {}
}
