import { Box, Text } from 'ink';
import { describeShortfall } from '../../core/sell-authorisation.js';
import { duration } from '../format.js';
import type { AuthorisationWait } from '../state.js';
import { theme } from '../theme.js';

/** CDSL authorisation (TPIN) needed: ITC 100 — open … — 9m 40s left (r re-check now, s skip these sells) */
export function AuthorisationLine({ wait }: { wait: AuthorisationWait }) {
  return (
    <Box flexDirection="column">
      <Text color={theme.warning}>
        CDSL authorisation (TPIN) needed before selling: {wait.shortfalls.map(describeShortfall).join(', ')} — <Text bold>{duration(wait.remainingMs)}</Text>{' '}
        left
      </Text>
      <Text>{wait.url ? `Open ${wait.url} and enter your CDSL TPIN.` : wait.instructions}</Text>
      <Text color={theme.muted}>r re-check now · s skip these sells · Ctrl+C cancel</Text>
    </Box>
  );
}
