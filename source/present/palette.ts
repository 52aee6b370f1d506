import type { Style } from './tone.js';

/**
 * The one mapping from meaning to colour, shared by the Ink theme and the line runner's chalk. Named ANSI
 * colours only (no hex): they follow the terminal's own scheme, so they read on dark and light backgrounds.
 * `info` keeps the terminal's default colour.
 */
export const PALETTE: Readonly<Record<Style, 'cyan' | 'gray' | 'green' | 'yellow' | 'red' | undefined>> = {
  info: undefined,
  muted: 'gray',
  success: 'green',
  warning: 'yellow',
  danger: 'red',
  buy: 'green',
  sell: 'red',
  accent: 'cyan',
};
