import { isBrokerError, type Broker } from '../broker/port.js';

/** Calls that create nothing at the broker: safe to send again once the session is renewed. */
const READS = ['profile', 'margins', 'holdings', 'positions', 'ltp', 'instruments', 'orders', 'orderHistory', 'charges'] as const;

export interface RenewingBroker extends Broker {
  /** Logs in again now (once, however many callers ask at the same moment) and uses the new session. */
  renew(): Promise<void>;
}

/**
 * A broker whose session can expire at any moment (Kite's end at 06:00 IST, or an invalidation) and that
 * renews it by itself: a read refused with TokenException logs in again and is sent once more. Placements and
 * cancellations are never resent here; the engine reconciles them by tag after its own re-login.
 */
export function renewingBroker(first: Broker, login: () => Promise<Broker>, onExpired: (message: string) => void): RenewingBroker {
  let current = first;
  let pending: Promise<void> | null = null;

  const renew = (): Promise<void> => {
    pending ??= login()
      .then((next) => {
        current = next;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  };

  const withRenewal =
    <A extends unknown[], R>(call: (b: Broker, ...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const used = current;
      try {
        return await call(used, ...args);
      } catch (e) {
        if (!isBrokerError(e) || e.kind !== 'session-expired') throw e;
        // Another call may already have renewed the session while this one was in flight.
        if (current === used) {
          onExpired(e.message);
          await renew();
        }
        return call(current, ...args);
      }
    };

  const facade = {
    renew,
    placeOrder: (...a: Parameters<Broker['placeOrder']>) => current.placeOrder(...a),
    cancelOrder: (...a: Parameters<Broker['cancelOrder']>) => current.cancelOrder(...a),
    invalidateSession: () => current.invalidateSession(),
    // A refused session created no request: asking again after the new login is safe.
    authoriseHoldings: withRenewal((b: Broker, items: Parameters<Broker['authoriseHoldings']>[0]) => b.authoriseHoldings(items)),
  } as Partial<RenewingBroker>;
  for (const name of READS) {
    (facade as Record<string, unknown>)[name] = withRenewal((b: Broker, ...args: unknown[]) => (b[name] as (...x: unknown[]) => Promise<unknown>)(...args));
  }
  return facade as RenewingBroker;
}
