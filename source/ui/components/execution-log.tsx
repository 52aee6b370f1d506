import { Box, Static, Text } from 'ink';
import type { ReactNode } from 'react';
import { clockTime } from '../../present/format.js';
import type { LogLine } from '../state.js';
import { styleColor } from '../theme.js';
import { OrderRow } from './order-row.js';

type Item = { kind: 'block'; id: string; node: ReactNode } | ({ kind: 'line' } & LogLine);

/**
 * Everything printed once and kept in the scrollback (<Static>, never re-rendered): the intro, one line per
 * engine event, each order's row once it is finished (ids when the detail toggle was on), and the summary.
 */
export function ExecutionLog({ intro, lines, outro, details }: { intro: ReactNode; lines: LogLine[]; outro: ReactNode | null; details: boolean }) {
  const items: Item[] = [
    { kind: 'block', id: 'intro', node: intro },
    ...lines.map((l) => ({ kind: 'line' as const, ...l })),
    ...(outro ? [{ kind: 'block' as const, id: 'outro', node: outro }] : []),
  ];
  return (
    <Static items={items}>
      {(item) => {
        if (item.kind === 'block')
          return (
            <Box key={item.id} flexDirection="column">
              {item.node}
            </Box>
          );
        if (item.order)
          return (
            <Box key={item.id} gap={1}>
              <Text color={styleColor('muted')}>{clockTime(item.at)}</Text>
              <OrderRow order={item.order} details={details} />
            </Box>
          );
        return (
          <Text key={item.id} color={styleColor(item.tone)}>
            {item.text}
          </Text>
        );
      }}
    </Static>
  );
}
