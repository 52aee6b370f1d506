import { Box, Static, Text } from 'ink';
import type { ReactNode } from 'react';
import type { LogLine } from '../state.js';
import { styleColor } from '../theme.js';

type Item = { kind: 'intro'; id: string } | ({ kind: 'line' } & LogLine);

/**
 * Everything printed once and kept in the scrollback: the intro (header, table, plan) first, then one line per
 * engine event (order state changes, waits, batches). Static items are never re-rendered.
 */
export function ExecutionLog({ intro, lines }: { intro: ReactNode; lines: LogLine[] }) {
  const items: Item[] = [{ kind: 'intro', id: 'intro' }, ...lines.map((l) => ({ kind: 'line' as const, ...l }))];
  return (
    <Static items={items}>
      {(item) =>
        item.kind === 'intro' ? (
          <Box key="intro" flexDirection="column">
            {intro}
          </Box>
        ) : (
          <Text key={item.id} color={styleColor(item.tone)}>
            {item.text}
          </Text>
        )
      }
    </Static>
  );
}
