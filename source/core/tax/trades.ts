/** One executed trade of a delivery (CNC) equity order, from the Console tradebook or the app's own journal. */
export interface Trade {
  symbol: string;
  /** Empty when unknown (a journal fill: its ISIN is taken from the tradebook or the holdings). */
  isin: string;
  /** yyyy-MM-dd (IST). */
  date: string;
  exchange: string;
  side: 'buy' | 'sell';
  quantity: number;
  price: number;
  /** Exchange trade id (tradebook); for a journal fill, `order:<order id>`. */
  tradeId: string;
  orderId: string;
  /** When it executed (ISO-like, sorts as text); orders trades of one day. */
  executedAt: string;
  source: 'tradebook' | 'journal';
}

/** The identity duplicates across tradebook files share: trade ids are per exchange. */
export const tradeKey = (t: Pick<Trade, 'exchange' | 'tradeId'>): string => `${t.exchange}:${t.tradeId}`;

/** Oldest first: by date, then execution time, then trade id. */
export const byExecution = (a: Trade, b: Trade): number =>
  a.date.localeCompare(b.date) || a.executedAt.localeCompare(b.executedAt) || a.tradeId.localeCompare(b.tradeId);
