import { useCallback, useEffect, useRef, type Dispatch } from 'react';
import { isAppError } from '../core/errors.js';
import type { ConfirmBatch, EngineEvent, RunSummary } from '../core/events.js';
import type { Action } from './state.js';

export type Execute = (confirm: ConfirmBatch) => AsyncGenerator<EngineEvent, RunSummary>;

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';

/**
 * Drives the engine generator into the reducer. The ConfirmBatch handed to the engine returns a promise that
 * `answer` (the keyboard) resolves; after one decline every later batch is declined without asking; an abort
 * rejects the pending confirmation so the engine stops where it is.
 */
export function useEngineRun(execute: Execute | null, controller: AbortController, dispatch: Dispatch<Action>): { answer(confirmed: boolean): void } {
  const pending = useRef<{ resolve(v: boolean): void; reject(e: unknown): void } | null>(null);
  const declined = useRef(false);
  const started = useRef(false);

  useEffect(() => {
    const { signal } = controller;
    const onAbort = () => {
      dispatch({ type: 'cancel', message: 'Cancelling: nothing more is placed…' });
      const p = pending.current;
      pending.current = null;
      p?.reject(signal.reason);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort);
    return () => signal.removeEventListener('abort', onAbort);
  }, [controller, dispatch]);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    if (!execute) {
      dispatch({ type: 'finished', summary: null });
      return;
    }
    const { signal } = controller;
    const confirm: ConfirmBatch = ({ round, side, orders }) =>
      new Promise<boolean>((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason);
        if (declined.current) return resolve(false);
        pending.current = { resolve, reject };
        dispatch({ type: 'confirm-requested', batch: { round, side, orders } });
      });
    void (async () => {
      try {
        const events = execute(confirm);
        for (;;) {
          const next = await events.next();
          if (next.done) return dispatch({ type: 'finished', summary: next.value });
          dispatch({ type: 'engine', event: next.value });
        }
      } catch (error) {
        const cancelled = signal.aborted || (isAppError(error) && error.kind === 'cancelled');
        dispatch({ type: 'threw', message: messageOf(error), cancelled, error });
      }
    })();
  }, [execute, controller, dispatch]);

  const answer = useCallback(
    (confirmed: boolean) => {
      const p = pending.current;
      if (!p) return;
      pending.current = null;
      if (!confirmed) declined.current = true;
      dispatch({ type: 'answered', confirmed });
      p.resolve(confirmed);
    },
    [dispatch],
  );
  return { answer };
}
