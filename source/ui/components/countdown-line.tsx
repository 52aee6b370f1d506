import { Text } from 'ink';
import { duration, waitTarget } from '../format.js';
import type { MarketWait } from '../state.js';
import { theme } from '../theme.js';

/** waiting until Mon 30 Nov 09:14 IST: weekend — 2h 03m 10s  (Ctrl+C to cancel) */
export function CountdownLine({ wait }: { wait: MarketWait }) {
  return (
    <Text>
      <Text color={theme.warning}>
        waiting until {waitTarget(wait.until)}: {wait.detail} — <Text bold>{duration(wait.remainingMs)}</Text>
      </Text>
      <Text color={theme.muted}> (Ctrl+C to cancel; nothing is placed before then)</Text>
    </Text>
  );
}
