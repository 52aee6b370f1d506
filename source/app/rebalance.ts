import { resolve } from 'node:path';
import { loadBasketFile } from './basket-file.js';
import type { RebalanceFlags } from './commands.js';
import type { CliIo } from './io.js';
import { readEnvConfig } from '../config/env.js';
import { AppError } from '../core/errors.js';
import type { ConfirmBatch, EngineEvent, RunSummary } from '../core/events.js';
import { ExitCode } from '../core/exit-codes.js';
import { formatInr } from '../core/money.js';
import { isKnownStatus, isOpenStatus } from '../core/order-status.js';
import { targetDeficit } from '../core/planner/index.js';
import { executePlan, runIdOfTag } from '../engine/index.js';
import type { Broker } from '../broker/port.js';
import { consumeEvents } from '../headless/consume-events.js';
import { formatBasket, formatPlan, formatSnapshot, istDateTime } from '../headless/format.js';
import { jsonDocument } from '../headless/json-document.js';
import { snapshotReader } from './account.js';
import { loadPriceFile, priceFileNotice } from './price-file.js';
import { openBackend } from './backend.js';
import { confirmBatches } from './confirm.js';
import { connectAccount, openBackendStores } from './connect.js';
import { engineDeps, plannerFor, sessionEndsBy, type BrokerHolder } from './engine-run.js';
import { engineTiming, summaryLines, exitCodeFor } from './run-outcome.js';

