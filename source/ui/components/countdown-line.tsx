import { Text } from 'ink';
import { waitingText } from '../../present/events.js';
import { duration } from '../../present/format.js';
import { keyHint } from '../../present/keys.js';
import type { MarketWait } from '../state.js';
import { theme } from '../theme.js';

/** waiting until Mon 30 Nov 2026 09:14 IST: weekend — 2h 03m 10s  (Ctrl+C to cancel) */
export function CountdownLine({ wait }: { wait: MarketWait }) {
  return (
    <Text>
      <Text color={theme.warning}>
        {waitingText(wait.until, wait.detail)} — <Text bold>{duration(wait.remainingMs)}</Text>
      </Text>
      <Text color={theme.muted}> ({keyHint('cancel')} to cancel; nothing is placed before then)</Text>
    </Text>
  );
}
