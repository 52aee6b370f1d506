import { istDate } from './time.js';

/**
 * Zerodha equity-delivery (CNC) charges for the virtual contract note (nse-market.md §3):
 * brokerage 0; STT 0.1% both sides (rounded to the rupee); NSE transaction charge 0.00297% + IPFT 0.0001%
 * until 2026-02-28, 0.00307% (IPFT included) from 2026-03-01 — the same total; SEBI fee 0.0001%;
 * stamp duty 0.015% on buys; GST 18% on brokerage + transaction + SEBI fee. DP charges are not on the note.
 */
export interface ChargesInput {
  exchange?: string;
  tradingsymbol?: string;
  transaction_type?: string;
  variety?: string;
  product?: string;
  order_type?: string;
  quantity?: number;
  average_price?: number;
  price?: number;
}

const STT = 0.001;
const SEBI = 0.000001;
const STAMP_BUY = 0.00015;
const GST = 0.18;

function exchangeRate(tradeDate: string): number {
  return tradeDate < '2026-03-01' ? 0.0000297 + 0.000001 : 0.0000307;
}

export function contractNote(orders: ChargesInput[], nowMs: number): Record<string, unknown>[] {
  const rate = exchangeRate(istDate(nowMs));
  return orders.map((o) => {
    const quantity = Number(o.quantity ?? 0);
    const price = Number(o.average_price ?? o.price ?? 0);
    const turnover = quantity * price;
    const isBuy = o.transaction_type === 'BUY';
    const stt = Math.round(turnover * STT);
    const exchange = turnover * rate;
    const sebi = turnover * SEBI;
    const stamp = isBuy ? turnover * STAMP_BUY : 0;
    const gst = (0 + exchange + sebi) * GST;
    return {
      transaction_type: o.transaction_type ?? 'BUY',
      tradingsymbol: o.tradingsymbol ?? '',
      exchange: o.exchange ?? 'NSE',
      variety: o.variety ?? 'regular',
      product: o.product ?? 'CNC',
      order_type: o.order_type ?? 'MARKET',
      quantity,
      price,
      charges: {
        transaction_tax: stt,
        transaction_tax_type: 'stt',
        exchange_turnover_charge: exchange,
        sebi_turnover_charge: sebi,
        brokerage: 0,
        stamp_duty: stamp,
        gst: { igst: gst, cgst: 0, sgst: 0, total: gst },
        total: stt + exchange + sebi + stamp + gst,
      },
    };
  });
}
