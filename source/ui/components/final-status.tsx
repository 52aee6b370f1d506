import { Box, Text } from 'ink';
import { sideWord } from '../../present/format.js';
import { dryRunMessage, NOTHING_TO_TRADE } from '../../present/messages.js';
import { keyHint } from '../../present/keys.js';
import type { State } from '../state.js';
import { theme } from '../theme.js';
import { RunSummaryView } from './run-summary.js';

/** The last lines of a run, one per terminal phase. `broker` is where a dry run's orders would have gone. */
export function FinalStatus({ state, dryRun, broker }: { state: State; dryRun: boolean; broker: 'live' | 'paper' }) {
  switch (state.phase) {
    case 'done':
      if (state.summary) return <RunSummaryView summary={state.summary} />;
      return <Text color={theme.muted}>{dryRun ? dryRunMessage(state.plan.orders.length, broker) : NOTHING_TO_TRADE}</Text>;
    case 'declined':
      return (
        <Box flexDirection="column" marginTop={1}>
          <Text bold color={theme.warning}>
            Round {state.batch.round} {sideWord(state.batch.side)} declined: nothing more placed.
          </Text>
          {state.summary && state.summary.placed > 0 ? (
            <Text>
              Placed before that: {state.summary.placed} order(s), {state.summary.filled} filled, {state.summary.rejected} rejected (run {state.summary.runId}).
            </Text>
          ) : null}
          {state.summary && /Refused by Kite/.test(state.summary.message) ? (
            <Text color={theme.error}>{state.summary.message.slice(state.summary.message.indexOf('Refused by Kite'))}</Text>
          ) : null}
          {!state.settled ? <Text color={theme.muted}>Closing the run…</Text> : null}
        </Box>
      );
    case 'cancelled':
      return (
        <Text bold color={theme.error}>
          {state.message}
          {!state.settled && !state.forced ? <Text color={theme.muted}> ({keyHint('cancel')} again to quit now)</Text> : null}
        </Text>
      );
    case 'failed':
      return (
        <Text bold color={theme.error}>
          Failed: {state.message}
        </Text>
      );
    default:
      return null;
  }
}
