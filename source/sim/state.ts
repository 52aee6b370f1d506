import type { Clock } from '../core/clock.js';
import { CdslDesk } from './cdsl.js';
import { createCalendar, type MarketCalendar } from '../core/calendar.js';
import { IdMaker, randomToken } from './ids.js';
import { Ledger } from './ledger.js';
import { KITE_LIMITS, RateLimiter, type Limits } from './limits.js';
import { OrderBook, type Trade } from './order-book.js';
import { PriceBook } from './prices.js';
import { unlistedOnNse, type Scenario } from './scenario.js';
import { tokenExpiry } from './time.js';

/** Kite's request token lives a few minutes of the person's (real) time. */
const REQUEST_TOKEN_TTL_MS = 5 * 60_000;
const DEFAULT_FILL_DELAY_MS = 400;

export interface AccessTokenInfo {
  userId: string;
  issuedAt: number;
  expiresAt: number;
}

/**
 * Everything the simulator knows, behind one object. Every read first applies the order events that
 * are due at the clock's current time, so tests can inspect it directly without any HTTP round trip.
 */
export class SimState {
  readonly prices: PriceBook;
  readonly ledger: Ledger;
  readonly book: OrderBook;
  readonly limiter: RateLimiter;
  readonly calendar: MarketCalendar;
  readonly cdsl: CdslDesk;
  private readonly accessTokens = new Map<string, AccessTokenInfo>();
  private readonly requestTokens = new Map<string, { userId: string; createdAt: number }>();

  constructor(
    readonly scenario: Scenario,
    readonly clock: Clock,
    calendar: MarketCalendar = createCalendar(),
  ) {
    this.calendar = calendar;
    this.prices = new PriceBook({
      prices: scenario.prices,
      unknownSymbols: unlistedOnNse(scenario),
      seed: scenario.seed,
      volatility: scenario.volatility,
    });
    this.ledger = new Ledger(scenario, this.prices, clock.now(), {
      semantics: scenario.holdings_semantics,
      quantityDropsAfterSale: scenario.quantity_drops_after_sale,
    });
    this.cdsl = new CdslDesk(this.ledger, clock);
    this.book = new OrderBook({
      ledger: this.ledger,
      prices: this.prices,
      calendar,
      ids: new IdMaker(),
      userId: scenario.user.user_id,
      autoProtectionPct: scenario.auto_market_protection_pct,
      fill: {
        delayMs: scenario.fill.delay_ms ?? DEFAULT_FILL_DELAY_MS,
        partial: scenario.fill.partial ?? {},
        stayOpen: scenario.fill.stay_open ?? [],
      },
      statuses: {
        cancelledAmo: scenario.statuses.cancelled_amo ?? false,
        unknown: scenario.statuses.unknown ?? {},
      },
    });
    const l = scenario.limits;
    const limits: Limits = {
      ordersPerSecond: l.orders_per_second ?? KITE_LIMITS.ordersPerSecond,
      ordersPerMinute: l.orders_per_minute ?? KITE_LIMITS.ordersPerMinute,
      ordersPerDay: l.orders_per_day ?? KITE_LIMITS.ordersPerDay,
      quotePerSecond: l.quote_per_second ?? KITE_LIMITS.quotePerSecond,
      otherPerSecond: l.other_per_second ?? KITE_LIMITS.otherPerSecond,
    };
    this.limiter = new RateLimiter(limits);
  }

  get userId(): string {
    return this.scenario.user.user_id;
  }

  /** The clock's time, after applying every order event due by then. */
  now(): number {
    const now = this.clock.now();
    this.book.sync(now);
    return now;
  }

  orders(): Record<string, unknown>[] {
    this.now();
    return this.book.all().map((o) => this.book.current(o));
  }

  orderHistory(orderId: string): Record<string, unknown>[] | null {
    this.now();
    const o = this.book.get(orderId);
    return o ? [...o.history] : null;
  }

  trades(orderId?: string): Trade[] {
    this.now();
    return this.book.trades(orderId);
  }

  holdings(): Record<string, unknown>[] {
    return this.ledger.holdingsView(this.now());
  }

  positions(): { net: Record<string, unknown>[]; day: Record<string, unknown>[] } {
    return this.ledger.positionsView(this.now());
  }

  /** Cash available for buying now (margins equity.net / available.live_balance). */
  cash(): number {
    this.now();
    return this.ledger.available();
  }

  margins(): Record<string, unknown> {
    this.now();
    return this.ledger.equityMargins();
  }

  ltp(symbol: string): number {
    return this.prices.ltp(symbol, this.now());
  }

  /** Live access tokens (read-only view). */
  get tokens(): ReadonlyMap<string, AccessTokenInfo> {
    return this.accessTokens;
  }

  issueRequestToken(userId: string = this.userId): string {
    const token = randomToken(32);
    this.requestTokens.set(token, { userId, createdAt: this.clock.now() });
    return token;
  }

  /** Single use: a request token is gone once exchanged. Returns the user id, or null when unusable. */
  redeemRequestToken(token: string): string | null {
    const rt = this.requestTokens.get(token);
    if (!rt) return null;
    this.requestTokens.delete(token);
    if (this.clock.now() - rt.createdAt > this.requestTokenTtlMs()) return null;
    return rt.userId;
  }

  hasRequestToken(token: string): boolean {
    const rt = this.requestTokens.get(token);
    return rt !== undefined && this.clock.now() - rt.createdAt <= this.requestTokenTtlMs();
  }

  /**
   * A login is done at the speed of the person (or the paper login) doing it, not of the clock: under a clock
   * running N× faster the request token lives N × 5 clock-minutes, so a fast clock never outruns a slow machine.
   */
  private requestTokenTtlMs(): number {
    return REQUEST_TOKEN_TTL_MS * Math.max(1, this.clock.scale ?? 1);
  }

  issueAccessToken(userId: string = this.userId): string {
    const token = randomToken(32);
    const now = this.clock.now();
    this.accessTokens.set(token, { userId, issuedAt: now, expiresAt: tokenExpiry(now) });
    return token;
  }

  accessTokenValid(token: string): boolean {
    const info = this.accessTokens.get(token);
    if (!info) return false;
    if (this.clock.now() >= info.expiresAt) {
      this.accessTokens.delete(token);
      return false;
    }
    return true;
  }

  invalidateAccessToken(token: string): boolean {
    return this.accessTokens.delete(token);
  }
}
