import type {
  ChargesOrderInput,
  KiteEquityMargins,
  KiteHolding,
  KiteInstrument,
  KiteLtp,
  KiteOrder,
  KitePositions,
  KiteProfile,
  PlaceOrderParams,
  Variety,
} from './kite-types.js';

/**
 * What the app needs from a broker. The Kite adapter implements it over the official `kiteconnect`
 * client (rate-limited, errors classified into BrokerError); tests may implement it directly.
 */
export interface Broker {
  profile(): Promise<KiteProfile>;
  margins(): Promise<KiteEquityMargins>;
  holdings(): Promise<KiteHolding[]>;
  positions(): Promise<KitePositions>;
  /** Keys are "NSE:SYMBOL". Callers pass ≤ 1000 instruments; unknown ones are simply absent. */
  ltp(instruments: string[]): Promise<Record<string, KiteLtp>>;
  instruments(exchange: 'NSE'): Promise<KiteInstrument[]>;
  placeOrder(variety: Variety, params: PlaceOrderParams): Promise<{ order_id: string }>;
  orders(): Promise<KiteOrder[]>;
  orderHistory(orderId: string): Promise<KiteOrder[]>;
  cancelOrder(variety: Variety, orderId: string): Promise<{ order_id: string }>;
  charges(orders: ChargesOrderInput[]): Promise<unknown[]>;
  invalidateSession(): Promise<void>;
}

/**
 * How a failed broker call must be handled (ARCHITECTURE.md "Rules"):
 * - transient: safe to retry (429, 502/503/504 on a call that could not have created anything)
 * - ambiguous: a placement whose outcome is unknown (timeout, dropped connection, 5xx): read the order
 *   book and match by tag before any retry
 * - permanent: do not retry; show Kite's message and the hint
 * - auth: TokenException; log in again
 */
export type BrokerErrorKind = 'transient' | 'ambiguous' | 'permanent' | 'auth';

export class BrokerError extends Error {
  readonly kind: BrokerErrorKind;
  /** Kite's error_type, e.g. "MarginException", or "NetworkException" for transport failures. */
  readonly errorType: string;
  readonly httpStatus: number | undefined;
  readonly hint: string | undefined;
  constructor(kind: BrokerErrorKind, errorType: string, message: string, opts: { httpStatus?: number; hint?: string } = {}) {
    super(message);
    this.name = 'BrokerError';
    this.kind = kind;
    this.errorType = errorType;
    this.httpStatus = opts.httpStatus;
    this.hint = opts.hint;
  }
}

export const isBrokerError = (e: unknown): e is BrokerError => e instanceof BrokerError;
