import { Box, Text } from 'ink';
import { batchDifferences, earlyPlaceText } from '../../present/confirm.js';
import { sideWord } from '../../present/format.js';
import { CONFIRM_KEYS, mainKey } from '../../present/keys.js';
import { modeBadge, type Broker, type RunMode } from '../../present/mode.js';
import { batchHeading, placeQuestion, plannedOrderLine } from '../../present/plan.js';
import type { PendingBatch } from '../state.js';
import { styleColor, theme } from '../theme.js';
import { KeyHints } from './key-hints.js';
import { StyledLine } from './styled-line.js';

/** Lines the box takes for a batch (border included), so the screen can give the rest to the table. */
export function confirmBoxHeight(batch: PendingBatch, maxOrders: number, notes: number): number {
  const shown = Math.min(batch.orders.length, maxOrders);
  const more = batch.orders.length > shown ? 1 : 0;
  const diff = batch.previous ? 1 + batchDifferences(batch.previous, batch.orders).length : 0;
  return 2 + 2 + shown + more + diff + 1 + notes;
}

/**
 * One batch, the mode on the box itself (LIVE in the alarm colour), its orders and total, and the keys: an
 * explicit `y` places; `n` or Esc skips this batch; `q` quits; Enter does nothing.
 */
export function ConfirmBox(props: { batch: PendingBatch; mode: RunMode; broker: Broker; nudge: boolean; earlyPlace: boolean; maxOrders: number }) {
  const { batch, mode, broker, nudge, earlyPlace, maxOrders } = props;
  const badge = modeBadge(mode, broker);
  const colour = styleColor(badge.style);
  const word = sideWord(batch.side);
  const shown = batch.orders.slice(0, Math.max(1, maxOrders));
  const changes = batch.previous ? batchDifferences(batch.previous, batch.orders) : [];
  return (
    <Box flexDirection="column" borderStyle={mode === 'live' ? 'double' : 'round'} borderColor={colour} paddingX={1}>
      <Text wrap="truncate-end">
        <Text inverse bold color={colour}>{` ${badge.text} `}</Text>
        <Text color={colour} bold={mode === 'live'}>
          {' '}
          {badge.meaning}
        </Text>
      </Text>
      <Text bold wrap="truncate-end">
        {batchHeading(batch.round, batch.side, batch.orders)}
      </Text>
      {batch.previous ? (
        <Text color={theme.warning} wrap="truncate-end">
          Changed since you confirmed them before the wait:
        </Text>
      ) : null}
      {changes.map((c) => (
        <Text key={c} color={theme.warning} wrap="truncate-end">
          {'  '}
          {c}
        </Text>
      ))}
      {shown.map((o, i) => (
        <StyledLine key={i} line={plannedOrderLine(o, false)} wrap="truncate-end" />
      ))}
      {batch.orders.length > shown.length ? <Text color={theme.muted}> … and {batch.orders.length - shown.length} more (all in the table above)</Text> : null}
      <Text wrap="truncate-end">
        {placeQuestion(batch.side)} <KeyHints keys={CONFIRM_KEYS} />
      </Text>
      {nudge ? (
        <Text color={theme.warning} wrap="truncate-end">
          Enter alone does nothing: press {mainKey('place')} to place these {word}, or {mainKey('decline')} to skip them.
        </Text>
      ) : null}
      {earlyPlace ? (
        <Text color={theme.warning} wrap="truncate-end">
          {earlyPlaceText(batch.side)}
        </Text>
      ) : null}
    </Box>
  );
}
