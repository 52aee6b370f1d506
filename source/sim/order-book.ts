import type { MarketCalendar } from '../core/calendar.js';
import { isFinalStatus } from '../core/order-status.js';
import type { Ledger } from './ledger.js';
import type { PriceBook } from './prices.js';
import type { IdMaker } from './ids.js';
import { round2, roundToTick } from './ticks.js';
import { kiteTime, kiteTimestamp } from './time.js';

/**
 * A regular MARKET order that reaches validation inside the closing auction window (15:15–15:35 IST from 2026-08-03).
 * The wording is the simulator's own: Kite's answer to such an order is not documented (UNCONFIRMED).
 */
export const CLOSING_AUCTION_REJECTION = 'Your order could not be placed as continuous trading has ended for the day (closing auction session).';
export const CLOSING_AUCTION_REJECTION_RAW = 'RMS:Continuous market closed for the segment NSE (closing auction session)';
/** Worst slippage of a market fill against the LTP (5 bp); fills never go beyond the protection price either. */
export const MAX_SLIPPAGE = 0.0005;

/** The statuses this simulator plays; a scenario may add one Kite does not document (`statuses.unknown`). */
export type OrderStatus =
  | 'PUT ORDER REQ RECEIVED'
  | 'AMO REQ RECEIVED'
  | 'VALIDATION PENDING'
  | 'OPEN PENDING'
  | 'OPEN'
  | 'CANCEL PENDING'
  | 'COMPLETE'
  | 'CANCELLED'
  | 'CANCELLED AMO'
  | 'REJECTED'
  | (string & {});

export interface PlaceInput {
  variety: 'regular' | 'amo';
  tradingsymbol: string;
  transaction_type: 'BUY' | 'SELL';
  order_type: 'MARKET' | 'LIMIT';
  quantity: number;
  price: number;
  market_protection: number;
  tag: string | null;
}

interface OrderRec extends PlaceInput {
  order_id: string;
  instrumentToken: number;
  placedAt: number;
  /** When the normal lifecycle starts: placement, or the session open for an AMO. */
  lifeStart: number;
  updatedAt: number;
  status: OrderStatus;
  statusMessage: string | null;
  statusMessageRaw: string | null;
  exchangeOrderId: string | null;
  exchangeAt: number | null;
  filled: number;
  averagePrice: number;
  cancelled: number;
  refPrice: number;
  blockPerShare: number;
  history: Record<string, unknown>[];
}

type Step = 'validate' | 'open-pending' | 'open' | 'fill' | 'expire';
interface Pending {
  at: number;
  seq: number;
  order: OrderRec;
  step: Step;
}

export interface FillRules {
  delayMs: number;
  partial: Record<string, number>;
  stayOpen: string[];
}

/** Statuses where live Kite may differ from its docs (scenario `statuses`). */
export interface StatusRules {
  /** An AMO cancelled before the open ends "CANCELLED AMO" (else "CANCELLED"). */
  cancelledAmo: boolean;
  /** Orders for these symbols go to this undocumented status after validation and stay there until cancelled. */
  unknown: Record<string, string>;
}

export interface Trade {
  trade_id: string;
  order_id: string;
  exchange: 'NSE';
  tradingsymbol: string;
  instrument_token: number;
  product: 'CNC';
  average_price: number;
  quantity: number;
  exchange_order_id: string;
  transaction_type: 'BUY' | 'SELL';
  fill_timestamp: string;
  order_timestamp: string;
  exchange_timestamp: string;
}

/**
 * Orders and their lifecycle, evaluated lazily: every transition is an event at a clock instant, and
 * `sync(now)` applies all due events in time order. The outcome therefore depends only on the clock
 * and the requests, never on real time or on how often someone polls.
 */
export class OrderBook {
  private readonly orders = new Map<string, OrderRec>();
  private readonly pending: Pending[] = [];
  private readonly tradesList: Trade[] = [];
  private seq = 0;

