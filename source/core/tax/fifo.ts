import { isLongTerm, rulesForSale, type TaxRules } from './rules.js';
import { byExecution, type Trade } from './trades.js';

/** Shares bought together, still held: the unit FIFO sells from. */
export interface Lot {
  /** yyyy-MM-dd; null when unknown (shares the trades do not explain). */
  date: string | null;
  quantity: number;
  /** Cost per share (₹). */
  price: number;
  origin: 'tradebook' | 'journal' | 'unexplained' | 'average-price';
}

/** Shares of one lot sold by one sale. */
export interface Disposal {
  key: string;
  symbol: string;
  /** Sale date. */
  date: string;
  quantity: number;
  bought: string | null;
  cost: number;
  price: number;
  gain: number;
  term: 'short' | 'long';
}

export interface Holding {
  symbol: string;
  lots: Lot[];
}

export interface FifoBook {
  /** Open lots by ISIN (or by symbol for a trade without one), oldest first. */
  open: Map<string, Holding>;
  disposals: Disposal[];
  /** Sales of more shares than the trades bought before them: their cost is unknown, so their gain is not counted. */
  oversold: { key: string; symbol: string; date: string; quantity: number }[];
}

export const lotKey = (t: Pick<Trade, 'isin' | 'symbol'>): string => t.isin || t.symbol;

/**
 * Takes `quantity` shares from the front of `lots` (FIFO: demat sales leave the oldest shares first), returning the
 * pieces taken and the lots left. Never mutates its input.
 */
export function takeFifo(lots: readonly Lot[], quantity: number): { taken: Lot[]; left: Lot[]; short: number } {
  const taken: Lot[] = [];
  const left: Lot[] = [];
  let need = quantity;
  for (const lot of lots) {
    if (need <= 0) {
      left.push(lot);
      continue;
    }
    const q = Math.min(need, lot.quantity);
    taken.push({ ...lot, quantity: q });
    if (q < lot.quantity) left.push({ ...lot, quantity: lot.quantity - q });
    need -= q;
  }
  return { taken, left, short: need };
}

/**
 * A buy and a sell of the same shares on the same day are an intraday trade (business income, not a capital gain, and
 * no delivery): the matched quantity is dropped from both sides, earliest trades first, before FIFO.
 */
export function withoutIntraday(trades: readonly Trade[]): Trade[] {
  const days = new Map<string, Trade[]>();
  for (const t of [...trades].sort(byExecution)) {
    const k = `${lotKey(t)}|${t.date}`;
    const day = days.get(k) ?? [];
    day.push(t);
    days.set(k, day);
  }
  const out: Trade[] = [];
  for (const day of days.values()) {
    const bought = day.filter((t) => t.side === 'buy').reduce((n, t) => n + t.quantity, 0);
    const sold = day.filter((t) => t.side === 'sell').reduce((n, t) => n + t.quantity, 0);
    const left = { buy: Math.min(bought, sold), sell: Math.min(bought, sold) };
    for (const t of day) {
      const drop = Math.min(left[t.side], t.quantity);
      left[t.side] -= drop;
      if (t.quantity > drop) out.push(drop === 0 ? t : { ...t, quantity: t.quantity - drop });
    }
  }
  return out.sort(byExecution);
}

/** FIFO over every trade: the lots still open and each sale's gain by lot, short- or long-term by its holding period. */
export function buildFifo(trades: readonly Trade[], rulesFor: (date: string) => TaxRules = rulesForSale): FifoBook {
  const open = new Map<string, Holding>();
  const disposals: Disposal[] = [];
  const oversold: FifoBook['oversold'] = [];
  for (const t of withoutIntraday(trades)) {
    const key = lotKey(t);
    const h = open.get(key) ?? { symbol: t.symbol, lots: [] };
    h.symbol = t.symbol;
    open.set(key, h);
    if (t.side === 'buy') {
      h.lots.push({ date: t.date, quantity: t.quantity, price: t.price, origin: t.source });
      continue;
    }
    const months = rulesFor(t.date).longTermAfterMonths;
    const { taken, left, short } = takeFifo(h.lots, t.quantity);
    h.lots = left;
    for (const lot of taken) {
      disposals.push({
        key,
        symbol: t.symbol,
        date: t.date,
        quantity: lot.quantity,
        bought: lot.date,
        cost: lot.price,
        price: t.price,
        gain: (t.price - lot.price) * lot.quantity,
        term: isLongTerm(lot.date, t.date, months) ? 'long' : 'short',
      });
    }
    if (short > 0) oversold.push({ key, symbol: t.symbol, date: t.date, quantity: short });
  }
  for (const [k, h] of open) if (h.lots.length === 0) open.delete(k);
  return { open, disposals, oversold };
}
