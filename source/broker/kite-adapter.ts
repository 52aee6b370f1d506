import { KiteConnect, type Connect } from 'kiteconnect';
import type { Clock } from '../core/clock.js';
import { csvRows } from '../core/csv.js';
import { classifyKiteError } from './classify.js';
import type { ChargesOrderInput, KiteInstrument, KiteOrder, PlaceOrderParams, Variety } from './kite-types.js';
import { BrokerError, transientRead, type Broker } from './port.js';
import { checkHoldings, checkLtp, checkMargins, checkOrderId, checkOrders, checkPositions, checkProfile } from './reply-checks.js';
import { RateLimiter, type CallClass, type RateLimits } from './rate-limiter.js';
import { READ_RETRY, retryRead, type RetryPolicy } from './retry-policy.js';

export type { RateLimits } from './rate-limiter.js';

export interface KiteAdapterOptions {
  apiKey: string;
  accessToken: string;
  /** KITE_API_ROOT, e.g. https://api.kite.trade or the simulator's URL. */
  root: string;
  clock: Clock;
  /** Per-request HTTP timeout in real milliseconds (default 7000). */
  timeoutMs?: number;
  limits?: Partial<RateLimits>;
  /** Share one limiter between adapters that use the same API key / account (e.g. after a re-login). */
  rateLimiter?: RateLimiter;
  /** Called whenever Kite answers TokenException (session expired or invalidated). */
  onSessionExpired?: () => void;
  /** How reads failing transiently are retried (default READ_RETRY); tests may shorten it. */
  readRetry?: RetryPolicy;
  /** Jitter source for the retry waits (default Math.random). */
  random?: () => number;
}

export const MAX_LTP_INSTRUMENTS = 1000;

/** The published placeOrder params type lacks market_protection (kite-api.md §6.3); this is the documented cast. */
type KitePlaceParams = Parameters<Connect['placeOrder']>[1] & { market_protection?: number };
type KiteChargesParams = Parameters<Connect['getvirtualContractNote']>[0];

const TAG_PATTERN = /^[A-Za-z0-9]{1,20}$/;

/**
 * The client parses 'yyyy-MM-dd HH:mm:ss' IST strings with `new Date(s)`, i.e. in the *process* time zone
 * (kite-api.md §6.9.1), so the instant is wrong whenever TZ ≠ Asia/Kolkata. Its local-time fields are still
 * the original wall-clock fields, so reading them back recovers the exact IST string Kite sent, whatever TZ is.
 */
function wallClockString(value: Date, withTime: boolean): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const date = `${value.getFullYear()}-${p(value.getMonth() + 1)}-${p(value.getDate())}`;
  return withTime ? `${date} ${p(value.getHours())}:${p(value.getMinutes())}:${p(value.getSeconds())}` : date;
}

const ORDER_TIME_FIELDS = ['order_timestamp', 'exchange_timestamp', 'exchange_update_timestamp', 'fill_timestamp'] as const;

/** Order timestamps come back as IST 'yyyy-MM-dd HH:mm:ss' strings, never as Date. */
function normaliseOrder(order: KiteOrder): KiteOrder {
  const copy: Record<string, unknown> = { ...order };
  for (const field of ORDER_TIME_FIELDS) {
    const v = copy[field];
    if (v instanceof Date && !Number.isNaN(v.getTime())) copy[field] = wallClockString(v, true);
  }
  copy.order_id = String(order.order_id);
  return copy as unknown as KiteOrder;
}

/** The instruments dump as records, when the client hands back the raw text. */
function parseCsv(text: string): Record<string, string>[] {
  const rows = csvRows(text);
  const [header, ...body] = rows;
  if (!header) return [];
  return body.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
}

