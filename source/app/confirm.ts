import type { ConfirmBatch } from '../core/events.js';
import { formatInr } from '../core/money.js';
import { AppError } from '../core/errors.js';
import type { CliIo } from './io.js';

/**
 * How each batch is confirmed: --quiet (and paper runs without a terminal) answer yes; a terminal asks
 * y/N per batch (Enter alone is "no"); a live run without a terminal and without --quiet never gets here
 * (the CLI exits 4 before placing anything).
 */
export function confirmBatches(io: CliIo, auto: boolean): ConfirmBatch {
  if (auto) return async () => true;
  return async ({ side, orders, round }) => {
    if (!io.ask) throw new AppError('needs-confirmation', 'confirmation needed but there is no terminal: add --quiet to auto-confirm');
    const total = orders.reduce((s, o) => s + o.value, 0);
    io.err('');
    io.err(`Round ${round}: ${orders.length} ${side === 'SELL' ? 'sell' : 'buy'} order(s), about ${formatInr(total)}:`);
    for (const o of orders) io.err(`  ${o.transaction_type} ${o.quantity} ${o.tradingsymbol} ≈ ${formatInr(o.value)}`);
    const answer = (await io.ask(`Place these ${side === 'SELL' ? 'sells' : 'buys'}? [y/N] `)).trim().toLowerCase();
    return answer === 'y' || answer === 'yes';
  };
}
