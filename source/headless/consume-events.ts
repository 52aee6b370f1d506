import type { EngineEvent, RunSummary } from '../core/events.js';
import { formatEvent, pendingKey, shouldPrintAuthorisationCheck, shouldPrintCountdown } from './format.js';
import { plain, type Paint } from './paint.js';

/**
 * Headless consumer of the engine stream: one line per event on `err` (countdowns and authorisation re-checks
 * thinned), painted for that stream; returns the generator's RunSummary. The TUI consumes the very same generator.
 */
export async function consumeEvents(
  events: AsyncGenerator<EngineEvent, RunSummary>,
  err: (line: string) => void,
  opts: { onEvent?: (e: EngineEvent) => void; paint?: Paint } = {},
): Promise<RunSummary> {
  const paint = opts.paint ?? plain;
  let lastCountdown: number | null = null;
  let lastCheck: { at: number; pending: string } | null = null;
  for (;;) {
    const next = await events.next();
    if (next.done) return next.value;
    const e = next.value;
    opts.onEvent?.(e);
    if (e.type === 'countdown') {
      if (!shouldPrintCountdown(e, lastCountdown)) continue;
      lastCountdown = e.at;
    }
    if (e.type === 'waiting') lastCountdown = null;
    if (e.type === 'authorisation-check') {
      if (!shouldPrintAuthorisationCheck(e, lastCheck)) continue;
      lastCheck = { at: e.at, pending: pendingKey(e.pending) };
    }
    if (e.type === 'authorisation-needed') lastCheck = { at: e.at, pending: pendingKey(e.shortfalls) };
    err(formatEvent(e, paint));
  }
}
