import { Box, Text } from 'ink';
import type { RunSummary } from '../../core/events.js';
import { idleCashText } from '../../present/confirm.js';
import { inr, pct } from '../../present/format.js';
import { chargesPaid, unfinishedOrders, unfinishedText } from '../../present/outcome.js';
import { driftBar } from '../../present/review.js';
import { summaryParts } from '../../present/summary.js';
import { theme } from '../theme.js';
import { StyledLine } from './styled-line.js';

/**
 * The end of a run, printed once: its message and counts, weights after vs targets with drift bars, drift
 * before → after, cash left, charges paid, every order that did not fill and why, and idle cash when the buys
 * were declined after the sells.
 */
export function SummaryView(props: { summary: RunSummary; driftBefore: number; at: number; idleCash: boolean }) {
  const { summary, driftBefore, at, idleCash } = props;
  const { head } = summaryParts(summary);
  const weights = [...(summary.weightsAfter ?? [])].sort((a, b) => Math.abs(b.weight - b.target) - Math.abs(a.weight - a.target));
  const scale = Math.max(0, ...weights.map((w) => Math.abs(w.weight - w.target)));
  const unfinished = unfinishedOrders(summary.orders);
  return (
    <Box flexDirection="column" marginTop={1}>
      {head.map((line, i) => (
        <StyledLine key={`h${i}`} line={line} />
      ))}
      {weights.length > 0 ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold color={theme.accent}>
            {'symbol'.padEnd(12)} {'after'.padStart(7)} {'target'.padStart(7)} drift
          </Text>
          {weights.map((w) => (
            <Text key={w.tradingsymbol} wrap="truncate-end">
              {w.tradingsymbol.padEnd(12)} {pct(w.weight).padStart(7)} {pct(w.target).padStart(7)}{' '}
              <Text color={Math.abs(w.weight - w.target) >= 0.05 ? theme.warning : undefined}>{driftBar(w.weight - w.target, scale, 9)}</Text>{' '}
              {pct(w.weight - w.target)}
            </Text>
          ))}
        </Box>
      ) : null}
      <Box flexDirection="column" marginTop={1}>
        <Text>
          drift {pct(driftBefore)} → <Text bold>{summary.driftAfter === null ? 'not measured' : pct(summary.driftAfter)}</Text>
          {summary.cashLeft !== undefined ? ` · cash left ${inr(summary.cashLeft)}` : ''} · charges paid ≈ {inr(chargesPaid(summary.orders, at))}
        </Text>
        {unfinished.length > 0 ? <Text bold>Not filled ({unfinished.length}):</Text> : null}
        {unfinished.map((o) => (
          <Text key={o.legId} color={theme.warning} wrap="truncate-end">
            {'  '}
            {unfinishedText(o)}
          </Text>
        ))}
        {idleCash && summary.cashLeft !== undefined ? (
          <Text bold color={theme.warning}>
            {idleCashText(summary.cashLeft)}
          </Text>
        ) : null}
      </Box>
    </Box>
  );
}
