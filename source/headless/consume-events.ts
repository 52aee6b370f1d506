import type { EngineEvent, RunSummary } from '../core/events.js';
import { formatEvent, shouldPrintCountdown } from './format.js';
import { plain, type Paint } from './paint.js';

/**
 * Headless consumer of the engine stream: one line per event on `err` (countdowns thinned), painted for that
 * stream; returns the generator's RunSummary. The TUI consumes the very same generator.
 */
export async function consumeEvents(
  events: AsyncGenerator<EngineEvent, RunSummary>,
  err: (line: string) => void,
  opts: { onEvent?: (e: EngineEvent) => void; paint?: Paint } = {},
): Promise<RunSummary> {
  const paint = opts.paint ?? plain;
  let lastCountdown: number | null = null;
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
    err(formatEvent(e, paint));
  }
}
