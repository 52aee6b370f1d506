import { basename } from 'node:path';
import { readEnvConfig } from '../config/env.js';
import { colorLevel } from '../headless/paint.js';
import type { Basket } from '../core/types.js';
import type { RebalanceFlags } from './commands.js';
import type { CliIo } from './io.js';

/**
 * `kite-rebalance BASKET`. An interactive run mounts the TUI's first frame (a shell with a spinner) before the
 * heavy modules (engine, Kite client, stores, planner) load, so something is on screen at once; login and
 * planning then run inside it. Every other run goes straight to the line runner.
 */
export async function startRebalance(flags: RebalanceFlags, io: CliIo, basket?: Basket): Promise<number> {
  if (!io.interactive || flags.quiet || flags.json) {
    const { runRebalance } = await import('./rebalance.js');
    return runRebalance(flags, io, basket);
  }
  // The same choice openBackend makes: the simulator with --paper, or when no Kite API key is set.
  const paper = flags.paper || readEnvConfig(io.env).apiKey === undefined;
  const { openTui } = await import('../ui/tui-session.js');
  const tui = openTui({
    mode: flags.dryRun ? 'dry-run' : paper ? 'paper' : flags.mode,
    broker: paper ? 'paper' : 'live',
    basketFile: basename(flags.basketFile),
    colorLevel: colorLevel(io.env, true),
  });
  const { runRebalance } = await import('./rebalance.js');
  return runRebalance(flags, io, basket, tui);
}
