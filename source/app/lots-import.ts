import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from './commands.js';
import type { CliIo } from './io.js';
import { readEnvConfig } from '../config/env.js';
import { AppError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { buildFifo } from '../core/tax/fifo.js';
import { mergeTradebooks, parseTradebook } from '../core/tax/tradebook.js';
import { openStores } from '../store/index.js';
import type { TokenStore } from '../store/ports.js';
import { storeEnvFor } from './backend.js';

type LotsImport = Extract<Command, { name: 'lots-import' }>;

function readTradebook(file: string, cwd: string) {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new AppError('usage', `${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return { label: file, trades: parseTradebook(text, file) };
}

/** The account the tradebook belongs to: --user-id, else the only user stored. A tradebook does not name its account. */
async function accountOf(command: LotsImport, tokens: TokenStore): Promise<string> {
  if (command.userId) return command.userId;
  const users = await tokens.list();
  if (users.length === 1) return users[0]!.user_id;
  throw new AppError(
    'usage',
    users.length === 0
      ? 'lots import needs --user-id (the Kite user id the tradebook belongs to): no user is stored yet'
      : `lots import needs --user-id: ${users.length} users are stored (${users.map((u) => u.user_id).join(', ')})`,
  );
}

/**
 * `kite-rebalance lots import FILE…`: every file is read and checked, and duplicates and conflicts with what is
 * stored are resolved, before anything is written; then the new trades are stored beside the journal.
 */
export async function runLotsImport(command: LotsImport, io: CliIo): Promise<number> {
  const files = command.files.map((f) => readTradebook(f, io.cwd));
  const env = readEnvConfig(io.env);
  const stores = await openStores(storeEnvFor(env, command.paper));
  io.onCleanup(() => stores.close());
  const account = await accountOf(command, stores.tokens);
  const stored = await stores.lots.trades(account);
  const merged = mergeTradebooks(files, stored);
  const added = await stores.lots.addTrades(account, merged.added);
  const all = await stores.lots.trades(account);
  const fifo = buildFifo(all);
  const summary = {
    user_id: account,
    files: files.map((f) => ({ file: f.label, trades: f.trades.length })),
    added,
    duplicates: merged.duplicates,
    stored: all.length,
    first_trade: all[0]?.date ?? null,
    last_trade: all.at(-1)?.date ?? null,
    open_lots: [...fifo.open.values()]
      .map((h) => ({ symbol: h.symbol, lots: h.lots.length, quantity: h.lots.reduce((n, l) => n + l.quantity, 0) }))
      .sort((a, b) => a.symbol.localeCompare(b.symbol)),
    warnings: fifo.oversold.map((o) => `${o.symbol}: sold ${o.quantity} more on ${o.date} than the trades bought before (an earlier year missing?)`),
  };
  if (command.json) {
    io.out(JSON.stringify(summary, null, 2));
    return ExitCode.ok;
  }
  io.out(
    `Imported ${added} new trade${added === 1 ? '' : 's'} for ${account} from ${files.length} file${files.length === 1 ? '' : 's'}` +
      `${merged.duplicates ? ` (${merged.duplicates} already seen, counted once)` : ''}; ${all.length} stored, ${summary.first_trade} to ${summary.last_trade} (${stores.describe}).`,
  );
  io.out(`Open lots: ${summary.open_lots.map((l) => `${l.symbol} ${l.quantity} in ${l.lots}`).join(', ') || 'none'}.`);
  for (const w of summary.warnings) io.err(`warning: ${w}`);
  io.out('Each plan now shows the tax of its sells; shares the trades do not explain are reported there, against the holdings.');
  return ExitCode.ok;
}
