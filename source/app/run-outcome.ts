import type { RunSummary } from '../core/events.js';
import { ExitCode } from '../core/exit-codes.js';
import { formatInr } from '../core/money.js';

/** Clock-time settings of the engine shared by `rebalance` and `resume`. */
export const engineTiming = () => ({ openOrderTimeoutMs: 120_000, pollIntervalMs: 1_000, countdownTickMs: 1_000 });

export const exitCodeFor = (summary: RunSummary): number => (summary.complete ? ExitCode.ok : ExitCode.partial);

export function summaryLines(s: RunSummary): string[] {
  const lines = [`Run ${s.runId}: ${s.message}`, `  placed ${s.placed}, filled ${s.filled}, rejected ${s.rejected}, skipped ${s.skipped}`];
  for (const o of s.orders) {
    const price = o.average_price ? ` @ ${o.average_price.toFixed(2)}` : '';
    const why = o.status_message ? ` (${o.status_message})` : '';
    lines.push(`  ${o.transaction_type.padEnd(4)} ${String(o.quantity).padStart(6)} ${o.tradingsymbol.padEnd(12)} ${o.status} ${o.filled_quantity}/${o.quantity}${price}${why}`);
  }
  if (s.driftAfter !== null) lines.push(`  drift after ≈ ${(s.driftAfter * 100).toFixed(2)}%`);
  if (s.cashLeft !== undefined) lines.push(`  cash left ${formatInr(s.cashLeft)}`);
  return lines;
}
