import type { Trade } from '../../source/core/tax/trades.js';

/** Console tradebook CSV text for tests, in Console's column order. */
export const TRADEBOOK_HEADER = 'symbol,isin,trade_date,exchange,segment,series,trade_type,auction,quantity,price,trade_id,order_id,order_execution_time';

export interface Row {
  symbol: string;
  isin?: string;
  date: string;
  side: 'buy' | 'sell';
  quantity: number;
  price: number;
  id: string;
  exchange?: string;
  time?: string;
}

export const ISINS: Record<string, string> = {
  INFY: 'INE009A01021',
  ITC: 'INE154A01025',
  TCS: 'INE467B01029',
  HDFCBANK: 'INE040A01034',
  RELIANCE: 'INE002A01018',
};

export const tradebookRow = (r: Row): string =>
  [
    r.symbol,
    r.isin ?? ISINS[r.symbol] ?? 'INE000A01000',
    r.date,
    r.exchange ?? 'NSE',
    'EQ',
    'EQ',
    r.side,
    'false',
    r.quantity.toFixed(6),
    r.price.toFixed(6),
    r.id,
    `1100000${r.id}`,
    `${r.date}T${r.time ?? '09:30:00'}`,
  ].join(',');

export const tradebook = (rows: Row[]): string => [TRADEBOOK_HEADER, ...rows.map(tradebookRow)].join('\n') + '\n';

let n = 0;
/** A tradebook trade; ids count up so every trade is distinct. */
export const trade = (symbol: string, date: string, side: 'buy' | 'sell', quantity: number, price: number, time = '10:00:00'): Trade => ({
  symbol,
  isin: `INE${symbol.padEnd(8, 'X').slice(0, 8)}1`,
  date,
  exchange: 'NSE',
  side,
  quantity,
  price,
  tradeId: String(++n),
  orderId: String(n),
  executedAt: `${date}T${time}`,
  source: 'tradebook',
});
