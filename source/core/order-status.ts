/**
 * Every status an order can have in Kite's order book (reference/kite-api.md §4.10, plus the ones live
 * accounts are reported to show), and what it means for waiting: `open` — the order may still fill, so it is
 * waited for; anything else — done with. The engine's own two states of a leg (PENDING: not sent yet;
 * SKIPPED: never sent) are rows too, so that every "is this order finished?" question in the app reads this
 * one table. A status missing from it is UNKNOWN: shown verbatim, waited for only a bounded time, and never
 * taken as an open order that blocks a new run.
 */
const ORDER_STATUSES = {
  PENDING: 'open',
  SKIPPED: 'skipped',
  'PUT ORDER REQ RECEIVED': 'open',
  'AMO REQ RECEIVED': 'open',
  'VALIDATION PENDING': 'open',
  'OPEN PENDING': 'open',
  OPEN: 'open',
  'TRIGGER PENDING': 'open',
  'MODIFY VALIDATION PENDING': 'open',
  'MODIFY PENDING': 'open',
  MODIFIED: 'open',
  'CANCEL PENDING': 'open',
  COMPLETE: 'filled',
  REJECTED: 'rejected',
  CANCELLED: 'cancelled',
  'CANCELLED AMO': 'cancelled',
} as const satisfies Record<string, OrderPhase>;

export type OrderPhase = 'open' | 'filled' | 'rejected' | 'cancelled' | 'skipped';

/** A status from the table. */
export type KnownOrderState = keyof typeof ORDER_STATUSES;

/** A leg's order state: a status from the table, or UNKNOWN for one Kite reported that the table lacks. */
export type OrderState = KnownOrderState | 'UNKNOWN';

export const isKnownStatus = (status: string): status is KnownOrderState => Object.hasOwn(ORDER_STATUSES, status);

/** The phase of a status; null when the table does not know it. */
export const phaseOf = (status: string): OrderPhase | null => (isKnownStatus(status) ? ORDER_STATUSES[status] : null);

/** The order may still fill: wait for it (and count its shares as promised). */
export const isOpenStatus = (status: string): boolean => phaseOf(status) === 'open';

/** Done with: filled, rejected, cancelled or skipped. An unknown status is neither open nor final. */
export const isFinalStatus = (status: string): boolean => {
  const phase = phaseOf(status);
  return phase !== null && phase !== 'open';
};

export const isCancelledStatus = (status: string): boolean => phaseOf(status) === 'cancelled';

/** The state a leg takes for a status Kite reported. */
export const orderStateOf = (kiteStatus: string): OrderState => (isKnownStatus(kiteStatus) ? kiteStatus : 'UNKNOWN');
