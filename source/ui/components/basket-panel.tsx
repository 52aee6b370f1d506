import { Box, Text } from 'ink';
import type { Basket } from '../../core/types.js';
import { basketSummary, wrapWords } from '../../present/basket.js';
import { mainKey } from '../../present/keys.js';
import { theme } from '../theme.js';

/** The basket's reason summary as the panel shows it: one cut line, or all of it wrapped to the width. */
export function reasonLines(basket: Basket, open: boolean, columns: number): string[] {
  const reason = basket.meta.reasonSummary?.trim();
  if (!reason) return [];
  // Closed, the one line leaves room for " … (b: more)".
  return open ? wrapWords(reason, Math.max(20, columns - 6)) : wrapWords(reason, Math.max(20, columns - 20)).slice(0, 1);
}

/** The basket on the review screen: file, stocks, creation date, cash target, warnings; its reason, collapsed or not (`b`). */
export function BasketPanel({ basket, file, open, columns }: { basket: Basket; file: string; open: boolean; columns: number }) {
  const lines = reasonLines(basket, open, columns);
  const more = !open && wrapWords(basket.meta.reasonSummary ?? '', Math.max(20, columns - 20)).length > 1;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text color={theme.accent}>Basket</Text> {basketSummary(basket, file)}
      </Text>
      {lines.map((l, i) => (
        <Text key={i} color={theme.muted} wrap="truncate-end">
          {i === 0 ? 'Why: ' : '     '}
          {l}
          {more ? ` … (${mainKey('basket')}: more)` : ''}
        </Text>
      ))}
    </Box>
  );
}
