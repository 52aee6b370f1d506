import { randomBytes } from 'node:crypto';

/** Kite-like identifiers. Order ids are 19-digit strings (> 2^53, so they must stay strings). */
export class IdMaker {
  private orderSeq = 0;
  private tradeSeq = 0;
  private exchangeSeq = 0;

  orderId(nowMs: number): string {
    // ms since 2000 × 10^7 keeps 19 digits for the next few centuries.
    // A clock advanced by a fractional delay (a manual clock after a jittered backoff) must not break placement.
    const base = BigInt(Math.max(0, Math.floor(nowMs) - 946_684_800_000)) * 10_000_000n;
    return (1_000_000_000_000_000_000n + ((base + BigInt(++this.orderSeq)) % 9_000_000_000_000_000_000n)).toString();
  }

  exchangeOrderId(): string {
    return (1_300_000_000_000_000 + ++this.exchangeSeq * 7).toString();
  }

  tradeId(): string {
    return (10_000_000 + ++this.tradeSeq).toString();
  }
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random alphanumeric token (request/access tokens): unpredictable, so it uses crypto randomness. */
export function randomToken(length = 32): string {
  const bytes = randomBytes(length);
  let s = '';
  for (let i = 0; i < length; i++) s += ALNUM[bytes[i]! % ALNUM.length];
  return s;
}
