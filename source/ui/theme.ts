import type { Side } from '../core/types.js';
import { PALETTE } from '../present/palette.js';
import { sideStyle, type Style } from '../present/tone.js';

/** Semantic colours: components name a meaning, never a colour. */
export const theme = {
  accent: PALETTE.accent,
  muted: PALETTE.muted,
  success: PALETTE.success,
  warning: PALETTE.warning,
  error: PALETTE.danger,
  buy: PALETTE.buy,
  sell: PALETTE.sell,
  mode: { paper: 'cyan', live: 'red', 'dry-run': 'yellow' },
} as const;

export const styleColor = (style: Style | undefined): string | undefined => (style ? PALETTE[style] : undefined);

export const sideColor = (side: Side): string | undefined => styleColor(sideStyle(side));
