import { BrokerError, isBrokerError } from '../broker/port.js';
import type { KiteOrder } from '../broker/kite-types.js';

/** Anything a broker call throws, as a BrokerError (an unexpected error on a placement is treated as ambiguous). */
export function asBrokerError(e: unknown): BrokerError {
  if (isBrokerError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new BrokerError('ambiguous', 'UnknownException', message);
}

const hasTag = (o: KiteOrder, tag: string) => o.tag === tag || (o.tags ?? []).includes(tag);

/** The order carrying this tag, preferring one that was not rejected (there should be at most one). */
export function findByTag(book: readonly KiteOrder[], tag: string): KiteOrder | undefined {
  const mine = book.filter((o) => hasTag(o, tag));
  return mine.find((o) => o.status !== 'REJECTED') ?? mine[mine.length - 1];
}
