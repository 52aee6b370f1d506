import { generateFernetKey } from '../auth/fernet.js';
import { ExitCode } from '../core/exit-codes.js';
import type { CliIo } from './io.js';

/** `kite-rebalance keygen`: a new ENCRYPTION_KEY on stdout. */
export function runKeygen(io: CliIo): number {
  io.out(generateFernetKey());
  return ExitCode.ok;
}
