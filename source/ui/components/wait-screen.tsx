import { Box, Text } from 'ink';
import type { Side } from '../../core/types.js';
import { duration, istDateTime } from '../../present/format.js';
import { bigDigits, clockDigits, sessionExpiryText, waitReasonText, waitThenText } from '../../present/wait.js';
import type { MarketWait } from '../state.js';
import { theme } from '../theme.js';

/** The wait for the market: a big hh:mm:ss, the reason, what happens then, and the Kite session's end if earlier. */
export function WaitScreen(props: { wait: MarketWait; batch: { side: Side; count: number } | null; sessionExpiresAt?: number | undefined; big: boolean }) {
  const { wait, batch, sessionExpiresAt, big } = props;
  const lines = big ? bigDigits(clockDigits(wait.remainingMs)) : null;
  return (
    <Box flexDirection="column">
      {lines ? (
        <Box flexDirection="column" marginY={1} paddingLeft={2}>
          {lines.map((l, i) => (
            <Text key={i} bold color={theme.accent} wrap="truncate-end">
              {l}
            </Text>
          ))}
        </Box>
      ) : null}
      <Text wrap="truncate-end">
        <Text bold>{duration(wait.remainingMs)}</Text> <Text color={theme.warning}>until {istDateTime(wait.until)}</Text>
      </Text>
      <Text>Why: {waitReasonText(wait.reason, wait.detail)}</Text>
      <Text>{waitThenText(wait.until, batch)}</Text>
      {sessionExpiresAt !== undefined && sessionExpiresAt < wait.until ? <Text color={theme.warning}>{sessionExpiryText(sessionExpiresAt)}</Text> : null}
      <Text color={theme.muted} wrap="truncate-end">
        Nothing is placed before then.
      </Text>
    </Box>
  );
}

export const waitScreenHeight = (big: boolean, expiry: boolean): number => (big ? 5 : 0) + 4 + (expiry ? 1 : 0);
