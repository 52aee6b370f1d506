import { round2 } from './ticks.js';

/**
 * The simulated account as Kite's wire shows it: one holdings row, one positions row, the equity margins
 * (field for field as kite-api.md and the official mocks). The ledger (ledger.ts) keeps the numbers; this file
 * only renders them.
 */

export interface Holding {
  tradingsymbol: string;
  /** What the holdings row shows: the exchange and symbol it is reported under. */
  exchange: 'NSE' | 'BSE';
  reportedAs: string;
  isin: string;
  /** Start-of-day quantity, T1 included; it does not change during the day (today's trades are positions). */
  quantity: number;
  t1: number;
  collateral: number;
  averagePrice: number;
  /** CDSL (eDIS) authorisation: quantity authorised on `authorisedOn` (IST date); it lapses when that day ends. */
  authorised: number;
  authorisedOn: string;
}

export interface DayActivity {
  buyQty: number;
  buyValue: number;
  sellQty: number;
  sellValue: number;
  soldSettled: number;
  soldT1: number;
  authUsed: number;
}

export const emptyActivity = (): DayActivity => ({
  buyQty: 0,
  buyValue: 0,
  sellQty: 0,
  sellValue: 0,
  soldSettled: 0,
  soldT1: 0,
  authUsed: 0,
});

/** How `/portfolio/holdings` presents the quantities (docs/scenario.md, `holdings_semantics`). */
export interface HoldingsView {
  semantics: 'documented' | 'observed';
  quantityDropsAfterSale: boolean;
}

/** Prices of one symbol at the moment of the read. */
interface Quote {
  last: number;
  close: number;
  token: number;
}

export function holdingRow(h: Holding, a: DayActivity, view: HoldingsView, q: Quote & { authorisedLeft: number }): Record<string, unknown> {
  const { last, close, token } = q;
  const used = a.soldSettled + a.soldT1;
  // documented: quantity = T1 + realised (pledged included); observed: the free quantity only.
  const opening = view.semantics === 'documented' ? h.quantity : h.quantity - h.t1 - h.collateral;
  const quantity = view.quantityDropsAfterSale ? Math.max(0, opening - used) : opening;
  return {
    tradingsymbol: h.reportedAs,
    exchange: h.exchange,
    instrument_token: h.exchange === 'NSE' ? token : token + 3,
    isin: h.isin,
    product: 'CNC',
    price: 0,
    quantity,
    used_quantity: used,
    t1_quantity: h.t1,
    realised_quantity: h.quantity - h.t1,
    authorised_quantity: q.authorisedLeft,
    authorised_date: `${h.authorisedOn} 00:00:00`,
    authorisation: {},
    opening_quantity: opening,
    short_quantity: 0,
    collateral_quantity: h.collateral,
    collateral_type: h.collateral > 0 ? 'pledge' : '',
    discrepancy: false,
    average_price: h.averagePrice,
    last_price: last,
    close_price: close,
    pnl: round2((last - h.averagePrice) * h.quantity),
    day_change: round2(last - close),
    day_change_percentage: close > 0 ? ((last - close) / close) * 100 : 0,
    mtf: { quantity: 0, used_quantity: 0, average_price: 0, value: 0, initial_margin: 0 },
  };
}

export function positionRow(symbol: string, a: DayActivity, q: Quote): Record<string, unknown> {
  const { last, close, token } = q;
  const quantity = a.buyQty - a.sellQty;
  const buyPrice = a.buyQty > 0 ? a.buyValue / a.buyQty : 0;
  const sellPrice = a.sellQty > 0 ? a.sellValue / a.sellQty : 0;
  const value = round2(a.sellValue - a.buyValue);
  const pnl = round2(value + quantity * last);
  return {
    tradingsymbol: symbol,
    exchange: 'NSE',
    instrument_token: token,
    product: 'CNC',
    quantity,
    overnight_quantity: 0,
    multiplier: 1,
    average_price: quantity > 0 ? buyPrice : quantity < 0 ? sellPrice : 0,
    close_price: close,
    last_price: last,
    value,
    pnl,
    m2m: pnl,
    unrealised: pnl,
    realised: 0,
    buy_quantity: a.buyQty,
    buy_price: buyPrice,
    buy_value: round2(a.buyValue),
    buy_m2m: round2(a.buyValue),
    sell_quantity: a.sellQty,
    sell_price: sellPrice,
    sell_value: round2(a.sellValue),
    sell_m2m: round2(a.sellValue),
    day_buy_quantity: a.buyQty,
    day_buy_price: buyPrice,
    day_buy_value: round2(a.buyValue),
    day_sell_quantity: a.sellQty,
    day_sell_price: sellPrice,
    day_sell_value: round2(a.sellValue),
  };
}

export function equityMarginsRow(m: {
  cash: number;
  live: number;
  openingCash: number;
  sold: number;
  debits: number;
  unsettled: number;
}): Record<string, unknown> {
  const { cash, live, sold } = m;
  return {
    enabled: true,
    net: live,
    available: {
      adhoc_margin: 0,
      cash,
      opening_balance: m.openingCash,
      live_balance: live,
      collateral: 0,
      intraday_payin: 0,
    },
    utilised: {
      debits: round2(m.debits),
      exposure: 0,
      m2m_realised: 0,
      m2m_unrealised: 0,
      option_premium: 0,
      payout: 0,
      span: 0,
      holding_sales: round2(sold),
      turnover: 0,
      liquid_collateral: 0,
      stock_collateral: 0,
      delivery: round2(m.unsettled),
    },
  };
}

export const commodityMargins = (): Record<string, unknown> => ({
  enabled: true,
  net: 0,
  available: { adhoc_margin: 0, cash: 0, opening_balance: 0, live_balance: 0, collateral: 0, intraday_payin: 0 },
  utilised: {
    debits: 0,
    exposure: 0,
    m2m_realised: 0,
    m2m_unrealised: 0,
    option_premium: 0,
    payout: 0,
    span: 0,
    holding_sales: 0,
    turnover: 0,
    liquid_collateral: 0,
    stock_collateral: 0,
    delivery: 0,
  },
});
