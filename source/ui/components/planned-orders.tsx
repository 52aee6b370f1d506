import { Box, Text } from 'ink';
import type { Plan } from '../../core/types.js';
import { plannedOrderLine, plannedOrdersHeading, planTotals, skippedLine } from '../../present/plan.js';
import { planTaxLines } from '../../present/tax.js';
import { StyledLine } from './styled-line.js';

/** The orders the plan would place, each with its reason; skipped symbols; drift, charges and cash left. */
export function PlannedOrders({ plan }: { plan: Plan }) {
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text bold>{plannedOrdersHeading(plan)}</Text>
      {plan.orders.map((o, i) => (
        <StyledLine key={i} line={plannedOrderLine(o)} wrap="truncate-end" />
      ))}
      {plan.skipped.map((s) => (
        <StyledLine key={s.tradingsymbol} line={skippedLine(s)} wrap="truncate-end" />
      ))}
      <StyledLine line={planTotals(plan)} />
      {planTaxLines(plan).map((line, i) => (
        <StyledLine key={`tax${i}`} line={line} wrap="truncate-end" />
      ))}
    </Box>
  );
}
