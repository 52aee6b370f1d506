import { useCallback, useEffect, useRef, type Dispatch } from 'react';
import { isAppError } from '../core/errors.js';
import type { ConfirmBatch, EngineEvent, RunSummary } from '../core/events.js';
import type { PlannedOrder } from '../core/types.js';
import { batchDifferences } from '../present/confirm.js';
import type { Action } from './state.js';

export type Execute = (confirm: ConfirmBatch) => AsyncGenerator<EngineEvent, RunSummary>;

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';

/**
 * Drives the engine generator into the reducer. The ConfirmBatch handed to the engine returns a promise that
 * `answer` (the keyboard) resolves; a declined batch skips that batch only. A batch asked again after a wait or a
 * re-login is answered yes without asking when it adds nothing to what was confirmed, and asked again (with the
 * differences) when it does. An abort rejects the pending confirmation so the engine stops where it is.
 */
export function useEngineRun(execute: Execute | null, controller: AbortController, dispatch: Dispatch<Action>): { answer(confirmed: boolean): void } {
  const pending = useRef<{ resolve(v: boolean): void; reject(e: unknown): void } | null>(null);
  const confirmed = useRef(new Map<string, PlannedOrder[]>());
  const lastAt = useRef(0);
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
        const key = `${round}:${side}`;
        const before = confirmed.current.get(key);
        if (before && batchDifferences(before, orders).length === 0) {
          dispatch({ type: 'reconfirmed', round, side, orders, at: lastAt.current });
          return resolve(true);
        }
        pending.current = {
          resolve: (ok) => {
            if (ok) confirmed.current.set(key, orders);
            resolve(ok);
          },
          reject,
        };
        dispatch({ type: 'confirm-requested', batch: { round, side, orders, ...(before ? { previous: before } : {}) } });
      });
    void (async () => {
      try {
        const events = execute(confirm);
        for (;;) {
          const next = await events.next();
          if (next.done) return dispatch({ type: 'finished', summary: next.value });
          lastAt.current = next.value.at;
          dispatch({ type: 'engine', event: next.value });
        }
      } catch (error) {
        const cancelled = signal.aborted || (isAppError(error) && error.kind === 'cancelled');
        dispatch({ type: 'threw', message: messageOf(error), cancelled, error });
      }
    })();
  }, [execute, controller, dispatch]);

  const answer = useCallback(
    (ok: boolean) => {
      const p = pending.current;
      if (!p) return;
      pending.current = null;
      dispatch({ type: 'answered', confirmed: ok });
      p.resolve(ok);
    },
    [dispatch],
  );
  return { answer };
}
