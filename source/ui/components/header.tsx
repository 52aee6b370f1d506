import { Box, Text } from 'ink';
import { theme } from '../theme.js';

export type Mode = 'dry-run' | 'live' | 'paper';

const BADGE: Record<Mode, string> = { paper: 'PAPER', live: 'LIVE', 'dry-run': 'DRY RUN' };

/** Mode badge (PAPER / LIVE / DRY RUN), user id and basket; notices below. */
export function Header({ mode, userId, basketFile, notices }: { mode: Mode; userId: string; basketFile: string; notices: string[] }) {
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Box gap={1}>
        <Text inverse bold color={theme.mode[mode]}>
          {` ${BADGE[mode]} `}
        </Text>
        <Text bold>kite-rebalance</Text>
        <Text color={theme.muted}>user</Text>
        <Text bold>{userId}</Text>
        <Text color={theme.muted}>basket</Text>
        <Text>{basketFile}</Text>
      </Box>
      {notices.map((n, i) => (
        <Text key={i} color={theme.warning}>
          {n}
        </Text>
      ))}
    </Box>
  );
}
