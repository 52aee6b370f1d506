import { Text } from 'ink';
import { modeBadge, type Broker, type RunMode } from '../../present/mode.js';
import { styleColor } from '../theme.js';

/** " LIVE " / " PAPER " / " DRY RUN " / " PAPER + DRY RUN ", inverse in the mode's colour (still inverse without colour). */
export function ModeBadge({ mode, broker }: { mode: RunMode; broker: Broker }) {
  const badge = modeBadge(mode, broker);
  return (
    <Text inverse bold color={styleColor(badge.style)}>
      {` ${badge.text} `}
    </Text>
  );
}
