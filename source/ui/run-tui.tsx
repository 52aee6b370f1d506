import chalk from 'chalk';
import { render } from 'ink';
import type { RunSummary } from '../core/events.js';
import { App, type AppProps } from './app.js';
import type { TuiResult } from './state.js';

export type { TuiOutcome, TuiResult } from './state.js';

export interface TuiInput extends AppProps {
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  /** 0 for no colour (NO_COLOR, FORCE_COLOR=0), else the depth FORCE_COLOR asks for; unset: what the terminal supports. */
  colorLevel?: 0 | 1 | 2 | 3;
}

/**
 * The interactive front end: review → confirm each batch → live execution → summary, on the engine's own
 * event stream. Resolves with the outcome (the CLI maps it to an exit code); an engine failure rejects.
 */
export async function runTui(input: TuiInput): Promise<{ outcome: TuiResult['outcome']; summary?: RunSummary }> {
  const { stdin, stdout, colorLevel, ...props } = input;
  // Ink colours through chalk's shared instance: its level is the one switch for every semantic colour.
  if (colorLevel !== undefined) chalk.level = colorLevel;
  const instance = render(<App {...props} />, {
    exitOnCtrlC: false,
    patchConsole: false,
    ...(stdin ? { stdin } : {}),
    ...(stdout ? { stdout } : {}),
  });
  try {
    return (await instance.waitUntilExit()) as TuiResult;
  } finally {
    instance.unmount();
  }
}
