import type { ConfirmBatch } from '../core/events.js';
import { AppError } from '../core/errors.js';
import type { CliIo } from './io.js';
import { declinedText } from '../present/confirm.js';
import { batchHeading, placeQuestion, plannedOrderLine } from '../present/plan.js';
import { plainText } from '../present/tone.js';

/**
 * How each batch is confirmed: --quiet (and paper runs without a terminal) answer yes; a terminal asks
 * y/N per batch (Enter alone is "no", which skips that batch only, saying what that means for the next); a live run without a terminal and without --quiet never gets here
 * (the CLI exits 4 before placing anything).
 */
export function confirmBatches(io: CliIo, auto: boolean): ConfirmBatch {
  if (auto) return async () => true;
  return async ({ side, orders, round }) => {
    if (!io.ask) throw new AppError('needs-confirmation', 'confirmation needed but there is no terminal: add --quiet to auto-confirm');
    io.err('');
    io.err(`${batchHeading(round, side, orders)}:`);
    for (const o of orders) io.err(plainText(plannedOrderLine(o, false)));
    const answer = (await io.ask(`${placeQuestion(side)} [y/N] `)).trim().toLowerCase();
    const yes = answer === 'y' || answer === 'yes';
    if (!yes) io.err(declinedText(round, side, orders));
    return yes;
  };
}
