import { isAppError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { isBrokerError } from '../broker/port.js';

/** Any failure as one line for a person, and its exit code. Never a stack trace. */
export function errorLine(e: unknown, signal?: AbortSignal): { line: string; exitCode: number } {
  if (signal?.aborted) return { line: 'kite-rebalance: cancelled', exitCode: ExitCode.cancelled };
  if (isAppError(e)) {
    return { line: `kite-rebalance: ${e.message}${e.hint ? ` (${e.hint})` : ''}`, exitCode: e.exitCode };
  }
  if (isBrokerError(e)) {
    return { line: `kite-rebalance: broker error (${e.errorType}): ${e.message}${e.hint ? ` (${e.hint})` : ''}`, exitCode: ExitCode.failed };
  }
  const message =
    e instanceof Error ? e.message : typeof e === 'object' && e !== null && 'message' in e ? String((e as { message: unknown }).message) : String(e);
  return { line: `kite-rebalance: unexpected error: ${message.split('\n')[0]}`, exitCode: ExitCode.failed };
}
