import { Box } from 'ink';
import type { RunSummary } from '../../core/events.js';
import { summaryParts } from '../../present/summary.js';
import { StyledLine } from './styled-line.js';

/** Filled / rejected / skipped, every order's end state (one row each, cut at the edge), and the drift after. */
export function RunSummaryView({ summary }: { summary: RunSummary }) {
  const { head, orders, tail } = summaryParts(summary);
  return (
    <Box flexDirection="column" marginTop={1}>
      {head.map((line, i) => (
        <StyledLine key={`h${i}`} line={line} />
      ))}
      {orders.map((line, i) => (
        <StyledLine key={`o${i}`} line={line} wrap="truncate-end" />
      ))}
      {tail.map((line, i) => (
        <StyledLine key={`t${i}`} line={line} />
      ))}
    </Box>
  );
}
