import type { OrderState } from '../core/events.js';
import { isCancelledStatus } from '../core/order-status.js';
import type { Side } from '../core/types.js';

/**
 * What a piece of text means, never how it looks: the Ink theme and the line runner's chalk palette each map
 * these to colours (or to nothing, with NO_COLOR or a pipe).
 */
export type Tone = 'info' | 'success' | 'warning' | 'danger' | 'muted';
/** Tones plus the accents of tables and order lines: a side, a heading. */
export type Style = Tone | 'buy' | 'sell' | 'accent';

/** A run of text with one style; a line is a list of spans, so both front ends can colour its parts. */
export interface Span {
  text: string;
  style?: Style;
  bold?: boolean;
}
export type Line = readonly Span[];

export const span = (text: string, style?: Style, bold = false): Span => ({ text, ...(style ? { style } : {}), ...(bold ? { bold } : {}) });
export const plainText = (line: Line): string => line.map((s) => s.text).join('');

export const sideStyle = (side: Side): Style => (side === 'BUY' ? 'buy' : 'sell');

export function statusTone(status: OrderState): Tone {
  if (status === 'COMPLETE') return 'success';
  if (status === 'REJECTED') return 'danger';
  if (status === 'SKIPPED' || status === 'UNKNOWN' || isCancelledStatus(status)) return 'warning';
  return 'muted';
}
