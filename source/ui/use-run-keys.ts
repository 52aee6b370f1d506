import { useInput, type Key } from 'ink';
import { useCallback, useLayoutEffect, useRef, useState, type Dispatch } from 'react';
import { AppError } from '../core/errors.js';
import type { AuthorisationKeys } from './authorisation-keys.js';
import type { Action, PendingBatch, State } from './state.js';

/**
 * The run's keyboard: `y` places the batch on screen, `n`/Esc declines it, Enter alone only earns a reminder,
 * `r`/`s` re-check or skip sells waiting for a CDSL authorisation,
 * Ctrl+C aborts the shared controller (a second one quits without waiting).
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
      if (key.ctrl && input === 'c') {
        if (controller.signal.aborted) dispatch({ type: 'cancel', message: 'Cancelled (Ctrl+C).' });
        else controller.abort(new AppError('cancelled', 'cancelled (Ctrl+C)'));
        return;
      }
      if (authorising.current && authorisationKeys && (input === 'r' || input === 's')) {
        authorisationKeys.press(input === 'r' ? 'recheck' : 'skip');
        return;
      }
      const batch = shown.current;
      if (!batch) return;
      if (input === 'y' || input === 'Y' || input === 'n' || input === 'N' || key.escape) {
        shown.current = null;
        answer(input === 'y' || input === 'Y');
      } else if (key.return) setNudged(batch);
    },
    [answer, controller, dispatch, authorisationKeys],
  );

  useInput(onKey, { isActive: active });
  return { nudged };
}
