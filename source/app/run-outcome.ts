import type { RunSummary } from '../core/events.js';
import { ExitCode } from '../core/exit-codes.js';

/** Clock-time settings of the engine shared by `rebalance` and `resume`. */
export const engineTiming = () => ({ openOrderTimeoutMs: 120_000, pollIntervalMs: 1_000, countdownTickMs: 1_000 });

export const exitCodeFor = (summary: RunSummary): number => (summary.complete ? ExitCode.ok : ExitCode.partial);
