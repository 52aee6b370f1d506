import { render } from 'ink';
import type { RunSummary } from '../core/events.js';
import type { Basket, Plan, Snapshot } from '../core/types.js';
import { App } from './app.js';
import type { Mode } from './components/header.js';
import type { TuiResult } from './state.js';
import type { Execute } from './use-engine-run.js';

export type { TuiOutcome, TuiResult } from './state.js';

export interface TuiInput {
  basket: Basket;
  snapshot: Snapshot;
  plan: Plan;
  mode: Mode;
  userId: string;
  notices: string[];
  /** Starts the engine with the TUI's keyboard confirmation; null for dry runs and empty plans. */
  execute: Execute | null;
  /** Ctrl+C aborts it; aborting it from outside (a signal) cancels the run too. */
  controller: AbortController;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

/**
 * The interactive front end: review → confirm each batch → live execution → summary, on the engine's own
 * event stream. Resolves with the outcome (the CLI maps it to an exit code); an engine failure rejects.
 */
export async function runTui(input: TuiInput): Promise<{ outcome: TuiResult['outcome']; summary?: RunSummary }> {
  const { stdin, stdout, ...props } = input;
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
