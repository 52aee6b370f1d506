import type { AuthorisationKey } from '../core/events.js';
import type { Style } from './tone.js';

/**
 * What a key does during a run. `nudge` only reminds: Enter alone must never place orders. `recheck` and `skip`
 * (the AuthorisationKey the app's authorisation step listens for) count only while sells wait for a CDSL authorisation.
 */
export type RunAction = 'place' | 'decline' | 'nudge' | 'quit' | 'cancel' | 'up' | 'down' | 'page-up' | 'page-down' | 'details' | 'basket' | AuthorisationKey;

export interface KeyBinding {
  /** Key names as `keyName` gives them: the typed character, or `escape`, `return`, `up`, `pagedown`, `ctrl+c`. */
  keys: readonly string[];
  action: RunAction;
  /** How the key is written on screen, and what it does. */
  hint: string;
  label: string;
  style: Style;
}

/** The run's keyboard, read by the handler (use-run-keys) and by every on-screen key hint. */
export const RUN_KEYS: readonly KeyBinding[] = [
  { keys: ['y', 'Y'], action: 'place', hint: 'y', label: 'place', style: 'success' },
  { keys: ['n', 'N', 'escape'], action: 'decline', hint: 'n/Esc', label: 'skip this batch', style: 'danger' },
  { keys: ['return'], action: 'nudge', hint: 'Enter', label: 'does nothing', style: 'muted' },
  { keys: ['q', 'Q'], action: 'quit', hint: 'q', label: 'quit', style: 'muted' },
  // The arrows and the page keys are shown as pairs ("↑↓ scroll", "PgUp/PgDn page"): footers name the first of each.
  { keys: ['up'], action: 'up', hint: '↑↓', label: 'scroll', style: 'muted' },
  { keys: ['down'], action: 'down', hint: '↓', label: 'scroll down', style: 'muted' },
  { keys: ['pageup'], action: 'page-up', hint: 'PgUp/PgDn', label: 'page', style: 'muted' },
  { keys: ['pagedown'], action: 'page-down', hint: 'PgDn', label: 'page down', style: 'muted' },
  { keys: ['d', 'D'], action: 'details', hint: 'd', label: 'order ids', style: 'info' },
  { keys: ['b', 'B'], action: 'basket', hint: 'b', label: 'basket', style: 'info' },
  { keys: ['r'], action: 'recheck', hint: 'r', label: 're-check now', style: 'info' },
  { keys: ['s'], action: 'skip', hint: 's', label: 'skip these sells', style: 'warning' },
  { keys: ['ctrl+c'], action: 'cancel', hint: 'Ctrl+C', label: 'cancel', style: 'muted' },
];

/** The keys shown under a confirmation prompt, in this order. */
export const CONFIRM_KEYS: readonly RunAction[] = ['place', 'decline', 'quit'];
/** The footer of the review screen (the table scrolls while a batch waits for its answer). */
export const REVIEW_KEYS: readonly RunAction[] = ['up', 'page-up', 'basket', 'quit', 'cancel'];
/** The footer of the review screen while its first batch waits for an answer. */
export const REVIEW_CONFIRM_KEYS: readonly RunAction[] = [...CONFIRM_KEYS, 'up', 'page-up', 'basket'];
/** The footer while orders are placed and tracked, and while the run waits for the market. */
export const EXECUTION_KEYS: readonly RunAction[] = ['details', 'quit', 'cancel'];
/** The footer of the wait for the market: only a way out. */
export const WAIT_KEYS: readonly RunAction[] = ['quit', 'cancel'];
/** Keys that move the review table. */
export const SCROLL_ACTIONS: readonly RunAction[] = ['up', 'down', 'page-up', 'page-down'];
/** The keys shown while sells wait for a CDSL authorisation. */
export const AUTHORISATION_KEYS: readonly RunAction[] = ['recheck', 'skip', 'cancel'];

/** The authorisation step's key for an action, or null for the other actions. */
export const authorisationKeyOf = (action: RunAction | null): AuthorisationKey | null => (action === 'recheck' || action === 'skip' ? action : null);

/** The modifier flags of a key press that matter here (Ink's `Key` has them). */
export interface KeyPress {
  ctrl?: boolean;
  escape?: boolean;
  return?: boolean;
  upArrow?: boolean;
  downArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
}

export function keyName(input: string, key: KeyPress): string {
  if (key.ctrl) return `ctrl+${input}`;
  if (key.escape) return 'escape';
  if (key.return) return 'return';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  return input;
}

export const bindingFor = (action: RunAction): KeyBinding => RUN_KEYS.find((b) => b.action === action) as KeyBinding;
export const keyHint = (action: RunAction): string => bindingFor(action).hint;
/** The one key to name in a sentence ("press y to place"). */
export const mainKey = (action: RunAction): string => bindingFor(action).keys[0] ?? bindingFor(action).hint;

/** The action of a key press, or null for a key that does nothing (a chunk such as a paste never matches). */
export const actionFor = (input: string, key: KeyPress): RunAction | null => RUN_KEYS.find((b) => b.keys.includes(keyName(input, key)))?.action ?? null;
