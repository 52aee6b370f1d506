import { fillsFromJournal } from '../core/tax/journal-fills.js';
import type { Trade } from '../core/tax/trades.js';
import type { Stores } from '../store/index.js';

/** Runs read back for their fills: far more than anyone makes between two tradebook imports. */
const RUNS_READ = 10_000;

/**
 * Every trade the tax estimate knows for an account: the imported tradebook, then the fills of the app's own live runs
 * that the tradebook does not list yet. Paper mode reads no fills: each paper run starts a fresh simulated account, so
 * an earlier paper run's fills describe shares this one never had.
 */
export async function accountTrades(stores: Pick<Stores, 'lots' | 'journal'>, userId: string, mode: 'live' | 'paper'): Promise<Trade[]> {
  const imported = await stores.lots.trades(userId);
  if (mode === 'paper') return imported;
  const known = new Set(imported.map((t) => t.orderId).filter((id) => id !== ''));
  const runs = (await stores.journal.listRuns(RUNS_READ)).filter((r) => r.user_id === userId && r.mode === 'live');
  const fills: Trade[] = [];
  for (const run of runs) fills.push(...fillsFromJournal(await stores.journal.entries(run.run_id), known));
  return [...imported, ...fills];
}
