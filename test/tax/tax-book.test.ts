import { describe, expect, it } from 'vitest';
import { fillsFromJournal } from '../../source/core/tax/journal-fills.js';
import { buildTaxBook } from '../../source/core/tax/tax-book.js';
import { trade } from '../support/tax-fixtures.js';

const infy = (quantity: number, averagePrice = 1500) => ({
  tradingsymbol: 'INFY',
  isin: trade('INFY', '2025-01-01', 'buy', 1, 1).isin,
  quantity,
  averagePrice,
});

describe('tax book: lots reconciled with the holdings', () => {
  it("without a tradebook: one lot at Kite's average price, date unknown, and the plan says how to import", () => {
    const book = buildTaxBook({ trades: [], holdings: [infy(20, 1234.5)], tradeDate: '2026-11-25' });
    expect(book.source).toBe('average-price');
    expect(book.lots.INFY).toEqual([{ date: null, quantity: 20, price: 1234.5, origin: 'average-price' }]);
    expect(book.notes.join(' ')).toMatch(/no tradebook imported: .*kite-rebalance lots import FILE/);
    expect(book.fy.label).toBe('2026-27');
  });

  it('shares the trades do not explain: one lot of unknown date at the average price, sold first, and a note naming the symbol and quantity', () => {
    const book = buildTaxBook({ trades: [trade('INFY', '2025-01-10', 'buy', 30, 1000)], holdings: [infy(50, 1100)], tradeDate: '2026-11-25' });
    expect(book.lots.INFY).toEqual([
      { date: null, quantity: 20, price: 1100, origin: 'unexplained' },
      { date: '2025-01-10', quantity: 30, price: 1000, origin: 'tradebook' },
    ]);
    expect(book.notes).toEqual([
      expect.stringMatching(/^INFY: the trades explain 30 of the 50 held: 20 taken as bought on an unknown date at the average price ₹1,100\.00/),
    ]);
  });

  it('more in the lots than held: the oldest are taken as gone; lots of a symbol not held are reported', () => {
    const book = buildTaxBook({
      trades: [trade('INFY', '2025-01-10', 'buy', 30, 1000), trade('INFY', '2025-05-10', 'buy', 10, 1200), trade('ITC', '2025-05-10', 'buy', 10, 400)],
      holdings: [infy(15)],
      tradeDate: '2026-11-25',
    });
    expect(book.lots.INFY).toEqual([
      { date: '2025-01-10', quantity: 5, price: 1000, origin: 'tradebook' },
      { date: '2025-05-10', quantity: 10, price: 1200, origin: 'tradebook' },
    ]);
    expect(book.notes).toEqual([
      expect.stringMatching(/^INFY: the trades leave 40 but 15 are held: the oldest 25/),
      expect.stringMatching(/^ITC: the trades leave 10 that the account does not hold/),
    ]);
  });

  it("realised gains are the financial year's only, by term, up to the trade date; journal fills get the ISIN of their symbol", () => {
    const fill = { ...trade('INFY', '2026-11-20', 'sell', 5, 1800), isin: '', source: 'journal' as const };
    const book = buildTaxBook({
      trades: [
        trade('INFY', '2024-01-10', 'buy', 20, 1000),
        trade('INFY', '2026-03-20', 'sell', 5, 1500), // FY 2025-26: not this year
        trade('INFY', '2026-04-20', 'sell', 5, 1400), // long-term, this year
        fill, // long-term, this year, from the journal
        trade('INFY', '2026-12-01', 'sell', 5, 1900), // after the trade date: ignored
      ],
      holdings: [infy(5)],
      tradeDate: '2026-11-25',
    });
    expect(book.realised).toEqual({ short: 0, long: 5 * 400 + 5 * 800 });
    expect(book.lots.INFY).toEqual([{ date: '2024-01-10', quantity: 5, price: 1000, origin: 'tradebook' }]);
    expect(book.notes).toEqual([]);
  });
});

describe("the app's own fills, from its journal", () => {
  const state = (at: string, orderId: string, view: Record<string, unknown>) => ({ at, type: 'order-state', order_id: orderId, data: view });
  const sold = { tradingsymbol: 'INFY', transaction_type: 'SELL' };

  it("each order's last state with shares filled, dated in IST; unfilled, unknown and tradebook orders left out", () => {
    const fills = fillsFromJournal(
      [
        state('2026-11-24T04:00:00.000Z', '111', { ...sold, filled_quantity: 0, average_price: null, status: 'OPEN' }),
        state('2026-11-24T04:00:02.000Z', '111', { ...sold, filled_quantity: 4, average_price: 1501.5, status: 'COMPLETE' }),
        state('2026-11-24T19:00:00.000Z', '222', { tradingsymbol: 'ITC', transaction_type: 'BUY', filled_quantity: 10, average_price: 400 }),
        state('2026-11-24T04:00:00.000Z', '333', { ...sold, filled_quantity: 0, average_price: null }),
        state('2026-11-24T04:00:00.000Z', '444', { ...sold, filled_quantity: 5, average_price: 1500 }),
        { at: '2026-11-24T04:00:00.000Z', type: 'placed', order_id: '555', data: { variety: 'regular' } },
      ],
      new Set(['444']),
    );
    expect(fills).toEqual([
      expect.objectContaining({
        symbol: 'INFY',
        side: 'sell',
        quantity: 4,
        price: 1501.5,
        date: '2026-11-24',
        orderId: '111',
        tradeId: 'order:111',
        source: 'journal',
      }),
      // 19:00 UTC is 00:30 IST the next day.
      expect.objectContaining({ symbol: 'ITC', side: 'buy', quantity: 10, date: '2026-11-25' }),
    ]);
  });
});
