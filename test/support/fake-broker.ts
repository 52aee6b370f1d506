import type { MarketCalendar } from '../../source/core/calendar.js';
import type { Clock } from '../../source/core/clock.js';
import type { KiteEquityMargins, KiteInstrument, KiteLtp, KiteOrder, KiteProfile, PlaceOrderParams, Variety } from '../../source/broker/kite-types.js';
import { BrokerError, type Broker } from '../../source/broker/port.js';

type Method = keyof Broker;
interface Fault {
  method: Method;
  error: BrokerError;
  /** placeOrder only: the order is created, then the error is thrown (a timeout after the OMS accepted it). */
  afterAccept?: boolean;
}

/**
 * A scripted broker for unit tests: market orders fill at the listed price on the next order-book read while
 * the market is open; regular orders placed while closed are REJECTED ("markets are closed"); AMOs wait for the
 * open. Faults are consumed in order per method; `calls` records every method called, in order.
 * The one fake broker of the suite.
 */
export class FakeBroker implements Broker {
  book: (KiteOrder & { placedAt: number })[] = [];
  faults: Fault[] = [];
  readonly calls: Method[] = [];
  user: KiteProfile = { user_id: 'PA0001', user_name: 'Paper Trader' };
  rejectSymbols = new Map<string, string>();
  stayOpen = new Set<string>();
  placeCalls = 0;
  /** ltp(): the answer per request (none by default), or an error every call throws; each call recorded. */
  quotes?: (instruments: string[]) => Record<string, KiteLtp>;
  ltpError?: Error;
  readonly ltpCalls: { at: number; instruments: string[] }[] = [];
  instrumentRows: KiteInstrument[] = [];
  private seq = 0;

  constructor(
    private readonly clock: Clock,
    private readonly calendar: MarketCalendar,
    public cash: number,
    public held: Record<string, number>,
    public prices: Record<string, number>,
  ) {}

  private fault(method: Method): Fault | undefined {
    this.calls.push(method);
    const i = this.faults.findIndex((f) => f.method === method);
    return i >= 0 ? this.faults.splice(i, 1)[0] : undefined;
  }

  async placeOrder(variety: Variety, p: PlaceOrderParams) {
    this.placeCalls++;
    const f = this.fault('placeOrder');
    if (f && !f.afterAccept) throw f.error;
    const order_id = String(250000000 + ++this.seq);
    this.book.push({
      order_id,
      exchange_order_id: null,
      parent_order_id: null,
      status: variety === 'amo' ? 'AMO REQ RECEIVED' : 'PUT ORDER REQ RECEIVED',
      status_message: null,
      status_message_raw: null,
      order_timestamp: '',
      exchange_timestamp: null,
      variety,
      exchange: 'NSE',
      tradingsymbol: p.tradingsymbol,
      instrument_token: 1,
      order_type: p.order_type,
      transaction_type: p.transaction_type,
      validity: 'DAY',
      product: 'CNC',
      quantity: p.quantity,
      price: 0,
      trigger_price: 0,
      average_price: 0,
      filled_quantity: 0,
      pending_quantity: p.quantity,
      cancelled_quantity: 0,
      market_protection: p.market_protection ?? 0,
      tag: p.tag ?? null,
      placedAt: this.clock.now(),
    });
    if (f) throw f.error;
    return { order_id };
  }

  private settle() {
    const now = this.clock.now();
    for (const o of this.book) {
      if (['COMPLETE', 'REJECTED', 'CANCELLED'].includes(o.status)) continue;
      if (o.variety === 'regular' && !this.calendar.isOpen(o.placedAt) && o.status === 'PUT ORDER REQ RECEIVED') {
        Object.assign(o, { status: 'REJECTED', status_message: 'Your order could not be placed as the markets are closed. Place an AMO instead.' });
        continue;
      }
      if (!this.calendar.isOpen(now)) continue;
      const price = this.prices[o.tradingsymbol]!;
      const reject = this.rejectSymbols.get(o.tradingsymbol);
      if (reject) Object.assign(o, { status: 'REJECTED', status_message: reject });
      else if (o.transaction_type === 'BUY' && price * o.quantity > this.cash + 1e-9) {
        Object.assign(o, {
          status: 'REJECTED',
          status_message: `Insufficient funds. Required margin is ${(price * o.quantity).toFixed(2)} but available margin is ${this.cash.toFixed(2)}.`,
        });
      } else if (o.transaction_type === 'SELL' && (this.held[o.tradingsymbol] ?? 0) < o.quantity) {
        Object.assign(o, { status: 'REJECTED', status_message: 'Insufficient holdings.' });
      } else if (this.stayOpen.has(o.tradingsymbol)) {
        o.status = 'OPEN';
      } else {
        const sign = o.transaction_type === 'BUY' ? 1 : -1;
        this.cash -= sign * price * o.quantity;
        this.held[o.tradingsymbol] = (this.held[o.tradingsymbol] ?? 0) + sign * o.quantity;
        Object.assign(o, { status: 'COMPLETE', filled_quantity: o.quantity, pending_quantity: 0, average_price: price, fillAt: now });
      }
    }
  }

  async orders() {
    const f = this.fault('orders');
    if (f) throw f.error;
    this.settle();
    return this.book.map((o) => ({ ...o }));
  }

  async margins(): Promise<KiteEquityMargins> {
    const f = this.fault('margins');
    if (f) throw f.error;
    this.settle();
    return {
      enabled: true,
      net: this.cash,
      available: { adhoc_margin: 0, cash: this.cash, opening_balance: this.cash, live_balance: this.cash, collateral: 0, intraday_payin: 0 },
      utilised: {},
    };
  }

  async cancelOrder(_variety: Variety, orderId: string) {
    const f = this.fault('cancelOrder');
    if (f) throw f.error;
    const o = this.book.find((x) => x.order_id === orderId);
    if (!o || ['COMPLETE', 'REJECTED', 'CANCELLED'].includes(o.status)) throw new BrokerError('permanent', 'OrderException', 'Order cannot be cancelled');
    Object.assign(o, { status: 'CANCELLED', cancelled_quantity: o.quantity - o.filled_quantity, pending_quantity: 0 });
    return { order_id: orderId };
  }

  /** Throws the next scripted fault of a method that only reads. */
  private read<T>(method: Method, value: T): Promise<T> {
    const f = this.fault(method);
    return f ? Promise.reject(f.error) : Promise.resolve(value);
  }

  async orderHistory(orderId: string) {
    return this.read(
      'orderHistory',
      this.book.filter((o) => o.order_id === orderId),
    );
  }
  async profile() {
    return this.read('profile', this.user);
  }
  async holdings() {
    return this.read('holdings', []);
  }
  async positions() {
    return this.read('positions', { net: [], day: [] });
  }
  async ltp(instruments: string[]) {
    this.ltpCalls.push({ at: this.clock.now(), instruments });
    if (this.ltpError) throw this.ltpError;
    return this.read('ltp', this.quotes ? this.quotes(instruments) : {});
  }
  async instruments() {
    return this.read('instruments', this.instrumentRows);
  }
  async charges() {
    return this.read('charges', []);
  }
  async invalidateSession() {
    await this.read('invalidateSession', undefined);
  }
  /** Like most individual apps: Kite refuses the holdings-authorisation API. */
  async authoriseHoldings(): Promise<{ request_id: string }> {
    const f = this.fault('authoriseHoldings');
    if (f) throw f.error;
    throw new BrokerError('app-refused', 'PermissionException', 'Insufficient permission for that call.', { httpStatus: 403 });
  }
}
