import { kiteTokenExpiry } from '../auth/expiry.js';
import type { Command } from './commands.js';
import type { CliIo } from './io.js';
import { readEnvConfig } from '../config/env.js';
import { AppError } from '../core/errors.js';
import type { Basket } from '../core/types.js';
import { resumeRun } from '../engine/index.js';
import { consumeEvents } from '../headless/consume-events.js';
import { formatSummary } from '../headless/format.js';
import { headlessPaint } from '../headless/paint.js';
import { snapshotReader } from './account.js';
import { loadPriceFile, priceFileNotice } from './price-file.js';
import { openBackend } from './backend.js';
import { confirmBatches } from './confirm.js';
import { connectAccount, openBackendStores } from './connect.js';
import { engineDeps, plannerFor, type BrokerHolder } from './engine-run.js';
import { accountTrades } from './account-trades.js';
import { engineTiming, exitCodeFor } from './run-outcome.js';

/** `kite-rebalance resume <run-id>`: reconcile the order book by tag, then finish the run. */
export async function runResume(command: Extract<Command, { name: 'resume' }>, io: CliIo): Promise<number> {
  const env = readEnvConfig(io.env);
  if (command.paper || env.apiKey === undefined) {
    throw new AppError('usage', 'paper runs live in a simulator inside their own process, so they cannot be resumed', {
      hint: 'to rehearse a resume, run `kite-rebalance sim` and point KITE_API_ROOT, KITE_LOGIN_URL and ZERODHA_API_KEY=paper_api_key at it',
    });
  }
  const priceFile = command.pricesFile ? loadPriceFile(command.pricesFile, io.cwd) : undefined;
  const backend = await openBackend({ env, paper: false, cwd: io.cwd });
  if (priceFile) for (const line of priceFileNotice(priceFile, backend.calendar, backend.clock.now())) io.err(line);
  const stores = await openBackendStores(io, backend);
  const run = await stores.journal.getRun(command.runId);
  if (!run) throw new AppError('usage', `no run "${command.runId}" in the journal (${stores.describe})`, { hint: '`kite-rebalance history` lists the runs' });
  const basket = (run.plan as { basket?: Basket } | null)?.basket;
  if (!basket) throw new AppError('store', `run ${command.runId} has no basket in its journal record, so it cannot be resumed`);

  const account = await connectAccount(io, backend, stores, { quiet: command.quiet, userId: command.userId ?? run.user_id });
  const broker: BrokerHolder = { current: account.broker };
  const readSnapshot = snapshotReader(() => broker.current, basket, backend.clock, io.signal, priceFile);
  const autoConfirm = command.quiet;
  if (!autoConfirm && !io.interactive) {
    throw new AppError('needs-confirmation', 'resuming a live run needs confirmation, and this is not a terminal: nothing was placed (add --quiet)');
  }
  const events = resumeRun(
    engineDeps({
      backend,
      stores,
      account,
      broker,
      confirm: confirmBatches(io, autoConfirm),
      // The engine hands it the options journalled with the run.
      planner: plannerFor(backend.clock, () => accountTrades(stores, account.session.userId, 'live')),
      snapshot: readSnapshot,
      relogin: account.canRelogin,
    }),
    command.runId,
    { mode: 'live', ...engineTiming(), ...(account.canRelogin ? {} : { mustFinishBy: kiteTokenExpiry(backend.clock.now()) }) },
    io.signal,
  );
  const paint = headlessPaint({ env: io.env, stdoutIsTTY: io.stdoutIsTTY, stderrIsTTY: io.stderrIsTTY ?? false, json: command.json });
  const summary = await consumeEvents(events, io.err, { paint: paint.err });
  if (command.json)
    io.out(
      JSON.stringify(
        { run_id: summary.runId, complete: summary.complete, message: summary.message, cash_left: summary.cashLeft ?? null, orders: summary.orders },
        null,
        2,
      ),
    );
  else for (const line of formatSummary(summary, paint.out)) io.out(line);
  return exitCodeFor(summary);
}