function toInstrument(row: Record<string, unknown>): KiteInstrument {
  const num = (v: unknown) => (typeof v === 'number' ? v : Number.parseFloat(String(v ?? '')));
  const expiry = row.expiry instanceof Date ? wallClockString(row.expiry, false) : String(row.expiry ?? '');
  return {
    instrument_token: String(row.instrument_token ?? ''),
    exchange_token: String(row.exchange_token ?? ''),
    tradingsymbol: String(row.tradingsymbol ?? ''),
    name: String(row.name ?? ''),
    last_price: num(row.last_price),
    expiry,
    strike: num(row.strike),
    tick_size: num(row.tick_size),
    lot_size: Number.parseInt(String(row.lot_size ?? ''), 10),
    instrument_type: String(row.instrument_type ?? ''),
    segment: String(row.segment ?? ''),
    exchange: String(row.exchange ?? ''),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Lets the classifier see the HTTP status of JSON error bodies: axios runs transformResponse on error
 * responses too, and the client passes such a body through as the rejection value. Only calls without
 * their own transformer (placement, holdings, margins, ltp, …) get the tag; it is best effort.
 */
function tagErrorStatus(kc: Connect): void {
  const instance = (kc as unknown as { requestInstance?: { defaults?: { transformResponse?: unknown } } }).requestInstance;
  const current = instance?.defaults?.transformResponse;
  if (!instance?.defaults || !Array.isArray(current)) return;
  instance.defaults.transformResponse = [
    ...current,
    (data: unknown, _headers: unknown, status?: number) => {
      if (isObject(data) && status !== undefined && (status < 200 || status > 299) && !('httpStatus' in data)) {
        Object.defineProperty(data, 'httpStatus', { value: status, enumerable: false });
      }
      return data;
    },
  ];
}

export function createKiteBroker(opts: KiteAdapterOptions): Broker {
  const { clock } = opts;
  const kc: Connect = new KiteConnect({
    api_key: opts.apiKey,
    access_token: opts.accessToken,
    root: opts.root,
    timeout: opts.timeoutMs ?? 7000,
    debug: false, // debug prints whole requests, tokens included
  });
  tagErrorStatus(kc);
  const limiter = opts.rateLimiter ?? new RateLimiter(clock, opts.limits);
  const readRetry = opts.readRetry ?? READ_RETRY;
  const random = opts.random ?? Math.random;

  /** One HTTP request: rate-limited, a resolved DataException turned into a rejection, errors classified. */
  async function once<T>(call: string, callClass: CallClass | readonly CallClass[], isPlacement: boolean, send: () => Promise<T>): Promise<T> {
    await limiter.acquire(callClass);
    try {
      const result = await send();
      // The client *resolves* with {error_type: 'DataException', …} for an unexpected content type.
      if (isObject(result) && typeof result.error_type === 'string') throw result;
      return result;
    } catch (err) {
      const classified = classifyKiteError(err, { call, isPlacement });
      if (classified.kind === 'session-expired') opts.onSessionExpired?.();
      throw classified;
    }
  }

  /** Reads retry transient failures as READ_RETRY says, waiting on the clock; nothing above retries them again. */
  function read<T>(call: string, callClass: CallClass, send: () => Promise<T>): Promise<T> {
    return retryRead(() => once(call, callClass, false, send), transientRead, clock, { policy: readRetry, random });
  }

  const malformed = (call: string, what: string) =>
    new BrokerError(call === 'placeOrder' ? 'ambiguous' : 'transient', 'DataException', `Kite sent an unexpected ${what} for ${call}`);

  return {
    profile: async () => checkProfile(await read('profile', 'other', () => kc.getProfile() as Promise<unknown>)),

    async margins() {
      const res: unknown = await read('margins', 'other', () => kc.getMargins('equity'));
      // With a segment the client resolves with the inner object, although its type says {equity?, commodity?}.
      const equity = isObject(res) && isObject(res.equity) ? res.equity : res;
      if (!isObject(equity) || typeof equity.net !== 'number') throw malformed('margins', 'margins shape');
      return checkMargins(equity);
    },

    holdings: async () => checkHoldings(await read('holdings', 'other', () => kc.getHoldings() as Promise<unknown>)),

    positions: async () => checkPositions(await read('positions', 'other', () => kc.getPositions() as Promise<unknown>)),

    async ltp(instruments) {
      if (instruments.length > MAX_LTP_INSTRUMENTS) {
        throw new RangeError(`ltp takes at most ${MAX_LTP_INSTRUMENTS} instruments per call, got ${instruments.length}`);
      }
      if (instruments.length === 0) return {};
      const res: unknown = await read('ltp', 'quote', () => kc.getLTP(instruments));
      if (!isObject(res)) throw malformed('ltp', 'quote shape');
      return checkLtp(res);
    },

    async instruments(exchange) {
      const res: unknown = await read('instruments', 'other', () => kc.getInstruments(exchange));
      // Parsed only for Content-Type exactly 'text/csv'; 'text/csv; charset=…' arrives as the raw text.
      if (typeof res !== 'string' && !Array.isArray(res)) throw malformed('instruments', 'instruments payload');
      const rows: unknown[] = typeof res === 'string' ? parseCsv(res) : res;
      // A trailing newline in the dump yields a blank last row.
      return rows.filter((r): r is Record<string, unknown> => isObject(r) && String(r.tradingsymbol ?? '') !== '').map(toInstrument);
    },

    async placeOrder(variety: Variety, params: PlaceOrderParams) {
      if (!Number.isInteger(params.quantity) || params.quantity <= 0) {
        throw new BrokerError('permanent', 'InputException', `quantity must be a positive whole number, got ${params.quantity}`);
      }
      if (params.tag !== undefined && !TAG_PATTERN.test(params.tag)) {
        throw new BrokerError('permanent', 'InputException', `order tag must be 1–20 letters or digits, got "${params.tag}"`);
      }
      // A fresh object: the client adds `variety` to whatever it is given.
      const body: KitePlaceParams = {
        exchange: params.exchange,
        tradingsymbol: params.tradingsymbol,
        transaction_type: params.transaction_type,
        quantity: params.quantity,
        product: params.product,
        order_type: params.order_type,
        validity: params.validity,
      };
      // The caller's run options decide it (core/run-options.ts); a MARKET order without it is Kite's to refuse.
      if (params.order_type === 'MARKET' && params.market_protection !== undefined) body.market_protection = params.market_protection;
      if (params.order_type === 'LIMIT' && params.price !== undefined) body.price = params.price;
      if (params.tag !== undefined) body.tag = params.tag;
      const res: unknown = await once('placeOrder', 'order', true, () => kc.placeOrder(variety, body));
      if (!isObject(res) || (typeof res.order_id !== 'string' && typeof res.order_id !== 'number')) {
        throw malformed('placeOrder', 'placement response');
      }
      return { order_id: checkOrderId('placeOrder', res.order_id) };
    },

    async orders() {
      const res: unknown = await read('orders', 'other', () => kc.getOrders());
      if (!Array.isArray(res)) throw malformed('orders', 'order book');
      return checkOrders('orders', res).map(normaliseOrder);
    },

    async orderHistory(orderId) {
      const res: unknown = await read('orderHistory', 'other', () => kc.getOrderHistory(orderId));
      if (!Array.isArray(res)) throw malformed('orderHistory', 'order history');
      return checkOrders('orderHistory', res).map(normaliseOrder);
    },

    async cancelOrder(variety, orderId) {
      // Kite's docs do not say which HTTP limit a cancellation counts against (the simulator counts it as
      // "other"), so it waits for room in both.
      const res: unknown = await once('cancelOrder', ['order', 'other'], false, () => kc.cancelOrder(variety, orderId));
      return { order_id: isObject(res) && res.order_id !== undefined ? String(res.order_id) : orderId };
    },

    async charges(orders: ChargesOrderInput[]) {
      if (orders.length === 0) return [];
      const payload = orders.map((o, i) => ({ ...o, order_id: o.order_id ?? String(i + 1) })) as unknown as KiteChargesParams;
      const res: unknown = await read('charges', 'other', () => kc.getvirtualContractNote(payload));
      if (!Array.isArray(res)) throw malformed('charges', 'contract note');
      return res;
    },

    async authoriseHoldings(items) {
      // Not in the JS client (kite-api.md §4): sent through its own HTTP instance, so the auth headers, the error
      // envelope and the status tagging are the client's. Repeated isin/quantity pairs, like the Go client.
      const form = new URLSearchParams();
      for (const i of items) {
        if (!Number.isInteger(i.quantity) || i.quantity <= 0) {
          throw new BrokerError('permanent', 'InputException', `quantity to authorise must be a positive whole number, got ${i.quantity} for ${i.isin}`);
        }
        form.append('isin', i.isin);
        form.append('quantity', String(i.quantity));
      }
      const http = (kc as unknown as { requestInstance: { request(o: unknown): Promise<unknown> } }).requestInstance;
      const send = () =>
        http.request({
          method: 'POST',
          url: '/portfolio/holdings/authorise',
          data: form.toString(),
          headers: { Authorization: `token ${opts.apiKey}:${opts.accessToken}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        });
      const res: unknown = await once('authoriseHoldings', 'other', false, send);
      if (!isObject(res) || typeof res.request_id !== 'string' || res.request_id === '') throw malformed('authoriseHoldings', 'authorisation response');
      return { request_id: res.request_id };
    },

    async invalidateSession() {
      try {
        await limiter.acquire('other');
        const res: unknown = await kc.invalidateAccessToken();
        if (isObject(res) && typeof res.error_type === 'string') throw res;
      } catch (err) {
        const classified = classifyKiteError(err, { call: 'invalidateSession', isPlacement: false });
        // An already dead session is what logging out wants.
        if (classified.kind !== 'session-expired') throw classified;
      }
    },
  };
}
