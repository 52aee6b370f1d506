import { resolve } from 'node:path';
import { kiteTokenExpiry } from '../auth/expiry.js';
import { loadBasketFile } from './basket-file.js';
import type { RebalanceFlags } from './commands.js';
import type { CliIo } from './io.js';
import { readEnvConfig } from '../config/env.js';
import { AppError } from '../core/errors.js';
import type { ConfirmBatch, RunSummary } from '../core/events.js';
import type { Basket } from '../core/types.js';
import { ExitCode } from '../core/exit-codes.js';
import { formatInr } from '../core/money.js';
import { targetDeficit } from '../core/planner/index.js';
import { executePlan } from '../engine/index.js';
import { consumeEvents } from '../headless/consume-events.js';
import { formatBasket, formatPlan, formatSnapshot, formatSummary } from '../headless/format.js';
import { jsonDocument } from '../headless/json-document.js';
import { colorLevel, headlessPaint } from '../headless/paint.js';
import { dryRunMessage, NOTHING_TO_TRADE } from '../present/messages.js';
import { snapshotReader } from './account.js';
import { loadPriceFile, priceFileNotice } from './price-file.js';
import { basketForRun, readNseListing } from './listing.js';
import { openBackend } from './backend.js';
import { confirmBatches } from './confirm.js';
import { connectAccount, openBackendStores } from './connect.js';
import { engineDeps, plannerFor, type BrokerHolder } from './engine-run.js';
import { accountTrades } from './account-trades.js';
import { engineTiming, exitCodeFor } from './run-outcome.js';
import { authorisationKeys, type AuthorisationKeys } from '../ui/authorisation-keys.js';
import type { TuiInput, TuiSession } from '../ui/run-tui.js';
import { tuiLogin } from './tui-login.js';

/**
 * The main job: basket → session → snapshot → plan → (confirm → execute) → summary. With `tui` (an interactive
 * run, its first frame already on screen) the login and the steps are drawn in it and the run goes on in it.
 */
export async function runRebalance(flags: RebalanceFlags, io: CliIo, basketRead?: Basket, tui?: TuiSession): Promise<number> {
  if (!tui) return rebalance(flags, io, basketRead);
  const running = { started: false };
  try {
    return await rebalance(flags, io, basketRead, tui, running);
  } catch (e) {
    // A failure before the run's screens (a refused login, a bad prices file): the first frame goes, the error line follows.
    if (!running.started) await tui.close();
    throw e;
  }
}

