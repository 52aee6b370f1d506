import { useInput, type Key } from 'ink';
import { useCallback, useLayoutEffect, useRef, useState, type Dispatch } from 'react';
import { AppError } from '../core/errors.js';
import { actionFor, authorisationKeyOf, SCROLL_ACTIONS } from '../present/keys.js';
import type { AuthorisationKeys } from './authorisation-keys.js';
import type { Action, PendingBatch, ScrollMove, State } from './state.js';

/** How far the review table can move: rows on screen (a page) and rows in all. */
export interface ScrollRange {
  page: number;
  rows: number;
}

/**
 * The run's keyboard (the table in present/keys.ts): `y` places the batch on screen, `n`/Esc skips it, Enter alone
 * only earns a reminder, `q` and Ctrl+C cancel through the shared controller (a second one quits without
 * waiting), ↑/↓/PgUp/PgDn scroll the review table, `d` shows order ids, `r`/`s` re-check or skip sells waiting for
 * a CDSL authorisation.
 *
 * One handler stays subscribed for the whole run and reads refs: re-subscribing per phase would drop keys that
 * arrive between a prompt being drawn and the new handler being attached. A `y` or `n` pressed while no prompt is
 * on screen is kept in the reducer (typeAhead) and taken by the next prompt once it has been drawn: a `n` skips
 * it; a `y` places it on paper, and on a live run only asks for one more `y` (real orders need a `y` pressed
 * while they are on screen).
 */
export function useRunKeys(opts: {
  state: State;
  active: boolean;
  live: boolean;
  scroll: ScrollRange;
  answer(confirmed: boolean): void;
  controller: AbortController;
  dispatch: Dispatch<Action>;
  /** `r` / `s` while sells wait for a CDSL authorisation. */
  authorisationKeys?: AuthorisationKeys | undefined;
}): { nudged: PendingBatch | null } {
  const { state, active, live, answer, controller, dispatch, authorisationKeys } = opts;
  const shown = useRef<PendingBatch | null>(null);
  const authorising = useRef(false);
  const range = useRef(opts.scroll);
  range.current = opts.scroll;
  const [nudged, setNudged] = useState<PendingBatch | null>(null);

  useLayoutEffect(() => {
    shown.current = state.phase === 'confirming' ? state.batch : null;
    authorising.current = state.phase === 'executing' && state.authorisation !== null;
    const early = state.typeAhead;
    if (state.phase !== 'confirming' || !early || !shown.current) return;
    if (early === 'place' && live) {
      dispatch({ type: 'early-place' });
      return;
    }
    shown.current = null;
    answer(early === 'place');
  }, [state, live, answer, dispatch]);

  const onKey = useCallback(
    (input: string, key: Key) => {
      const action = actionFor(input, key);
      if (action === 'cancel' || action === 'quit') {
        const how = action === 'quit' ? 'q' : 'Ctrl+C';
        if (controller.signal.aborted) dispatch({ type: 'cancel', message: `Cancelled (${how}).` });
        else controller.abort(new AppError('cancelled', `cancelled (${how})`));
        return;
      }
      if (action && SCROLL_ACTIONS.includes(action)) {
        dispatch({ type: 'scroll', move: action as ScrollMove, ...range.current });
        return;
      }
      if (action === 'details') return dispatch({ type: 'toggle-details' });
      if (action === 'basket') return dispatch({ type: 'toggle-basket' });
      const authorisation = authorisationKeyOf(action);
      if (authorisation) {
        if (authorising.current) authorisationKeys?.press(authorisation);
        return;
      }
      const batch = shown.current;
      if (action !== 'place' && action !== 'decline' && action !== 'nudge') return;
      if (!batch) {
        if (action !== 'nudge') dispatch({ type: 'typed-ahead', key: action });
        return;
      }
      if (action === 'nudge') return setNudged(batch);
      shown.current = null;
      answer(action === 'place');
    },
    [answer, controller, dispatch, authorisationKeys],
  );

  useInput(onKey, { isActive: active });
  return { nudged };
}
