import type { EngineEvent, RunSummary } from '../core/events.js';
import { describeShortfall } from '../core/sell-authorisation.js';
import { formatEvent, shouldPrintAuthorisationCheck, shouldPrintCountdown } from './format.js';

/**
 * Headless consumer of the engine stream: one plain line per event on `err` (countdowns thinned),
 * returns the generator's RunSummary. The TUI consumes the very same generator.
 */
export async function consumeEvents(
  events: AsyncGenerator<EngineEvent, RunSummary>,
  err: (line: string) => void,
  onEvent?: (e: EngineEvent) => void,
): Promise<RunSummary> {
  let lastCountdown: number | null = null;
  let lastCheck: { at: number; pending: string } | null = null;
  for (;;) {
    const next = await events.next();
    if (next.done) return next.value;
    const e = next.value;
    onEvent?.(e);
    if (e.type === 'countdown') {
      if (!shouldPrintCountdown(e, lastCountdown)) continue;
      lastCountdown = e.at;
    }
    if (e.type === 'waiting') lastCountdown = null;
    if (e.type === 'authorisation-check') {
      if (!shouldPrintAuthorisationCheck(e, lastCheck)) continue;
      lastCheck = { at: e.at, pending: e.pending.map(describeShortfall).join() };
    }
    if (e.type === 'authorisation-needed') lastCheck = { at: e.at, pending: e.shortfalls.map(describeShortfall).join() };
    const line = formatEvent(e);
    if (line !== null) err(line);
  }
}