async function rebalance(flags: RebalanceFlags, io: CliIo, basketRead?: Basket, tui?: TuiSession, running?: { started: boolean }): Promise<number> {
  // The basket is checked before anything touches a broker (the CLI reads it before loading this module).
  const basketFile = basketRead ?? (await loadBasketFile(resolve(io.cwd, flags.basketFile)));
  // So is the prices file: a bad one stops the run before any login.
  const priceFile = flags.pricesFile ? loadPriceFile(flags.pricesFile, io.cwd) : undefined;
  const env = readEnvConfig(io.env);
  const human = flags.json ? io.err : io.out;
  const options = flags.options;

  // Lines about the run's set-up: on the TUI's first screen when there is one, else on stderr.
  const say = tui ? (line: string) => tui.status(line) : io.err;
  tui?.step(flags.paper ? 'Starting the simulator…' : 'Opening the account…');
  const backend = await openBackend({ env, paper: flags.paper, cwd: io.cwd, ...(flags.scenarioFile ? { scenarioFile: flags.scenarioFile } : {}) });
  io.onCleanup(() => backend.close());
  for (const n of backend.notices) say(n);
  if (priceFile) for (const line of priceFileNotice(priceFile, backend.calendar, backend.clock.now())) say(line);
  const mode = flags.dryRun ? 'dry-run' : backend.mode === 'paper' ? 'paper' : flags.mode;

  const stores = await openBackendStores(io, backend);
  tui?.step('Logging in…');
  const account = await connectAccount(tui ? { ...io, err: say } : io, backend, stores, {
    quiet: flags.quiet,
    ...(flags.userId ? { userId: flags.userId } : {}),
    ...(tui ? tuiLogin(tui) : {}),
  });
  tui?.step('Reading the holdings, prices and the basket…');
  const broker: BrokerHolder = { current: account.broker };
  // Tickers NSE does not list stop the run here, before any planning.
  const nse = await readNseListing(broker.current);
  const basket = await basketForRun(broker.current, basketFile, nse);
  const readSnapshot = snapshotReader(() => broker.current, basket, backend.clock, io.signal, priceFile, { listing: nse.listing });
  const userId = account.session.userId;
  const planner = plannerFor(backend.clock, () => accountTrades(stores, userId, backend.mode));

  const snapshot = await readSnapshot();
  tui?.step('Planning…');
  const plan = await planner(basket, snapshot, options);
  const relogin = account.canRelogin;

  const startEngine = (confirm: ConfirmBatch, signal: AbortSignal, runMode: 'live' | 'paper', keys?: AuthorisationKeys) =>
    executePlan(
      engineDeps({ backend, stores, account, broker, confirm, planner, snapshot: readSnapshot, relogin, ...(keys ? { authorisationKeys: keys } : {}) }),
      basket,
      plan,
      {
        userId,
        mode: runMode,
        run: options,
        basketFile: basket.file,
        ...engineTiming(),
        // A run that cannot log in again stops before a wait that outlives its Kite session.
        ...(relogin ? {} : { mustFinishBy: kiteTokenExpiry(backend.clock.now()) }),
      },
      signal,
    );

  if (io.interactive && !flags.quiet && !flags.json) {
    const notices =
      options.targetDeficit !== undefined
        ? [`Target deficit now ${formatInr(targetDeficit(basket, snapshot))} (limit ${formatInr(options.targetDeficit)})`]
        : [];
    // The TUI's own controller (Ctrl+C arrives as a key in raw mode); a signal to the process cancels it too.
    const controller = new AbortController();
    const forward = () => controller.abort(io.signal.reason);
    io.signal.addEventListener('abort', forward, { once: true });
    try {
      const runMode = mode === 'dry-run' || plan.orders.length === 0 ? null : mode;
      const keys = authorisationKeys();
      if (running) running.started = true;
      const screens = tui ? (props: TuiInput) => tui.run(props) : async (props: TuiInput) => (await import('../ui/run-tui.js')).runTui(props);
      const { outcome, summary } = await screens({
        authorisationKeys: keys,
        basket,
        snapshot,
        plan,
        mode,
        broker: backend.mode,
        userId,
        notices,
        controller,
        colorLevel: colorLevel(io.env, true),
        ...(relogin ? { sessionExpiresAt: kiteTokenExpiry(backend.clock.now()) } : {}),
        execute: runMode ? (confirm) => startEngine(confirm, controller.signal, runMode, keys) : null,
      });
      if (outcome === 'cancelled') throw new AppError('cancelled', 'cancelled');
      return outcome === 'done' && summary ? exitCodeFor(summary) : ExitCode.ok;
    } finally {
      io.signal.removeEventListener('abort', forward);
    }
  }

  // The line runner colours its two streams only on a terminal (and never with --json): see headless/paint.ts.
  const paint = headlessPaint({ env: io.env, stdoutIsTTY: io.stdoutIsTTY, stderrIsTTY: io.stderrIsTTY ?? false, json: flags.json });
  if (!flags.json) {
    for (const line of [...formatBasket(basket, paint.out), ...formatSnapshot(snapshot, paint.out), '', ...formatPlan(plan, paint.out)]) human(line);
    if (options.targetDeficit !== undefined) {
      const deficit = targetDeficit(basket, snapshot);
      human(`Target deficit now ${formatInr(deficit)} (limit ${formatInr(options.targetDeficit)})${deficit <= options.targetDeficit ? ': already met' : ''}`);
    }
  }

  const finish = (summary?: RunSummary): number => {
    if (flags.json) io.out(JSON.stringify(jsonDocument({ mode, userId, basket, snapshot, plan, ...(summary ? { summary } : {}) }), null, 2));
    else if (summary) for (const line of formatSummary(summary, paint.out)) io.out(line);
    return summary ? exitCodeFor(summary) : ExitCode.ok;
  };

  if (mode === 'dry-run') {
    if (!flags.json) human(dryRunMessage(plan.orders.length, backend.mode));
    return finish();
  }
  if (plan.orders.length === 0) {
    human(NOTHING_TO_TRADE);
    return finish();
  }
  const autoConfirm = flags.quiet || (mode === 'paper' && !io.interactive);
  if (!autoConfirm && !io.interactive) {
    throw new AppError('needs-confirmation', 'a live run needs confirmation, and this is not a terminal: nothing was placed (add --quiet to auto-confirm)');
  }
  if (mode === 'paper' && !io.interactive && !flags.quiet) io.err('Paper mode without a terminal: batches are confirmed automatically.');

  const summary = await consumeEvents(startEngine(confirmBatches(io, autoConfirm), io.signal, mode), io.err, { paint: paint.err });
  return finish(summary);
}
