import { Box, Text } from 'ink';
import { sideWord } from '../format.js';
import type { State } from '../state.js';
import { theme } from '../theme.js';
import { RunSummaryView } from './run-summary.js';

/** The last lines of a run, one per terminal phase. */
export function FinalStatus({ state, dryRun }: { state: State; dryRun: boolean }) {
  switch (state.phase) {
    case 'done':
      if (state.summary) return <RunSummaryView summary={state.summary} />;
      return (
        <Text color={theme.muted}>
          {dryRun
            ? state.plan.orders.length
              ? 'Dry run: nothing was placed. To place these orders run again without --dry-run (--live for a real account).'
              : 'Dry run: nothing to do.'
            : 'Nothing to trade: the account is as close to the basket as whole shares and costs allow.'}
        </Text>
      );
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
          {state.summary && /Refused by Kite/.test(state.summary.message) ? <Text color={theme.error}>{state.summary.message.slice(state.summary.message.indexOf('Refused by Kite'))}</Text> : null}
          {!state.settled ? <Text color={theme.muted}>Closing the run…</Text> : null}
        </Box>
      );
    case 'cancelled':
      return (
        <Text bold color={theme.error}>
          {state.message}
          {!state.settled && !state.forced ? <Text color={theme.muted}> (Ctrl+C again to quit now)</Text> : null}
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
