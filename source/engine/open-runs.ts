import type { Broker } from '../broker/port.js';
import { AppError } from '../core/errors.js';
import { isKnownStatus, isOpenStatus } from '../core/order-status.js';
import { runIdOfTag } from './ids.js';

/**
 * Orders of an earlier run still open in the book (after-market orders waiting for the open, or a run that
 * was stopped) would be placed twice by a new run: it has to be finished with `resume` first. Returns a note
 * for each earlier order in a status the table does not know (named, not waited for).
 */
export async function refuseWhileAnotherRunIsOpen(broker: Broker): Promise<string[]> {
  const earlier = (await broker.orders()).filter((o) => runIdOfTag(o.tag));
  // A status the table does not know is not waited for (it could block every run for the rest of the day): it is named instead.
  const unknown = earlier.filter((o) => !isKnownStatus(o.status));
  const notes = unknown.map(
    (o) =>
      `order ${o.order_id} of run ${runIdOfTag(o.tag)} (${o.transaction_type} ${o.quantity} ${o.tradingsymbol}) is in a status this app does not know: "${o.status}"; not waiting for it, check it in Kite`,
  );
  const open = earlier.filter((o) => isOpenStatus(o.status));
  if (open.length === 0) return notes;
  const runs = [...new Set(open.map((o) => runIdOfTag(o.tag) as string))];
  throw new AppError(
    'usage',
    `run ${runs.join(', ')} still has ${open.length} open order(s) (${open.map((o) => `${o.transaction_type} ${o.quantity} ${o.tradingsymbol}`).join(', ')}); nothing was placed`,
    {
      hint: `finish it with \`kite-rebalance resume ${runs[0]}\`, or cancel those orders in Kite`,
    },
  );
}
