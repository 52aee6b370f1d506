import { Box, Text } from 'ink';
import type { Broker, RunMode } from '../../present/mode.js';
import { theme } from '../theme.js';
import { ModeBadge } from './mode-badge.js';

export type Mode = RunMode;

/** The first line of every screen: mode badge, the screen's title, user id and basket. */
export function Header({ mode, broker, title, userId, basketFile }: { mode: Mode; broker: Broker; title: string; userId?: string; basketFile: string }) {
  return (
    <Box gap={1} height={1} overflow="hidden">
      <Box flexShrink={0}>
        <ModeBadge mode={mode} broker={broker} />
      </Box>
      <Box flexShrink={0}>
        <Text bold>{title}</Text>
      </Box>
      <Text color={theme.muted} wrap="truncate-end">
        {userId ? `${userId} · ${basketFile}` : basketFile}
      </Text>
    </Box>
  );
}
