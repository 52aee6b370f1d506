import { Box, Text } from 'ink';
import type { Plan } from '../../core/types.js';
import { inr, pct } from '../format.js';
import { sideColor, theme } from '../theme.js';

/** The orders the plan would place, each with its reason; skipped symbols; drift, charges and cash left. */
export function PlannedOrders({ plan }: { plan: Plan }) {
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text bold>{plan.orders.length ? `Planned orders (${plan.orders.length}):` : 'Planned orders: none'}</Text>
      {plan.orders.map((o, i) => (
        <Text key={i} wrap="truncate-end">
          {'  '}
          <Text color={sideColor(o.transaction_type)}>{o.transaction_type.padEnd(4)}</Text> {String(o.quantity).padStart(6)} {o.tradingsymbol.padEnd(12)} ≈{' '}
          {inr(o.value).padEnd(13)} <Text color={theme.muted}>{o.reason}</Text>
        </Text>
      ))}
      {plan.skipped.map((s) => (
        <Text key={s.tradingsymbol} color={theme.muted} wrap="truncate-end">
          {'  '}skip {s.tradingsymbol}: {s.reason}
        </Text>
      ))}
      <Text>
        Drift {pct(plan.drift_before)} → <Text bold>{pct(plan.drift_after)}</Text> · charges ≈ {inr(plan.charges)} · cash left ≈ {inr(plan.cash_after)}
      </Text>
    </Box>
  );
}
