import { Box, Text } from 'ink';
import type { Basket, Snapshot } from '../../core/types.js';
import { accountLine, basketText, unpricedText, warningText } from '../../present/plan.js';
import { theme } from '../theme.js';
import { StyledLine } from './styled-line.js';

/** Basket size and cash target, account value, and any warnings about either. */
export function AccountLine({ basket, snapshot }: { basket: Basket; snapshot: Snapshot }) {
  const warnings = [...basket.warnings, ...snapshot.warnings];
  const unpriced = unpricedText(snapshot.unpriced);
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text>{basketText(basket)}</Text>
      <StyledLine line={accountLine(snapshot)} />
      {warnings.map((w, i) => (
        <Text key={i} color={theme.warning}>
          {warningText(w)}
        </Text>
      ))}
      {unpriced ? <Text color={theme.warning}>{unpriced}</Text> : null}
    </Box>
  );
}