/** The main job: basket → session → snapshot → plan → (confirm → execute) → summary. */
export async function runRebalance(flags: RebalanceFlags, io: CliIo): Promise<number> {
  // The basket is checked before anything touches a broker.
  const basket = await loadBasketFile(resolve(io.cwd, flags.basketFile));
  // So is the prices file: a bad one stops the run before any login.
  const priceFile = flags.pricesFile ? loadPriceFile(flags.pricesFile, io.cwd) : undefined;
  const env = readEnvConfig(io.env);
  const human = flags.json ? io.err : io.out;
  const options = flags.options;

  const backend = await openBackend({ env, paper: flags.paper, cwd: io.cwd, ...(flags.scenarioFile ? { scenarioFile: flags.scenarioFile } : {}) });
  io.onCleanup(() => backend.close());
  for (const n of backend.notices) io.err(n);
  if (priceFile) for (const line of priceFileNotice(priceFile, backend.calendar, backend.clock.now())) io.err(line);
  const mode = flags.dryRun ? 'dry-run' : backend.mode === 'paper' ? 'paper' : flags.mode;

  const stores = await openBackendStores(io, backend);
  const account = await connectAccount(io, backend, stores, { quiet: flags.quiet, ...(flags.userId ? { userId: flags.userId } : {}) });
  const broker: BrokerHolder = { current: account.broker };
  const readSnapshot = snapshotReader(() => broker.current, basket, backend.clock, io.signal, priceFile);
  const planner = plannerFor(backend.clock);

  const snapshot = await readSnapshot();
  const plan = await planner(basket, snapshot, options);
  const userId = account.session.userId;
  const relogin = account.canRelogin;

  const startEngine = (confirm: ConfirmBatch, signal: AbortSignal, runMode: 'live' | 'paper') =>
    executePlan(
      engineDeps({ backend, stores, account, broker, confirm, planner, snapshot: readSnapshot, relogin }),
      basket,
      plan,
      {
        userId,
        mode: runMode,
        run: options,
        basketFile: basket.file,
        ...engineTiming(),
      },
      signal,
    );

  // A run that cannot log in again (unattended, or on KITE_ACCESS_TOKEN) must not wait past its session's
  // end (06:00 IST): it would only fail at the open. It stops before the wait, saying what was placed.
  let stop: AppError | null = null;
  let runId = '';
  const placed = new Set<string>();
  const onEvent = (e: EngineEvent) => {
    if (e.type === 'run-started') runId = e.runId;
    if (e.type === 'order' && e.order.order_id) placed.add(e.order.legId);
    if (relogin || e.type !== 'waiting' || e.until <= sessionEndsBy(e.at)) return;
    const ends = `the Kite session ends at 06:00 IST on ${istDateTime(sessionEndsBy(e.at)).replace(/ \d\d:\d\d IST$/, '')}`;
    stop =
      placed.size === 0
        ? new AppError('market', `NSE opens ${istDateTime(e.until)} (${e.detail}), after ${ends}; nothing was placed`, {
            hint: options.amo ? 'run it again after the open' : 'run it again after the open, or use --amo to queue after-market orders now',
          })
        : new AppError('market', `placed ${placed.size} order(s); the rest waits for NSE to open ${istDateTime(e.until)}, after ${ends}`, {
            hint: `after the open, log in and continue with \`kite-rebalance resume ${runId}\` (running the basket again would place these orders twice)`,
            exitCode: ExitCode.partial,
          });
    stopRun(stop);
  };
  let stopRun: (reason: AppError) => void = () => undefined;
  const watched = async function* (events: AsyncGenerator<EngineEvent, RunSummary>): AsyncGenerator<EngineEvent, RunSummary> {
    for (;;) {
      const next = await events.next();
      if (next.done) return next.value;
      onEvent(next.value);
      yield next.value;
    }
  };

  if (mode !== 'dry-run' && plan.orders.length > 0) for (const note of await refuseWhileAnotherRunIsOpen(broker.current)) io.err(note);

  if (io.interactive && !flags.quiet && !flags.json) {
    const notices = options.targetDeficit !== undefined ? [`Target deficit now ${formatInr(targetDeficit(basket, snapshot))} (limit ${formatInr(options.targetDeficit)})`] : [];
    // The TUI's own controller (Ctrl+C arrives as a key in raw mode); a signal to the process cancels it too.
    const controller = new AbortController();
    const forward = () => controller.abort(io.signal.reason);
    io.signal.addEventListener('abort', forward, { once: true });
    stopRun = (reason) => controller.abort(reason);
    try {
      const runMode = mode === 'dry-run' || plan.orders.length === 0 ? null : mode;
      const { runTui } = await import('../ui/run-tui.js');
      const { outcome, summary } = await runTui({
        basket,
        snapshot,
        plan,
        mode,
        userId,
        notices,
        controller,
        execute: runMode ? (confirm) => watched(startEngine(confirm, controller.signal, runMode)) : null,
      });
      if (stop) throw stop;
      if (outcome === 'cancelled') throw new AppError('cancelled', 'cancelled');
      return outcome === 'done' && summary ? exitCodeFor(summary) : ExitCode.ok;
    } finally {
      io.signal.removeEventListener('abort', forward);
    }
  }

  if (!flags.json) {
    for (const line of [...formatBasket(basket), ...formatSnapshot(snapshot), '', ...formatPlan(plan)]) human(line);
    if (options.targetDeficit !== undefined) {
      const deficit = targetDeficit(basket, snapshot);
      human(`Target deficit now ${formatInr(deficit)} (limit ${formatInr(options.targetDeficit)})${deficit <= options.targetDeficit ? ': already met' : ''}`);
    }
  }

  const finish = (summary?: RunSummary): number => {
    if (flags.json) io.out(JSON.stringify(jsonDocument({ mode, userId, basket, snapshot, plan, ...(summary ? { summary } : {}) }), null, 2));
    else if (summary) for (const line of summaryLines(summary)) io.out(line);
    return summary ? exitCodeFor(summary) : ExitCode.ok;
  };

  if (mode === 'dry-run') {
    if (!flags.json) human(plan.orders.length ? `Dry run: nothing was placed. Add ${backend.mode === 'paper' ? '--paper without --dry-run' : '--live'} to place these orders.` : 'Dry run: nothing to do.');
    return finish();
  }
  if (plan.orders.length === 0) {
    human('Nothing to trade: the account is as close to the basket as whole shares and costs allow.');
    return finish();
  }
  const autoConfirm = flags.quiet || (mode === 'paper' && !io.interactive);
  if (!autoConfirm && !io.interactive) {
    throw new AppError('needs-confirmation', 'a live run needs confirmation, and this is not a terminal: nothing was placed (add --quiet to auto-confirm)');
  }
  if (mode === 'paper' && !io.interactive && !flags.quiet) io.err('Paper mode without a terminal: batches are confirmed automatically.');

  // An unattended live run cannot log in again: a wait that outlives today's Kite session (06:00 IST) would
  // fail at the open, so it stops now, before anything is placed.
  const controller = new AbortController();
  const forward = () => controller.abort(io.signal.reason);
  io.signal.addEventListener('abort', forward, { once: true });
  stopRun = (reason) => controller.abort(reason);
  try {
    const summary = await consumeEvents(watched(startEngine(confirmBatches(io, autoConfirm), controller.signal, mode)), io.err);
    return finish(summary);
  } catch (e) {
    throw stop ?? e;
  } finally {
    io.signal.removeEventListener('abort', forward);
  }
}

/**
 * Orders of an earlier run still open in the book (after-market orders waiting for the open, or a run that
 * was stopped) would be placed twice by a new run: it has to be finished with `resume` first.
 */
export async function refuseWhileAnotherRunIsOpen(broker: Broker): Promise<string[]> {
  const earlier = (await broker.orders()).filter((o) => runIdOfTag(o.tag));
  // A status the table does not know is not waited for (it could block every run for the rest of the day): it is named instead.
  const unknown = earlier.filter((o) => !isKnownStatus(o.status));
  const notes = unknown.map(
    (o) => `order ${o.order_id} of run ${runIdOfTag(o.tag)} (${o.transaction_type} ${o.quantity} ${o.tradingsymbol}) is in a status this app does not know: "${o.status}"; not waiting for it, check it in Kite`,
  );
  const open = earlier.filter((o) => isOpenStatus(o.status));
  if (open.length === 0) return notes;
  const runs = [...new Set(open.map((o) => runIdOfTag(o.tag) as string))];
  throw new AppError('usage', `run ${runs.join(', ')} still has ${open.length} open order(s) (${open.map((o) => `${o.transaction_type} ${o.quantity} ${o.tradingsymbol}`).join(', ')}); nothing was placed`, {
    hint: `finish it with \`kite-rebalance resume ${runs[0]}\`, or cancel those orders in Kite`,
  });
}