  constructor(
    private readonly deps: {
      ledger: Ledger;
      prices: PriceBook;
      calendar: MarketCalendar;
      ids: IdMaker;
      fill: FillRules;
      statuses?: StatusRules;
      userId: string;
      /** What `market_protection=-1` (automatic) means here, in %; Kite's real auto value is not published. */
      autoProtectionPct: number;
    },
  ) {}

  sync(now: number): void {
    for (;;) {
      const next = this.pending[0];
      if (!next || next.at > now) return;
      this.pending.shift();
      this.apply(next);
    }
  }

  place(input: PlaceInput, now: number): OrderRec {
    const order: OrderRec = {
      ...input,
      order_id: this.deps.ids.orderId(now),
      instrumentToken: this.deps.prices.instrumentToken(input.tradingsymbol),
      placedAt: now,
      lifeStart: now,
      updatedAt: now,
      status: input.variety === 'amo' ? 'AMO REQ RECEIVED' : 'PUT ORDER REQ RECEIVED',
      statusMessage: null,
      statusMessageRaw: null,
      exchangeOrderId: null,
      exchangeAt: null,
      filled: 0,
      averagePrice: 0,
      cancelled: 0,
      refPrice: 0,
      blockPerShare: 0,
      history: [],
    };
    this.orders.set(order.order_id, order);
    this.snapshot(order, now);
    if (input.variety === 'amo') order.lifeStart = this.deps.calendar.nextSession(now).openMs;
    this.schedule(order, 'validate', order.lifeStart + this.deps.fill.delayMs * 0.2);
    return order;
  }

  /** Cancels a live order. Returns an error message when it cannot be cancelled. */
  cancel(orderId: string, now: number): string | null {
    const order = this.orders.get(orderId);
    if (!order) return 'Invalid `order_id`.';
    if (isFinalStatus(order.status)) {
      return `Order cannot be cancelled as it is already ${order.status === 'COMPLETE' ? 'completed' : order.status.toLowerCase()}.`;
    }
    const amoBeforeOpen = order.status === 'AMO REQ RECEIVED';
    this.unschedule(order);
    this.setStatus(order, 'CANCEL PENDING', now);
    this.releaseRemainder(order);
    order.cancelled = order.quantity - order.filled;
    this.setStatus(order, amoBeforeOpen && this.deps.statuses?.cancelledAmo ? 'CANCELLED AMO' : 'CANCELLED', now);
    return null;
  }

  get(orderId: string): OrderRec | undefined {
    return this.orders.get(orderId);
  }

  all(): OrderRec[] {
    return [...this.orders.values()];
  }

  current(order: OrderRec): Record<string, unknown> {
    return order.history[order.history.length - 1]!;
  }

  trades(orderId?: string): Trade[] {
    return orderId === undefined ? [...this.tradesList] : this.tradesList.filter((t) => t.order_id === orderId);
  }

  private schedule(order: OrderRec, step: Step, at: number): void {
    const p: Pending = { at, seq: ++this.seq, order, step };
    let i = this.pending.length;
    while (i > 0 && this.pending[i - 1]!.at > at) i--;
    this.pending.splice(i, 0, p);
  }

  private unschedule(order: OrderRec): void {
    for (let i = this.pending.length - 1; i >= 0; i--) if (this.pending[i]!.order === order) this.pending.splice(i, 1);
  }

  private apply({ order, step, at }: Pending): void {
    const { delayMs } = this.deps.fill;
    switch (step) {
      case 'validate':
        if (this.validate(order, at)) this.schedule(order, 'open-pending', order.lifeStart + delayMs * 0.4);
        return;
      case 'open-pending': {
        const odd = this.deps.statuses?.unknown[order.tradingsymbol];
        if (odd !== undefined) {
          this.setStatus(order, odd, at);
          return;
        }
        this.setStatus(order, 'OPEN PENDING', at);
        this.schedule(order, 'open', order.lifeStart + delayMs * 0.6);
        return;
      }
      case 'open': {
        order.exchangeOrderId = this.deps.ids.exchangeOrderId();
        order.exchangeAt = at;
        this.setStatus(order, 'OPEN', at);
        this.schedule(order, 'fill', Math.max(at, order.lifeStart + delayMs));
        const session = this.deps.calendar.sessionAt(at);
        if (session && session.closeMs > at) this.schedule(order, 'expire', session.closeMs);
        return;
      }
      case 'fill':
        this.fill(order, at);
        return;
      case 'expire':
        if (order.status === 'OPEN') {
          this.unschedule(order);
          this.releaseRemainder(order);
          order.cancelled = order.quantity - order.filled;
          order.statusMessage = 'Order cancelled by the exchange at the end of the session (DAY validity).';
          this.setStatus(order, 'CANCELLED', at);
        }
        return;
    }
  }

