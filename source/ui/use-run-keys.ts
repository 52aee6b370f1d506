import { useInput, type Key } from 'ink';
import { useCallback, useLayoutEffect, useRef, useState, type Dispatch } from 'react';
import { AppError } from '../core/errors.js';
import { actionFor, authorisationKeyOf } from '../present/keys.js';
import type { AuthorisationKeys } from './authorisation-keys.js';
import type { Action, PendingBatch, State } from './state.js';

/**
 * The run's keyboard (the table in present/keys.ts): `y` places the batch on screen, `n`/Esc declines it, Enter alone only
 * earns a reminder, `r`/`s` re-check or skip sells waiting for a CDSL authorisation, Ctrl+C aborts the shared
 * controller (a second one quits without waiting).
 *
 * One handler stays subscribed for the whole run and reads refs: re-subscribing per phase would drop keys that
 * arrive between a prompt being drawn and the new handler being attached. A key counts only for the batch that
 * has been committed to the screen (`shown`, set in a layout effect), never for one still on its way.
 */
export function useRunKeys(opts: {
  state: State;
  active: boolean;
  answer(confirmed: boolean): void;
  controller: AbortController;
  dispatch: Dispatch<Action>;
  /** `r` / `s` while sells wait for a CDSL authorisation. */
  authorisationKeys?: AuthorisationKeys | undefined;
}): { nudged: PendingBatch | null } {
  const { state, active, answer, controller, dispatch, authorisationKeys } = opts;
  const shown = useRef<PendingBatch | null>(null);
  const authorising = useRef(false);
  const [nudged, setNudged] = useState<PendingBatch | null>(null);

  useLayoutEffect(() => {
    shown.current = state.phase === 'confirming' ? state.batch : null;
    authorising.current = state.phase === 'executing' && state.authorisation !== null;
  }, [state]);

  const onKey = useCallback(
    (input: string, key: Key) => {
      const action = actionFor(input, key);
      if (action === 'cancel') {
        if (controller.signal.aborted) dispatch({ type: 'cancel', message: 'Cancelled (Ctrl+C).' });
        else controller.abort(new AppError('cancelled', 'cancelled (Ctrl+C)'));
        return;
      }
      const authorisation = authorisationKeyOf(action);
      if (authorisation) {
        if (authorising.current) authorisationKeys?.press(authorisation);
        return;
      }
      const batch = shown.current;
      if (!batch || action === null) return;
      if (action === 'nudge') return setNudged(batch);
      shown.current = null;
      answer(action === 'place');
    },
    [answer, controller, dispatch, authorisationKeys],
  );

  useInput(onKey, { isActive: active });
  return { nudged };
}
