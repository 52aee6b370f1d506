import type { Command } from './commands.js';
import type { CliIo } from './io.js';
import { readEnvConfig } from '../config/env.js';
import { ExitCode } from '../core/exit-codes.js';
import { runSimCommand } from '../sim/command.js';
import { clockFromEnv } from './clock.js';

/** `kite-rebalance sim`: the simulator on its own, until Ctrl+C. */
export async function runSim(command: Extract<Command, { name: 'sim' }>, io: CliIo): Promise<number> {
  const env = readEnvConfig(io.env);
  await runSimCommand({
    port: command.port,
    clock: clockFromEnv(env),
    out: io.out,
    signal: io.signal,
    ...(command.scenarioFile ? { scenarioFile: command.scenarioFile } : {}),
  });
  return ExitCode.ok;
}