  private validate(order: OrderRec, at: number): boolean {
    const { ledger, prices, calendar } = this.deps;
    this.setStatus(order, 'VALIDATION PENDING', at);
    if (!calendar.isOpen(at)) {
      this.reject(order, at, 'Your order could not be placed as the markets are closed. Place an AMO instead.', 'RMS:Markets are closed for the segment NSE');
      return false;
    }
    const auction = calendar.sessionAt(at)?.closingAuction;
    if (auction && order.order_type === 'MARKET' && at >= auction.startMs && at < auction.endMs) {
      // From 2026-08-03 continuous trading stops at 15:15 (NSE closing auction). Kite's wording is unknown.
      this.reject(order, at, CLOSING_AUCTION_REJECTION, CLOSING_AUCTION_REJECTION_RAW);
      return false;
    }
    order.refPrice = prices.ltp(order.tradingsymbol, at);
    if (order.transaction_type === 'BUY') {
      // A protected MARKET buy is a limit at the protection price: its funds are blocked at that price, not at the LTP.
      const perShare = order.order_type === 'LIMIT' ? order.price : this.band(order);
      const required = round2(perShare * order.quantity);
      const available = ledger.available();
      if (required > available) {
        const r = required.toFixed(2);
        const a = available.toFixed(2);
        this.reject(
          order,
          at,
          `Insufficient funds. Required margin is ${r} but available margin is ${a}. Check the orderbook for open orders.`,
          `RMS:Margin Exceeds,Required:${r}, Available:${a} for entity account-${this.deps.userId} across exchange across segment across product `,
        );
        return false;
      }
      order.blockPerShare = perShare;
      ledger.block(required);
    } else {
      const sellable = ledger.sellable(order.tradingsymbol);
      if (order.quantity > sellable) {
        this.reject(
          order,
          at,
          `Insufficient holdings. You can sell at most ${sellable} ${order.tradingsymbol} but the order is for ${order.quantity}.`,
          `RMS:Holding Exceeds,Required:${order.quantity}, Available:${sellable} for entity account-${this.deps.userId} for NSE:${order.tradingsymbol}`,
        );
        return false;
      }
      ledger.reserveSell(order.tradingsymbol, order.quantity);
    }
    return true;
  }

  /** The protection limit price of a market order (buy: above, sell: below the reference LTP). */
  private band(order: OrderRec): number {
    const pct = this.protectionPct(order);
    const tick = this.deps.prices.tick(order.tradingsymbol);
    return order.transaction_type === 'BUY'
      ? roundToTick(order.refPrice * (1 + pct / 100), tick, 'down')
      : roundToTick(order.refPrice * (1 - pct / 100), tick, 'up');
  }

  private protectionPct(order: OrderRec): number {
    return order.market_protection === -1 ? this.deps.autoProtectionPct : order.market_protection;
  }

