import { Box, Text } from 'ink';
import { authorisationNeededText, authorisationWhereText } from '../../present/events.js';
import { duration } from '../../present/format.js';
import { AUTHORISATION_KEYS } from '../../present/keys.js';
import type { AuthorisationWait } from '../state.js';
import { theme } from '../theme.js';
import { KeyHints } from './key-hints.js';

/** CDSL authorisation (TPIN) needed before selling: ITC 100 — 9m 40s left / where to authorise / r re-check now · s skip these sells */
export function AuthorisationLine({ wait }: { wait: AuthorisationWait }) {
  return (
    <Box flexDirection="column">
      <Text color={theme.warning}>
        {authorisationNeededText(wait.shortfalls)} — <Text bold>{duration(wait.remainingMs)}</Text> left
      </Text>
      <Text>{authorisationWhereText(wait.url, wait.instructions)}</Text>
      <KeyHints keys={AUTHORISATION_KEYS} />
    </Box>
  );
}
