import { formatInr } from '../money.js';
import { buildFifo, takeFifo, type Lot } from './fifo.js';
import { financialYearOf, rulesForSale, type FinancialYear, type TaxRules } from './rules.js';
import type { Trade } from './trades.js';
import { NO_GAINS, type GainsByTerm } from './year-tax.js';

/** What the tax estimate of a plan starts from: the lots held now, and the financial year's gains so far. */
export interface TaxBook {
  tradeDate: string;
  fy: FinancialYear;
  rules: TaxRules;
  /** Open lots by NSE symbol (the snapshot's), oldest first. */
  lots: Record<string, Lot[]>;
  /** Gains already realised this financial year (tradebook and the app's own fills), by term. */
  realised: GainsByTerm;
  /** 'tradebook': lots from imported trades; 'average-price': none imported, Kite's average price with unknown dates. */
  source: 'tradebook' | 'average-price';
  /** Where the trades and the holdings disagree, and what was assumed. */
  notes: string[];
}

/** One holding as the tax estimate needs it (a snapshot line, with Kite's average price). */
export interface HoldingForTax {
  tradingsymbol: string;
  isin?: string;
  quantity: number;
  averagePrice?: number;
}

export const IMPORT_HINT = 'import the Console tradebook: kite-rebalance lots import FILE… (Console → Reports → Tradebook, equity, one CSV per year)';

const cost = (h: HoldingForTax) => h.averagePrice ?? 0;

/** Gives a journal fill (no ISIN) the ISIN its symbol has in the tradebook or the holdings. */
function withIsins(trades: readonly Trade[], holdings: readonly HoldingForTax[]): Trade[] {
  const isinOf = new Map<string, string>();
  for (const h of holdings) if (h.isin) isinOf.set(h.tradingsymbol, h.isin);
  for (const t of trades) if (t.isin) isinOf.set(t.symbol, t.isin);
  return trades.map((t) => (t.isin ? t : { ...t, isin: isinOf.get(t.symbol) ?? '' }));
}

/**
 * The tax book of an account on `tradeDate`: FIFO lots from the trades, reconciled with what the account holds. Shares
 * held that the trades do not explain (transfers in, IPO allotments, bonuses, splits, a missing year) become one lot of
 * unknown date at Kite's average price, sold first and counted short-term; lots beyond what is held are taken as gone,
 * oldest first. Each disagreement is a note naming the symbol and the quantity.
 */
export function buildTaxBook(input: { trades: readonly Trade[]; holdings: readonly HoldingForTax[]; tradeDate: string }): TaxBook {
  const { tradeDate } = input;
  const fy = financialYearOf(tradeDate);
  const rules = rulesForSale(tradeDate);
  const held = input.holdings.filter((h) => h.quantity > 0);
  if (input.trades.length === 0) {
    const lots = Object.fromEntries(held.map((h) => [h.tradingsymbol, [{ date: null, quantity: h.quantity, price: cost(h), origin: 'average-price' } as Lot]]));
    const notes = held.length
      ? [`no tradebook imported: gains are from Kite's average price and holding periods are unknown (counted short-term); ${IMPORT_HINT}`]
      : [];
    return { tradeDate, fy, rules, lots, realised: NO_GAINS, source: 'average-price', notes };
  }

  const fifo = buildFifo(
    withIsins(input.trades, input.holdings).filter((t) => t.date <= tradeDate),
    rulesForSale,
  );
  const realised = { short: 0, long: 0 };
  for (const d of fifo.disposals) if (d.date >= fy.start && d.date <= tradeDate) realised[d.term] += d.gain;
  const notes: string[] = [];
  for (const o of fifo.oversold) {
    notes.push(`${o.symbol}: sold ${o.quantity} more on ${o.date} than the trades bought before (an earlier year missing?): that part's gain is not counted`);
  }
  const lots: Record<string, Lot[]> = {};
  const used = new Set<string>();
  for (const h of held) {
    const key = h.isin && fifo.open.has(h.isin) ? h.isin : [...fifo.open.keys()].find((k) => fifo.open.get(k)!.symbol === h.tradingsymbol);
    const open = key ? fifo.open.get(key)!.lots : [];
    if (key) used.add(key);
    const explained = open.reduce((n, l) => n + l.quantity, 0);
    if (explained < h.quantity) {
      const missing = h.quantity - explained;
      lots[h.tradingsymbol] = [{ date: null, quantity: missing, price: cost(h), origin: 'unexplained' }, ...open];
      notes.push(
        `${h.tradingsymbol}: the trades explain ${explained} of the ${h.quantity} held: ${missing} taken as bought on an unknown date at the average price ${formatInr(cost(h))} (counted short-term)`,
      );
    } else if (explained > h.quantity) {
      lots[h.tradingsymbol] = takeFifo(open, explained - h.quantity).left;
      notes.push(
        `${h.tradingsymbol}: the trades leave ${explained} but ${h.quantity} are held: the oldest ${explained - h.quantity} taken as gone (sold or moved elsewhere)`,
      );
    } else lots[h.tradingsymbol] = open;
  }
  for (const [key, h] of fifo.open) {
    if (used.has(key)) continue;
    const n = h.lots.reduce((s, l) => s + l.quantity, 0);
    notes.push(`${h.symbol}: the trades leave ${n} that the account does not hold (sold or moved elsewhere?)`);
  }
  return { tradeDate, fy, rules, lots, realised, source: 'tradebook', notes };
}
