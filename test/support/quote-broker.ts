import type { KiteInstrument, KiteLtp } from '../../source/broker/kite-types.js';
import { BrokerError, type Broker } from '../../source/broker/port.js';

export interface QuoteBrokerOptions {
  ltp?: (instruments: string[]) => Record<string, KiteLtp>;
  /** Every ltp() call fails with this error (e.g. the free plan's 403). */
  ltpError?: Error;
  instruments?: KiteInstrument[];
  now?: () => number;
}

/**
 * A broker that only quotes (ltp and the instruments dump), for the price-fetching tests: every other call
 * fails, so a test that reaches the account or places an order fails loudly. Records ltp calls (time and
 * instruments) and instrument-dump reads.
 */
export function quoteBroker(opts: QuoteBrokerOptions) {
  const ltpCalls: { at: number; instruments: string[] }[] = [];
  let instrumentCalls = 0;
  const notUsed = () => Promise.reject(new Error('not used in this test'));
  const broker: Broker = {
    profile: notUsed,
    margins: notUsed,
    holdings: notUsed,
    positions: notUsed,
    ltp: async (instruments) => {
      ltpCalls.push({ at: opts.now?.() ?? 0, instruments });
      if (opts.ltpError) throw opts.ltpError;
      return opts.ltp ? opts.ltp(instruments) : {};
    },
    instruments: async () => {
      instrumentCalls += 1;
      return opts.instruments ?? [];
    },
    placeOrder: notUsed,
    orders: notUsed,
    orderHistory: notUsed,
    cancelOrder: notUsed,
    charges: notUsed,
    invalidateSession: notUsed,
    authoriseHoldings: notUsed,
  };
  return { broker, ltpCalls, instrumentCalls: () => instrumentCalls };
}

/** One NSE EQ row of the instruments dump. */
export const nseInstrument = (tradingsymbol: string, last_price: number, instrument_token = 1): KiteInstrument => ({
  instrument_token,
  exchange_token: 1,
  tradingsymbol,
  name: tradingsymbol,
  last_price,
  expiry: '',
  strike: 0,
  tick_size: 0.05,
  lot_size: 1,
  instrument_type: 'EQ',
  segment: 'NSE',
  exchange: 'NSE',
});

/** The free (Personal) plan's answer to a quote call. */
export const permissionDenied = () => new BrokerError('permanent', 'PermissionException', 'Insufficient permission for that call.', { httpStatus: 403 });
