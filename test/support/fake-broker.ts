import type { Clock } from '../../source/core/clock.js';
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
} from '../../source/broker/kite-types.js';
import { BrokerError, type Broker } from '../../source/broker/port.js';

export interface FakeBrokerOptions {
  clock: Clock;
  cash: number;
  /** Last traded prices by trading symbol (NSE). */
  prices: Record<string, number>;
  holdings?: Array<{ tradingsymbol: string; quantity: number; average_price?: number }>;
  user?: KiteProfile;
}

type Method = keyof Broker;

const pad = (n: number) => String(n).padStart(2, '0');
/** 'yyyy-MM-dd HH:mm:ss' in IST, as Kite writes timestamps. */
function istString(ms: number): string {
  const d = new Date(ms + 5.5 * 3600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/**
 * An in-memory Broker for unit tests of the layers above: MARKET orders fill at once at the LTP, LIMIT
 * orders fill when marketable (else stay OPEN), cash and holdings move at once (no positions, no T+1). `failNext` scripts errors; `calls`
 * records every method called, in order.
 */
export class FakeBroker implements Broker {
  readonly calls: Method[] = [];
  cash: number;
  readonly prices: Map<string, number>;
  readonly holdingQty = new Map<string, number>();
  readonly book: KiteOrder[] = [];
  private readonly scripted = new Map<Method, BrokerError[]>();
  private nextId = 1_900_000_000_000_000_000n;

  constructor(private readonly opts: FakeBrokerOptions) {
    this.cash = opts.cash;
    this.prices = new Map(Object.entries(opts.prices));
    for (const h of opts.holdings ?? []) this.holdingQty.set(h.tradingsymbol, h.quantity);
  }

  /** The next `count` calls of `method` reject with `error` (before doing anything). */
  failNext(method: Method, error: BrokerError, count = 1): void {
    const list = this.scripted.get(method) ?? [];
    for (let i = 0; i < count; i++) list.push(error);
    this.scripted.set(method, list);
  }

  private enter(method: Method): void {
    this.calls.push(method);
    const err = this.scripted.get(method)?.shift();
    if (err) throw err;
  }

  private price(symbol: string): number {
    const p = this.prices.get(symbol);
    if (p === undefined) throw new BrokerError('permanent', 'InputException', 'The instrument you are placing an order for has either expired or does not exist.');
    return p;
  }

  async profile(): Promise<KiteProfile> {
    this.enter('profile');
    return this.opts.user ?? { user_id: 'FK0001', user_name: 'Fake Trader' };
  }

  async margins(): Promise<KiteEquityMargins> {
    this.enter('margins');
    const cash = this.cash;
    return {
      enabled: true,
      net: cash,
      available: { adhoc_margin: 0, cash, opening_balance: cash, live_balance: cash, collateral: 0, intraday_payin: 0 },
      utilised: { debits: 0 },
    };
  }

  async holdings(): Promise<KiteHolding[]> {
    this.enter('holdings');
    const averages = new Map((this.opts.holdings ?? []).map((h) => [h.tradingsymbol, h.average_price]));
    return [...this.holdingQty.entries()]
      .filter(([, quantity]) => quantity > 0)
      .map(([tradingsymbol, quantity], i) => {
        const last = this.prices.get(tradingsymbol) ?? 0;
        const avg = averages.get(tradingsymbol) ?? last;
        return {
          tradingsymbol,
          exchange: 'NSE',
          instrument_token: 1000 + i,
          isin: '',
          product: 'CNC',
          quantity,
          used_quantity: 0,
          t1_quantity: 0,
          realised_quantity: quantity,
          authorised_quantity: 0,
          opening_quantity: quantity,
          collateral_quantity: 0,
          average_price: avg,
          last_price: last,
          close_price: last,
          pnl: (last - avg) * quantity,
        };
      });
  }

  /** Fills settle straight into holdings here, so there are never open positions. */
  async positions(): Promise<KitePositions> {
    this.enter('positions');
    return { net: [], day: [] };
  }

  async ltp(instruments: string[]): Promise<Record<string, KiteLtp>> {
    this.enter('ltp');
    if (instruments.length > 1000) throw new RangeError('ltp takes at most 1000 instruments per call');
    const out: Record<string, KiteLtp> = {};
    instruments.forEach((key, i) => {
      const price = this.prices.get(key.replace(/^NSE:/, ''));
      if (price !== undefined) out[key] = { instrument_token: 1000 + i, last_price: price };
    });
    return out;
  }

  async instruments(): Promise<KiteInstrument[]> {
    this.enter('instruments');
    return [...this.prices.keys()].map((s, i) => ({
      instrument_token: String(1000 + i), exchange_token: String(i + 1), tradingsymbol: s, name: s, last_price: 0,
      expiry: '', strike: 0, tick_size: 0.05, lot_size: 1, instrument_type: 'EQ', segment: 'NSE', exchange: 'NSE',
    }));
  }

  async placeOrder(variety: Variety, params: PlaceOrderParams): Promise<{ order_id: string }> {
    this.enter('placeOrder');
    const ltp = this.price(params.tradingsymbol);
    const limitOk = params.order_type === 'MARKET' || (params.transaction_type === 'BUY' ? (params.price ?? 0) >= ltp : (params.price ?? Infinity) <= ltp);
    const value = ltp * params.quantity;
    const held = this.holdingQty.get(params.tradingsymbol) ?? 0;
    if (params.transaction_type === 'BUY' && value > this.cash) {
      throw new BrokerError('permanent', 'MarginException', `Insufficient funds. Required margin is ${value.toFixed(2)} but available margin is ${this.cash.toFixed(2)}.`);
    }
    if (params.transaction_type === 'SELL' && params.quantity > held) {
      throw new BrokerError('permanent', 'HoldingException', `Insufficient holdings: ${held} of ${params.tradingsymbol} available.`);
    }
    const now = istString(this.opts.clock.now());
    const order_id = String(this.nextId++);
    if (limitOk) {
      this.cash += params.transaction_type === 'BUY' ? -value : value;
      this.holdingQty.set(params.tradingsymbol, held + (params.transaction_type === 'BUY' ? params.quantity : -params.quantity));
    }
    this.book.push({
      order_id, exchange_order_id: limitOk ? `1${order_id.slice(4)}` : null, parent_order_id: null,
      status: limitOk ? 'COMPLETE' : 'OPEN', status_message: null, status_message_raw: null,
      order_timestamp: now, exchange_timestamp: limitOk ? now : null, variety, exchange: 'NSE',
      tradingsymbol: params.tradingsymbol, instrument_token: 0, order_type: params.order_type,
      transaction_type: params.transaction_type, validity: 'DAY', product: 'CNC', quantity: params.quantity,
      price: params.price ?? 0, trigger_price: 0, average_price: limitOk ? ltp : 0,
      filled_quantity: limitOk ? params.quantity : 0, pending_quantity: limitOk ? 0 : params.quantity,
      cancelled_quantity: 0, market_protection: params.market_protection ?? (params.order_type === 'MARKET' ? -1 : 0),
      tag: params.tag ?? null,
    });
    return { order_id };
  }

  async orders(): Promise<KiteOrder[]> {
    this.enter('orders');
    return this.book.map((o) => ({ ...o }));
  }

  async orderHistory(orderId: string): Promise<KiteOrder[]> {
    this.enter('orderHistory');
    const o = this.book.find((x) => x.order_id === orderId);
    if (!o) throw new BrokerError('permanent', 'InputException', 'Invalid `order_id`.');
    return [{ ...o }];
  }

  async cancelOrder(_variety: Variety, orderId: string): Promise<{ order_id: string }> {
    this.enter('cancelOrder');
    const o = this.book.find((x) => x.order_id === orderId);
    if (!o || o.status !== 'OPEN') throw new BrokerError('permanent', 'InputException', 'Order cannot be cancelled as it is being processed or is already complete.');
    o.status = 'CANCELLED';
    o.cancelled_quantity = o.pending_quantity;
    o.pending_quantity = 0;
    return { order_id: orderId };
  }

  async charges(orders: ChargesOrderInput[]): Promise<unknown[]> {
    this.enter('charges');
    return orders.map((o) => ({ ...o, charges: { total: 0 } }));
  }

  async invalidateSession(): Promise<void> {
    this.enter('invalidateSession');
  }

  /** Like most individual apps: Kite refuses the holdings authorisation API. */
  async authoriseHoldings(): Promise<{ request_id: string }> {
    this.enter('authoriseHoldings');
    throw new BrokerError('app-refused', 'PermissionException', 'Insufficient permission for that call.', { httpStatus: 403 });
  }
}
