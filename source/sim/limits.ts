import { istDate } from './time.js';

export type RateClass = 'order' | 'quote' | 'other' | 'none';

export interface Limits {
  ordersPerSecond: number;
  ordersPerMinute: number;
  ordersPerDay: number;
  quotePerSecond: number;
  otherPerSecond: number;
}

export const KITE_LIMITS: Limits = {
  ordersPerSecond: 10,
  ordersPerMinute: 400,
  ordersPerDay: 5000,
  quotePerSecond: 1,
  otherPerSecond: 10,
};

/** Fixed windows (calendar second / minute / IST day of the clock), as Kite counts them. */
class WindowCounter {
  private key = '';
  private count = 0;
  hit(key: string, limit: number): boolean {
    if (key !== this.key) {
      this.key = key;
      this.count = 0;
    }
    if (this.count >= limit) return false;
    this.count++;
    return true;
  }
}

export type LimitVerdict = { ok: true } | { ok: false; message: string };

export class RateLimiter {
  private readonly orderSecond = new WindowCounter();
  private readonly orderMinute = new WindowCounter();
  private readonly orderDay = new WindowCounter();
  private readonly quote = new WindowCounter();
  private readonly other = new WindowCounter();

  constructor(private readonly limits: Limits) {}

  check(cls: RateClass, nowMs: number): LimitVerdict {
    const sec = String(Math.floor(nowMs / 1000));
    const tooMany: LimitVerdict = { ok: false, message: 'Too many requests' };
    switch (cls) {
      case 'none':
        return { ok: true };
      case 'quote':
        return this.quote.hit(sec, this.limits.quotePerSecond) ? { ok: true } : tooMany;
      case 'other':
        return this.other.hit(sec, this.limits.otherPerSecond) ? { ok: true } : tooMany;
      case 'order': {
        // every placement request counts toward the day cap, refused ones included (Kite counts rejected requests too)
        if (!this.orderDay.hit(istDate(nowMs), this.limits.ordersPerDay)) {
          return { ok: false, message: 'Maximum allowed order requests exceeded' };
        }
        if (!this.orderMinute.hit(String(Math.floor(nowMs / 60_000)), this.limits.ordersPerMinute)) return tooMany;
        if (!this.orderSecond.hit(sec, this.limits.ordersPerSecond)) return tooMany;
        return { ok: true };
      }
    }
  }
}
