import type { KiteInstrument, KiteLtp } from '../../source/broker/kite-types.js';
import { BrokerError } from '../../source/broker/port.js';
import { createCalendar } from '../../source/core/calendar.js';
import { manualClock, type Clock } from '../../source/core/clock.js';
import { FakeBroker } from './fake-broker.js';

export interface QuoteBrokerOptions {
  ltp?: (instruments: string[]) => Record<string, KiteLtp>;
  /** Every ltp() call fails with this error (e.g. the free plan's 403). */
  ltpError?: Error;
  instruments?: KiteInstrument[];
  clock?: Clock;
}

/**
 * The suite's FakeBroker set up only to quote (ltp and the instruments dump), for the price-fetching tests:
 * no holdings, no cash. `ltpCalls` records each call's time and instruments.
 */
export function quoteBroker(opts: QuoteBrokerOptions) {
  const broker = new FakeBroker(opts.clock ?? manualClock(0), createCalendar(), 0, {}, {});
  if (opts.ltp) broker.quotes = opts.ltp;
  if (opts.ltpError) broker.ltpError = opts.ltpError;
  broker.instrumentRows = opts.instruments ?? [];
  return { broker, ltpCalls: broker.ltpCalls, instrumentCalls: () => broker.calls.filter((m) => m === 'instruments').length };
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
