/**
 * Kite's replies checked before any of their numbers is used. A price of ₹1e-9, a holding of 1e20 shares,
 * cash of 1e300, a missing quantity or one sent as the string "0400" once sized real orders (issue 10); a
 * reply outside these bounds now stops the run with one line naming the call, the record and the field.
 * The bounds are far outside anything a real account shows, so no real reply trips them.
 */
import { AppError } from '../core/errors.js';
import type { KiteEquityMargins, KiteHolding, KiteLtp, KiteOrder, KitePosition, KitePositions, KiteProfile } from './kite-types.js';

/** No NSE equity trades below one tick (₹0.01) or anywhere near ₹1 crore a share. */
export const MIN_PRICE = 0.01;
export const MAX_PRICE = 10_000_000;
/** More shares than any listed company has issued in one account is a broken reply. */
export const MAX_QUANTITY = 10_000_000_000;
/** ₹10 lakh crore: more than any one account's cash or margin. */
export const MAX_RUPEES = 1e13;

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

const shown = (v: unknown): string => {
  if (v === undefined) return 'missing';
  const text = typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v));
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
};

function refuse(call: string, where: string, field: string, value: unknown, want: string): never {
  throw new AppError('broker', `Kite's ${call} reply is not plausible: ${where}${field} is ${shown(value)} (expected ${want})`, {
    hint: 'the run stopped before using it; check the account on kite.zerodha.com and try again',
  });
}

interface Checker {
  /** A price: 0 (no price) or between ₹0.01 and ₹1 crore. */
  price(rec: Rec, field: string, optional?: boolean): void;
  /** A whole number of shares, |q| ≤ MAX_QUANTITY (negative allowed only where `signed`). */
  quantity(rec: Rec, field: string, opts?: { signed?: boolean; optional?: boolean }): void;
  /** An amount of rupees (may be negative: a debit), |x| ≤ MAX_RUPEES. */
  rupees(rec: Rec, field: string, optional?: boolean): void;
  text(rec: Rec, field: string): void;
}

function checker(call: string, where: string): Checker {
  const present = (rec: Rec, field: string, optional: boolean | undefined): boolean => {
    const v = rec[field];
    if (v === undefined || v === null) {
      if (optional) return false;
      refuse(call, where, field, v, 'a number');
    }
    return true;
  };
  return {
    price(rec, field, optional) {
      if (!present(rec, field, optional)) return;
      const v = rec[field];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (v > 0 && v < MIN_PRICE) || v > MAX_PRICE) {
        refuse(call, where, field, v, `0 or a price from ₹${MIN_PRICE} to ₹${MAX_PRICE.toLocaleString('en-IN')}`);
      }
    },
    quantity(rec, field, opts = {}) {
      if (!present(rec, field, opts.optional)) return;
      const v = rec[field];
      if (typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) > MAX_QUANTITY || (!opts.signed && v < 0)) {
        refuse(call, where, field, v, `a whole number of shares${opts.signed ? '' : ' ≥ 0'}, at most ${MAX_QUANTITY.toExponential()}`);
      }
    },
    rupees(rec, field, optional) {
      if (!present(rec, field, optional)) return;
      const v = rec[field];
      if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > MAX_RUPEES)
        refuse(call, where, field, v, `an amount within ±₹${MAX_RUPEES.toExponential()}`);
    },
    text(rec, field) {
      const v = rec[field];
      if (typeof v !== 'string' || v === '') refuse(call, where, field, v, 'a non-empty string');
    },
  };
}

const label = (rec: Rec, i: number) => (typeof rec.tradingsymbol === 'string' && rec.tradingsymbol !== '' ? `${shown(rec.tradingsymbol)}: ` : `item ${i}: `);

function list(call: string, reply: unknown): Rec[] {
  if (!Array.isArray(reply)) refuse(call, '', 'the reply', reply, 'a list');
  return reply.map((item, i) => (isRecord(item) ? item : refuse(call, `item ${i}: `, 'the record', item, 'an object')));
}

