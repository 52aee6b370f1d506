/** Imported trades under `<home>/lots/<account>.json` (0600, replaced atomically under a file mutex). */
import path from 'node:path';
import { AppError } from '../core/errors.js';
import { byExecution, tradeKey, type Trade } from '../core/tax/trades.js';
import { ensurePrivateDir, readFileOrNull, writeFileAtomic } from './fs-safe.js';
import { withFileMutex } from './mutex-file.js';
import type { LotStore } from './ports.js';
import { safeName } from './safe-name.js';

export class EmbeddedLotStore implements LotStore {
  readonly dir: string;
  constructor(home: string) {
    this.dir = path.join(home, 'lots');
  }

  private file(accountId: string) {
    return path.join(this.dir, `${safeName('account id', accountId)}.json`);
  }

  private async read(file: string): Promise<Trade[]> {
    const raw = await readFileOrNull(file);
    if (raw === null) return [];
    try {
      return (JSON.parse(raw) as { trades: Trade[] }).trades;
    } catch {
      throw new AppError('store', `The lots file ${file} is not valid JSON`);
    }
  }

  async trades(accountId: string): Promise<Trade[]> {
    return this.read(this.file(accountId));
  }

  async addTrades(accountId: string, trades: readonly Trade[]): Promise<number> {
    const file = this.file(accountId);
    await ensurePrivateDir(this.dir);
    return withFileMutex(file, async () => {
      const stored = await this.read(file);
      const keys = new Set(stored.map(tradeKey));
      const fresh = trades.filter((t) => !keys.has(tradeKey(t)) && keys.add(tradeKey(t)));
      if (fresh.length > 0) await writeFileAtomic(file, JSON.stringify({ trades: [...stored, ...fresh].sort(byExecution) }) + '\n');
      return fresh.length;
    });
  }
}
