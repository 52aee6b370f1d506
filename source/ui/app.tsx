import { Box, Text, useApp, useStdin } from 'ink';
import { basename } from 'node:path';
import { useEffect, useMemo, useReducer, useRef, type ReactNode } from 'react';
import type { Basket, Plan, Snapshot } from '../core/types.js';
import { progressOf } from '../present/execution.js';
import { planTaxLines } from '../present/tax.js';
import { AUTHORISATION_KEYS, CONFIRM_KEYS, EXECUTION_KEYS, REVIEW_CONFIRM_KEYS, REVIEW_KEYS, WAIT_KEYS, type RunAction } from '../present/keys.js';
import { dryRunMessage, NOTHING_TO_TRADE } from '../present/messages.js';
import { exitCodeText, nextStep, runExitCode } from '../present/outcome.js';
import { reviewLayout, reviewRows, reviewTotals, selectedRowLine } from '../present/review.js';
import type { AuthorisationKeys } from './authorisation-keys.js';
import { AccountLine } from './components/account-line.js';
import { AuthorisationLine } from './components/authorisation-line.js';
import { BasketPanel, reasonLines } from './components/basket-panel.js';
import { CancelView } from './components/cancel-view.js';
import { ConfirmBox, confirmBoxHeight } from './components/confirm-box.js';
import { ExecutionLog } from './components/execution-log.js';
import { ExecutionView, executionViewHeight } from './components/execution-view.js';
import { Footer } from './components/footer.js';
import { Header, type Mode } from './components/header.js';
import { PlannedOrders } from './components/planned-orders.js';
import { ReviewTable, ScrollNote } from './components/review-table.js';
import { StyledLine } from './components/styled-line.js';
import { SummaryView } from './components/summary-view.js';
import { WaitScreen, waitScreenHeight } from './components/wait-screen.js';
import { buysDeclinedAfterSells, exitValue, initialState, isTerminal, reducer, type State } from './state.js';
import { theme } from './theme.js';
import { useEngineRun, type Execute } from './use-engine-run.js';
import { useRunKeys } from './use-run-keys.js';
import { useTerminalSize } from './use-terminal-size.js';

export interface AppProps {
  basket: Basket;
  snapshot: Snapshot;
  plan: Plan;
  mode: Mode;
  /** Where orders go: the built-in simulator (paper) or Kite; a dry run's last line says how to place them. */
  broker: 'live' | 'paper';
  userId: string;
  notices: string[];
  /** null for dry runs and empty plans: the review is shown and the app exits. */
  execute: Execute | null;
  controller: AbortController;
  /** Where `r`/`s` go while sells wait for a CDSL authorisation (the same object the engine's step listens to). */
  authorisationKeys?: AuthorisationKeys;
  /** When the Kite session ends (clock ms): shown on the wait screen when it comes before the open. */
  sessionExpiresAt?: number;
  /** Lines said outside the engine during the run (a re-login's progress), appended as they come. */
  liveNotices?: string[];
}

const declinedAll = (s: State) => s.answered.length > 0 && s.answered.every((b) => !b.confirmed);