export function checkHoldings(reply: unknown): KiteHolding[] {
  const rows = list('holdings', reply);
  rows.forEach((h, i) => {
    const c = checker('holdings', label(h, i));
    c.text(h, 'tradingsymbol');
    c.quantity(h, 'quantity');
    for (const f of ['t1_quantity', 'used_quantity', 'realised_quantity', 'authorised_quantity', 'opening_quantity', 'collateral_quantity'])
      c.quantity(h, f, { optional: true });
    for (const f of ['last_price', 'close_price', 'average_price']) c.price(h, f, true);
  });
  return rows as unknown as KiteHolding[];
}

function checkPositionList(call: string, reply: unknown): KitePosition[] {
  const rows = list(call, reply);
  rows.forEach((p, i) => {
    const c = checker('positions', label(p, i));
    c.text(p, 'tradingsymbol');
    c.quantity(p, 'quantity', { signed: true });
    c.quantity(p, 'overnight_quantity', { signed: true, optional: true });
    for (const f of ['buy_quantity', 'sell_quantity', 'day_buy_quantity', 'day_sell_quantity']) c.quantity(p, f, { optional: true });
    for (const f of ['last_price', 'close_price', 'average_price', 'buy_price', 'sell_price']) c.price(p, f, true);
  });
  return rows as unknown as KitePosition[];
}

export function checkPositions(reply: unknown): KitePositions {
  if (!isRecord(reply)) refuse('positions', '', 'the reply', reply, 'an object with "net" and "day"');
  return { ...(reply as unknown as KitePositions), net: checkPositionList('positions', reply.net), day: checkPositionList('positions', reply.day ?? []) };
}

export function checkMargins(equity: Rec): KiteEquityMargins {
  const c = checker('margins', '');
  c.rupees(equity, 'net');
  if (!isRecord(equity.available)) refuse('margins', '', 'available', equity.available, 'an object');
  const available = equity.available;
  const a = checker('margins', 'available.');
  for (const f of ['cash', 'live_balance', 'opening_balance', 'collateral', 'adhoc_margin', 'intraday_payin']) a.rupees(available, f, f !== 'cash');
  return equity as unknown as KiteEquityMargins;
}

export function checkLtp(reply: Rec): Record<string, KiteLtp> {
  for (const [key, quote] of Object.entries(reply)) {
    if (!isRecord(quote)) refuse('ltp', `${shown(key)}: `, 'the quote', quote, 'an object');
    checker('ltp', `${shown(key)}: `).price(quote, 'last_price');
  }
  return reply as Record<string, KiteLtp>;
}

/** A numeric order id longer than 15 digits has lost digits in JSON.parse: the order could not be found again. */
export function checkOrderId(call: string, id: unknown): string {
  if (typeof id === 'string' && /^[0-9A-Za-z-]{1,40}$/.test(id)) return id;
  if (typeof id === 'number' && Number.isSafeInteger(id) && id > 0) return String(id);
  return refuse(call, '', 'order_id', id, 'an order id as a string of digits (a number this long loses digits)');
}

export function checkOrders(call: string, reply: unknown): KiteOrder[] {
  const rows = list(call, reply);
  rows.forEach((o, i) => {
    const c = checker(call, label(o, i));
    checkOrderId(call, o.order_id);
    c.text(o, 'tradingsymbol');
    c.text(o, 'status');
    for (const f of ['quantity', 'filled_quantity']) c.quantity(o, f);
    for (const f of ['pending_quantity', 'cancelled_quantity']) c.quantity(o, f, { optional: true });
    c.price(o, 'average_price', true);
  });
  return rows as unknown as KiteOrder[];
}

export function checkProfile(reply: unknown): KiteProfile {
  if (!isRecord(reply)) refuse('profile', '', 'the reply', reply, 'an object');
  checker('profile', '').text(reply, 'user_id');
  return reply as unknown as KiteProfile;
}