  private fill(order: OrderRec, at: number): void {
    const { prices, ledger, fill } = this.deps;
    const sym = order.tradingsymbol;
    if (order.status !== 'OPEN' || fill.stayOpen.includes(sym)) return;
    const ltp = prices.ltp(sym, at);
    const tick = prices.tick(sym);
    const isBuy = order.transaction_type === 'BUY';
    let price: number;
    if (order.order_type === 'LIMIT') {
      if (isBuy ? order.price < ltp : order.price > ltp) return; // not marketable: rests OPEN
      price = ltp;
    } else {
      const slip = MAX_SLIPPAGE * prices.jitter(sym, this.seq);
      price = isBuy
        ? Math.min(roundToTick(ltp * (1 + slip), tick, 'down'), this.band(order), order.blockPerShare)
        : Math.max(roundToTick(ltp * (1 - slip), tick, 'up'), this.band(order));
    }
    const fraction = fill.partial[sym];
    const qty = fraction === undefined ? order.quantity : Math.floor(order.quantity * fraction);
    if (qty <= 0) return;
    if (isBuy) {
      ledger.applyBuy(sym, qty, price);
      ledger.release(round2(qty * order.blockPerShare));
    } else {
      ledger.applySell(sym, qty, price);
      ledger.unreserveSell(sym, qty);
    }
    order.filled = qty;
    order.averagePrice = price;
    this.tradesList.push({
      trade_id: this.deps.ids.tradeId(),
      order_id: order.order_id,
      exchange: 'NSE',
      tradingsymbol: sym,
      instrument_token: order.instrumentToken,
      product: 'CNC',
      average_price: price,
      quantity: qty,
      exchange_order_id: order.exchangeOrderId!,
      transaction_type: order.transaction_type,
      fill_timestamp: kiteTimestamp(at),
      order_timestamp: kiteTime(at),
      exchange_timestamp: kiteTimestamp(at),
    });
    this.setStatus(order, qty === order.quantity ? 'COMPLETE' : 'OPEN', at);
  }

  private releaseRemainder(order: OrderRec): void {
    const remaining = order.quantity - order.filled;
    if (order.refPrice === 0 || remaining <= 0) return; // never validated: nothing blocked
    if (order.transaction_type === 'BUY') this.deps.ledger.release(round2(remaining * order.blockPerShare));
    else this.deps.ledger.unreserveSell(order.tradingsymbol, remaining);
  }

  private reject(order: OrderRec, at: number, message: string, raw: string): void {
    order.statusMessage = message;
    order.statusMessageRaw = raw;
    this.setStatus(order, 'REJECTED', at);
  }

  private setStatus(order: OrderRec, status: OrderStatus, at: number): void {
    order.status = status;
    order.updatedAt = at;
    this.snapshot(order, at);
  }

  private snapshot(order: OrderRec, at: number): void {
    const terminal = isFinalStatus(order.status);
    const pct = this.protectionPct(order);
    const snap: Record<string, unknown> = {
      account_id: this.deps.userId,
      placed_by: this.deps.userId,
      order_id: order.order_id,
      exchange_order_id: order.exchangeOrderId,
      parent_order_id: null,
      status: order.status,
      status_message: order.statusMessage,
      status_message_raw: order.statusMessageRaw,
      order_timestamp: kiteTimestamp(at),
      exchange_update_timestamp: order.exchangeAt === null ? null : kiteTimestamp(at),
      exchange_timestamp: order.exchangeAt === null ? null : kiteTimestamp(order.exchangeAt),
      variety: order.variety,
      modified: false,
      exchange: 'NSE',
      tradingsymbol: order.tradingsymbol,
      instrument_token: order.instrumentToken,
      order_type: order.order_type,
      transaction_type: order.transaction_type,
      validity: 'DAY',
      validity_ttl: 0,
      product: 'CNC',
      quantity: order.quantity,
      disclosed_quantity: 0,
      price: order.price,
      trigger_price: 0,
      average_price: order.averagePrice,
      filled_quantity: order.filled,
      pending_quantity: terminal ? 0 : order.quantity - order.filled,
      cancelled_quantity: order.cancelled,
      market_protection: order.market_protection,
      meta: {},
      tag: order.tag,
      guid: `sim-${order.order_id.slice(-8)}`,
    };
    if (order.order_type === 'MARKET') snap.tags = ['mktp', `mktp:${pct.toFixed(2)}`];
    order.history.push(snap);
  }
}
