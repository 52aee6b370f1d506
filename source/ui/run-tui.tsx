import { basename } from 'node:path';
import type { RunSummary } from '../core/events.js';
import type { AppProps } from './app.js';
import { openTui, type TuiOptions } from './tui-session.js';

export type { TuiOutcome, TuiResult } from './state.js';
export { openTui, type TuiSession } from './tui-session.js';

export interface TuiInput extends AppProps, Pick<TuiOptions, 'stdin' | 'stdout' | 'colorLevel'> {}

/**
 * The interactive front end in one call (tests, and runs that have nothing to do before it): review → confirm
 * each batch → live execution → summary, on the engine's own event stream. Resolves with the outcome (the CLI
 * maps it to an exit code); an engine failure rejects.
 */
export async function runTui(input: TuiInput): Promise<{ outcome: 'done' | 'declined' | 'cancelled' | 'dry-run'; summary?: RunSummary }> {
  const { stdin, stdout, colorLevel, ...props } = input;
  const session = openTui({
    mode: props.mode,
    broker: props.broker,
    basketFile: basename(props.basket.file),
    ...(stdin ? { stdin } : {}),
    ...(stdout ? { stdout } : {}),
    ...(colorLevel !== undefined ? { colorLevel } : {}),
  });
  return session.run(props);
}
