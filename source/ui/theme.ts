import type { OrderState } from '../core/events.js';
import { isCancelledStatus } from '../core/order-status.js';
import type { Side } from '../core/types.js';

/** Semantic colours: components name a meaning, never a colour. */
export const theme = {
  accent: 'cyan',
  muted: 'gray',
  success: 'green',
  warning: 'yellow',
  error: 'red',
  buy: 'green',
  sell: 'red',
  mode: { paper: 'cyan', live: 'red', 'dry-run': 'yellow' },
} as const;

export type Tone = 'info' | 'success' | 'warning' | 'error' | 'muted';

export const toneColor = (tone: Tone): string | undefined =>
  tone === 'info' ? undefined : tone === 'muted' ? theme.muted : theme[tone];

export const sideColor = (side: Side): string => (side === 'BUY' ? theme.buy : theme.sell);

export function statusTone(status: OrderState): Tone {
  if (status === 'COMPLETE') return 'success';
  if (status === 'REJECTED') return 'error';
  if (status === 'SKIPPED' || status === 'UNKNOWN' || isCancelledStatus(status)) return 'warning';
  return 'muted';
}
