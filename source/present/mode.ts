import type { Style } from './tone.js';

/** What a run does with its orders: place them at Kite (live), on the simulator (paper), or nowhere (dry run). */
export type RunMode = 'dry-run' | 'live' | 'paper';
/** Where orders go (or would go): Kite or the built-in simulator. */
export type Broker = 'live' | 'paper';

export interface ModeBadge {
  text: string;
  style: Style;
  /** What the badge means, in words, for the confirmation box. */
  meaning: string;
}

/**
 * The run's badge, on every screen and on the confirmation box itself: LIVE in the alarm colour, PAPER,
 * DRY RUN, or PAPER + DRY RUN for a dry run on the simulator.
 */
export function modeBadge(mode: RunMode, broker: Broker): ModeBadge {
  if (mode === 'live') return { text: 'LIVE', style: 'danger', meaning: 'real orders at Zerodha, real money' };
  if (mode === 'paper') return { text: 'PAPER', style: 'accent', meaning: 'the built-in simulator: no real money' };
  if (broker === 'paper') return { text: 'PAPER + DRY RUN', style: 'warning', meaning: 'nothing is placed, not even on the simulator' };
  return { text: 'DRY RUN', style: 'warning', meaning: 'nothing is placed' };
}