/** Phase switch, keyboard, and the single exit() site. Every screen fits the terminal: header, body, key footer. */
export function App(props: AppProps) {
  const { basket, snapshot, plan, mode, broker, userId, notices, execute, controller, authorisationKeys, sessionExpiresAt, liveNotices } = props;
  const [state, dispatch] = useReducer(reducer, plan, (p) => initialState(p));
  const { answer } = useEngineRun(execute, controller, dispatch);
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const { columns, rows: height } = useTerminalSize();
  const exited = useRef(false);
  const rows = useMemo(() => reviewRows(plan), [plan]);
  const layout = reviewLayout(columns);
  const totals = reviewTotals(plan, snapshot, columns);

  const noticed = useRef(0);
  useEffect(() => {
    for (const text of (liveNotices ?? []).slice(noticed.current)) dispatch({ type: 'notice', text });
    noticed.current = liveNotices?.length ?? 0;
  }, [liveNotices]);

  useEffect(() => {
    const value = exitValue(state, mode === 'dry-run');
    if (!value || exited.current) return;
    exited.current = true;
    if ('error' in value) exit(value.error instanceof Error ? value.error : new Error(String(value.error)));
    else exit(value.result);
  }, [state, mode, exit]);

  // The review screen: what is left for the table once the header, totals, prompt and footer have their lines.
  const reviewing = state.phase === 'review' || (state.phase === 'confirming' && state.orders.length === 0);
  const maxOrders = Math.max(2, Math.floor((height - 12) / 2));
  const nudgeLines = 1;
  const box = state.phase === 'confirming' ? confirmBoxHeight(state.batch, maxOrders, nudgeLines) : 1;
  const basketLines = 1 + reasonLines(basket, state.basketOpen, columns).length;
  const fixed = 1 + basketLines + 1 + 1 + (layout === 'wide' ? 0 : 1) + totals.length + box + 1 + 1;
  const page = Math.max(3, Math.min(rows.length, height - fixed));

  const { nudged } = useRunKeys({
    state,
    answer,
    controller,
    dispatch,
    authorisationKeys,
    live: mode === 'live',
    scroll: { page, rows: rows.length },
    active: Boolean(isRawModeSupported) && execute !== null && (!isTerminal(state) || state.phase === 'cancelled'),
  });

  const intro = (
    <>
      {notices.map((n, i) => (
        <Text key={i} color={theme.warning}>
          {n}
        </Text>
      ))}
      <AccountLine basket={basket} snapshot={snapshot} />
      {planTaxLines(plan).map((line, i) => (
        <StyledLine key={`tax${i}`} line={line} />
      ))}
    </>
  );
  const confirmed = state.answered.filter((b) => b.confirmed).flatMap((b) => b.orders);
  const progress = progressOf(state.orders, { count: confirmed.length, value: confirmed.reduce((s, o) => s + o.value, 0) });
  const executionView = (maxRows: number) => (
    <ExecutionView
      orders={state.orders}
      filed={state.filed}
      progress={progress}
      placedAt={state.placedAt}
      at={state.lastAt}
      details={state.details}
      maxRows={maxRows}
      columns={columns}
    />
  );
  const summary = state.phase === 'done' ? state.summary : null;
  const outro =
    state.phase !== 'done' ? null : summary ? (
      <SummaryView summary={summary} driftBefore={plan.drift_before} at={state.lastAt ?? 0} idleCash={buysDeclinedAfterSells(state)} />
    ) : (
      <>
        <ReviewTable rows={rows} layout={layout === 'normal' ? 'wide' : layout} columns={columns} cursor={-1} top={0} page={rows.length} />
        <PlannedOrders plan={plan} />
      </>
    );

  const title = {
    review: 'Review',
    confirming: state.phase === 'confirming' ? `Confirm round ${state.batch.round}` : '',
    executing: state.wait ? 'Waiting for the market' : state.authorisation ? 'CDSL authorisation' : 'Placing orders',
    done: 'Summary',
    cancelled: 'Cancelled',
    failed: 'Failed',
  }[state.phase];

  let body: ReactNode = null;
  let keys: readonly RunAction[] = [];
  if (reviewing) {
    const selected = rows[state.cursor];
    keys = state.phase === 'confirming' ? REVIEW_CONFIRM_KEYS : REVIEW_KEYS;
    body = (
      <>
        <BasketPanel basket={basket} file={basename(basket.file)} open={state.basketOpen} columns={columns} />
        <ReviewTable rows={rows} layout={layout} columns={columns} cursor={state.cursor} top={state.scroll} page={page} />
        <ScrollNote top={state.scroll} page={page} total={rows.length} />
        {layout !== 'wide' && selected ? <StyledLine line={selectedRowLine(selected, layout)} wrap="truncate-end" /> : null}
        {totals.map((line, i) => (
          <StyledLine key={i} line={line} wrap="truncate-end" />
        ))}
        {state.phase === 'confirming' ? (
          <ConfirmBox batch={state.batch} mode={mode} broker={broker} nudge={nudged === state.batch} earlyPlace={state.earlyPlace} maxOrders={maxOrders} />
        ) : execute ? (
          <Text color={theme.muted}>Preparing the run…</Text>
        ) : null}
      </>
    );
  } else if (state.phase === 'confirming') {
    keys = CONFIRM_KEYS;
    const liveRows = Math.max(1, height - 2 - executionViewHeight(0, false) - confirmBoxHeight(state.batch, maxOrders, nudgeLines) - 1);
    body = (
      <>
        {executionView(liveRows)}
        <ConfirmBox batch={state.batch} mode={mode} broker={broker} nudge={nudged === state.batch} earlyPlace={state.earlyPlace} maxOrders={maxOrders} />
      </>
    );
  } else if (state.phase === 'executing' && state.wait) {
    keys = WAIT_KEYS;
    const expiry = sessionExpiresAt !== undefined && sessionExpiresAt < state.wait.until;
    const next = state.answered.at(-1);
    body = (
      <WaitScreen
        wait={state.wait}
        batch={next?.confirmed ? { side: next.side, count: next.orders.length } : null}
        sessionExpiresAt={sessionExpiresAt}
        big={height >= waitScreenHeight(true, expiry) + 3 && columns >= 40}
      />
    );
  } else if (state.phase === 'executing' && state.authorisation) {
    keys = AUTHORISATION_KEYS;
    body = <AuthorisationLine wait={state.authorisation} />;
  } else if (state.phase === 'executing') {
    keys = EXECUTION_KEYS;
    const liveRows = Math.max(1, height - 3 - executionViewHeight(0, true));
    body = executionView(liveRows);
  } else if (state.phase === 'done') {
    const code = runExitCode(summary, declinedAll(state));
    body = summary ? (
      <>
        <Text>
          Next: <Text bold>{nextStep(summary, broker, declinedAll(state))}</Text>
        </Text>
        <Text color={theme.muted} wrap="truncate-end">
          Run {summary.runId} · {exitCodeText(code)}
        </Text>
      </>
    ) : (
      <Text color={theme.muted}>{mode === 'dry-run' ? dryRunMessage(plan.orders.length, broker) : NOTHING_TO_TRADE}</Text>
    );
  } else if (state.phase === 'cancelled') {
    keys = state.settled ? [] : ['cancel'];
    body = <CancelView message={state.message} settled={state.settled} forced={state.forced} orders={state.orders} />;
  } else if (state.phase === 'failed') {
    body = (
      <Text bold color={theme.error}>
        Failed: {state.message}
      </Text>
    );
  }

  return (
    <Box flexDirection="column">
      <ExecutionLog intro={intro} lines={state.log} outro={outro} details={state.details} />
      <Box flexDirection="column" width={columns}>
        <Header mode={mode} broker={broker} title={title} userId={userId} basketFile={basename(basket.file)} />
        {body}
        {keys.length > 0 ? <Footer keys={keys} /> : null}
      </Box>
    </Box>
  );
}
