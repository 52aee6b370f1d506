import { takeFifo, type Lot } from './fifo.js';
import { isLongTerm } from './rules.js';
import type { GainsByTerm } from './year-tax.js';

/** The part of one lot a planned sell consumes. */
export interface SoldLot {
  /** yyyy-MM-dd, or null when unknown (counted short-term). */
  bought: string | null;
  quantity: number;
  cost: number;
  gain: number;
  term: 'short' | 'long';
}

export interface SellGains {
  lots: SoldLot[];
  gains: GainsByTerm;
  /** Shares sold whose purchase date is unknown. */
  unknownDate: number;
  /** Shares sold beyond the lots (none when the lots cover the holding). */
  unexplained: number;
}

/** FIFO lots a sale of `quantity` shares at `price` on `date` consumes, and its gains by term. */
export function sellGains(lots: readonly Lot[], quantity: number, price: number, date: string, longTermAfterMonths: number): SellGains {
  const { taken, short } = takeFifo(lots, quantity);
  const gains = { short: 0, long: 0 };
  let unknownDate = 0;
  const sold = taken.map((l): SoldLot => {
    const term = isLongTerm(l.date, date, longTermAfterMonths) ? 'long' : 'short';
    const gain = (price - l.price) * l.quantity;
    gains[term] += gain;
    if (l.date === null) unknownDate += l.quantity;
    return { bought: l.date, quantity: l.quantity, cost: l.price, gain, term };
  });
  return { lots: sold, gains, unknownDate, unexplained: short };
}

/**
 * Gains per share sold, as a function of the number sold, precomputed for the optimiser: `at(q)` is O(lots), with the
 * holding period of each lot judged once.
 */
export class GainCurve {
  private readonly pieces: { quantity: number; perShareShort: number; perShareLong: number }[];
  /** Shares after which each lot ends (FIFO boundaries), for the optimiser's candidate sizes. */
  readonly boundaries: number[];

  constructor(lots: readonly Lot[], price: number, date: string, longTermAfterMonths: number) {
    this.pieces = lots.map((l) => {
      const g = price - l.price;
      return isLongTerm(l.date, date, longTermAfterMonths)
        ? { quantity: l.quantity, perShareShort: 0, perShareLong: g }
        : { quantity: l.quantity, perShareShort: g, perShareLong: 0 };
    });
    let n = 0;
    this.boundaries = this.pieces.map((p) => (n += p.quantity));
  }

  /** Gains by term of selling `q` shares (shares beyond the lots: no gain counted). */
  at(q: number): GainsByTerm {
    let short = 0;
    let long = 0;
    let need = q;
    for (const p of this.pieces) {
      if (need <= 0) break;
      const n = Math.min(need, p.quantity);
      short += n * p.perShareShort;
      long += n * p.perShareLong;
      need -= n;
    }
    return { short, long };
  }
}
