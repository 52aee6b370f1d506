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
  /**
   * Starts a CDSL (eDIS) authorisation of these quantities for sale (`POST /portfolio/holdings/authorise`); the
   * user completes it with the TPIN on Kite's page for the returned request id. Many apps get 403
   * PermissionException here (a permanent BrokerError).
   */
  authoriseHoldings(items: { isin: string; quantity: number }[]): Promise<{ request_id: string }>;
  invalidateSession(): Promise<void>;
}

/**
 * Why a broker call failed, and so how the caller must handle it (docs/architecture.md, "Rules"). Only broker/
 * reads Kite's words to decide this; every layer above reads the kind.
 * - transient: safe to retry, nothing was created (429 rate limit, 5xx on a read, connection refused); for a
 *   rejected order: a passing problem at the OMS or exchange
 * - ambiguous: a placement whose outcome is unknown (timeout, dropped connection, 5xx): read the order book
 *   and match by tag before any retry
 * - permanent: this request is refused for good; show Kite's message and the hint
 * - market-closed: refused because the market is not open (yet); fine again once it is
 * - insufficient-funds: not enough money for this buy; a smaller one may pass
 * - needs-authorisation: the holdings must be authorised at the depository first (HTTP 428, CDSL eDIS/TPIN)
 * - app-refused: refused for the whole app or machine (static IP, plan, permission); every similar call fails
 * - order-cap: the account's daily order cap is reached; no order goes through until tomorrow
 * - session-expired: TokenException; log in again
 */
export type BrokerErrorKind =
  'transient' | 'ambiguous' | 'permanent' | 'market-closed' | 'insufficient-funds' | 'needs-authorisation' | 'app-refused' | 'order-cap' | 'session-expired';

export class BrokerError extends Error {
  readonly kind: BrokerErrorKind;
  /** Kite's error_type, e.g. "MarginException", or "NetworkException" for transport failures. `message` is Kite's own words. */
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

/** How a failed read is retried (broker/retry-policy.ts retryRead): only transient failures, 429s more slowly. */
export const transientRead = (err: unknown): { transient: boolean; rateLimited: boolean } => ({
  transient: err instanceof BrokerError && err.kind === 'transient',
  rateLimited: err instanceof BrokerError && err.httpStatus === 429,
});
