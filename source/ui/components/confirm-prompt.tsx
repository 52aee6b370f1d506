import { Box, Text } from 'ink';
import { sideWord } from '../../present/format.js';
import { batchHeading, plannedOrderLine, placeQuestion } from '../../present/plan.js';
import { CONFIRM_KEYS, mainKey } from '../../present/keys.js';
import type { PendingBatch } from '../state.js';
import { sideColor, theme } from '../theme.js';
import { KeyHints } from './key-hints.js';
import { StyledLine } from './styled-line.js';

/** One batch, its orders and total, and the keys: an explicit `y` places; `n` or Esc declines; Enter does nothing. */
export function ConfirmPrompt({ batch, nudge }: { batch: PendingBatch; nudge: boolean }) {
  const word = sideWord(batch.side);
  return (
    <Box flexDirection="column" alignSelf="flex-start" borderStyle="round" borderColor={sideColor(batch.side)} paddingX={1}>
      <Text bold>{batchHeading(batch.round, batch.side, batch.orders)}</Text>
      {batch.orders.map((o, i) => (
        <StyledLine key={i} line={plannedOrderLine(o, false)} />
      ))}
      <Text>
        {placeQuestion(batch.side)} <KeyHints keys={CONFIRM_KEYS} />
      </Text>
      {nudge ? (
        <Text color={theme.warning}>
          Enter alone does nothing: press {mainKey('place')} to place these {word}, or {mainKey('decline')} to decline.
        </Text>
      ) : null}
    </Box>
  );
}
