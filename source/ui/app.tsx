import { Box, useApp, useStdin } from 'ink';
import { basename } from 'node:path';
import { useEffect, useReducer, useRef } from 'react';
import type { Basket, Plan, Snapshot } from '../core/types.js';
import { AccountLine } from './components/account-line.js';
import { AuthorisationLine } from './components/authorisation-line.js';
import type { AuthorisationKeys } from './authorisation-keys.js';
import { ConfirmPrompt } from './components/confirm-prompt.js';
import { CountdownLine } from './components/countdown-line.js';
import { ExecutionLog } from './components/execution-log.js';
import { FinalStatus } from './components/final-status.js';
import { Header, type Mode } from './components/header.js';
import { HoldingsTable } from './components/holdings-table.js';
import { OpenOrdersLine } from './components/open-orders-line.js';
import { PlannedOrders } from './components/planned-orders.js';
import { exitValue, initialState, isTerminal, reducer } from './state.js';
import { useEngineRun, type Execute } from './use-engine-run.js';
import { useRunKeys } from './use-run-keys.js';

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
}

/** Phase switch, keyboard, and the single exit() site. */
export function App({ basket, snapshot, plan, mode, broker, userId, notices, execute, controller, authorisationKeys }: AppProps) {
  const [state, dispatch] = useReducer(reducer, plan, (p) => initialState(p));
  const { answer } = useEngineRun(execute, controller, dispatch);
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const rawMode = Boolean(isRawModeSupported);
  const exited = useRef(false);

  useEffect(() => {
    const value = exitValue(state, mode === 'dry-run');
    if (!value || exited.current) return;
    exited.current = true;
    if ('error' in value) exit(value.error instanceof Error ? value.error : new Error(String(value.error)));
    else exit(value.result);
  }, [state, mode, exit]);

  const { nudged } = useRunKeys({
    state,
    answer,
    controller,
    dispatch,
    authorisationKeys,
    active: rawMode && execute !== null && (!isTerminal(state) || state.phase === 'cancelled'),
  });

  const intro = (
    <>
      <Header mode={mode} userId={userId} basketFile={basename(basket.file)} notices={notices} />
      <AccountLine basket={basket} snapshot={snapshot} />
      <HoldingsTable rows={plan.rows} />
      <PlannedOrders plan={plan} />
    </>
  );

  return (
    <Box flexDirection="column">
      <ExecutionLog intro={intro} lines={state.log} />
      {state.phase === 'confirming' ? <ConfirmPrompt batch={state.batch} nudge={nudged === state.batch} /> : null}
      {state.phase === 'executing' && state.wait ? <CountdownLine wait={state.wait} /> : null}
      {state.phase === 'executing' && state.authorisation ? <AuthorisationLine wait={state.authorisation} /> : null}
      {(state.phase === 'executing' && !state.wait && !state.authorisation) || (state.phase === 'review' && execute) ? (
        <OpenOrdersLine orders={state.orders} />
      ) : null}
      <FinalStatus state={state} dryRun={mode === 'dry-run'} broker={broker} />
    </Box>
  );
}
