import type { Side } from './types.js';

/**
 * Zerodha equity-delivery (CNC) charges on NSE (reference/nse-market.md §3). Brokerage is ₹0.
 *
 * Rounding choice: every component is rounded to the paisa on its own, except STT, which Zerodha rounds to
 * the nearest rupee. We round per order (Zerodha rounds per contract note, i.e. per scrip and day, so real
 * STT can differ by < ₹0.50 per order). GST is 18% of (exchange + SEBI) computed before rounding.
 * The DP charge is not on the contract note: it is ₹13 + 18% GST per scrip sold per day (DP_CHARGE_PER_SCRIP).
 */
export const STT_RATE = 0.001; // 0.1%, both sides
export const SEBI_RATE = 0.000001; // ₹10 per crore
export const STAMP_RATE_BUY = 0.00015; // 0.015%, buy only
export const GST_RATE = 0.18;
/** ₹13 + 18% GST per scrip per day of sale (demat debit), outside the contract note. */
export const DP_CHARGE_PER_SCRIP = 15.34;

/**
 * NSE transaction charge incl. IPFT, as a fraction of turnover. 2024-10-01 → 2026-02-28: ₹297 + ₹10 IPFT per
 * crore; from 2026-03-01: ₹306.99 + ₹0.01 IPFT per crore (NSE/FA/73061). Both total ₹307/crore. Dates before
 * 2024-10-01 use the same uniform charge (the older slab rates are not modelled).
 */
export function exchangeRate(tradeDate: string): number {
  return tradeDate >= '2026-03-01' ? (306.99 + 0.01) / 1e7 : (297 + 10) / 1e7;
}

export interface ChargeBreakdown {
  stt: number;
  exchange: number;
  sebi: number;
  stamp: number;
  gst: number;
  total: number;
}

const paise = (rupees: number): number => Math.round(rupees * 100);

/** Contract-note charges of one delivery order of `value` rupees (DP charge excluded; see DP_CHARGE_PER_SCRIP). */
export function deliveryCharges(side: Side, value: number, tradeDate: string): ChargeBreakdown {
  if (!(value > 0)) return { stt: 0, exchange: 0, sebi: 0, stamp: 0, gst: 0, total: 0 };
  const exRaw = value * exchangeRate(tradeDate);
  const sebiRaw = value * SEBI_RATE;
  const sttP = Math.round(value * STT_RATE) * 100;
  const exP = paise(exRaw);
  const sebiP = paise(sebiRaw);
  const stampP = side === 'BUY' ? paise(value * STAMP_RATE_BUY) : 0;
  const gstP = paise((exRaw + sebiRaw) * GST_RATE);
  const totalP = sttP + exP + sebiP + stampP + gstP;
  return { stt: sttP / 100, exchange: exP / 100, sebi: sebiP / 100, stamp: stampP / 100, gst: gstP / 100, total: totalP / 100 };
}

/** Linear charge rate (fraction of value) used by the optimiser; exact charges differ by rounding only. */
export function chargeRate(side: Side, tradeDate: string): number {
  const ex = exchangeRate(tradeDate);
  return STT_RATE + ex + SEBI_RATE + (side === 'BUY' ? STAMP_RATE_BUY : 0) + GST_RATE * (ex + SEBI_RATE);
}

/** Upper bound of |exact − linear| per order: STT rounded to the rupee (≤ 0.50) + four paise roundings. */
export const ROUNDING_ALLOWANCE = 0.6;
