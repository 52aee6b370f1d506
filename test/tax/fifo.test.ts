import { describe, expect, it } from 'vitest';
import { buildFifo, withoutIntraday } from '../../source/core/tax/fifo.js';
import { isLongTerm, rulesForSale, taxRulesOn, financialYearOf } from '../../source/core/tax/rules.js';
import { trade } from '../support/tax-fixtures.js';

describe('holding period and rules', () => {
  it('long-term only when held more than 12 months', () => {
    expect(isLongTerm('2025-01-15', '2026-01-15', 12)).toBe(false);
    expect(isLongTerm('2025-01-15', '2026-01-16', 12)).toBe(true);
    expect(isLongTerm('2024-02-29', '2025-03-01', 12)).toBe(true);
    expect(isLongTerm(null, '2040-01-01', 12)).toBe(false);
  });

  it('rates by sale date; the exemption of the whole financial year in which the rates changed is the new one', () => {
    expect(taxRulesOn('2024-07-22')).toMatchObject({ stcgRate: 0.15, ltcgRate: 0.1 });
    expect(taxRulesOn('2024-07-23')).toMatchObject({ stcgRate: 0.2, ltcgRate: 0.125, ltcgExemption: 125_000, cess: 0.04 });
    expect(rulesForSale('2024-05-01')).toMatchObject({ stcgRate: 0.15, ltcgExemption: 125_000 });
    expect(rulesForSale('2024-03-01')).toMatchObject({ ltcgExemption: 100_000 });
    expect(financialYearOf('2026-03-31')).toEqual({ label: '2025-26', start: '2025-04-01', end: '2026-03-31' });
    expect(financialYearOf('2026-04-01').label).toBe('2026-27');
  });
});

describe('FIFO lots', () => {
  it('a sale leaves the oldest shares first, across partial sells, with each piece short- or long-term', () => {
    const book = buildFifo([
      trade('INFY', '2024-01-10', 'buy', 10, 1000),
      trade('INFY', '2025-03-01', 'buy', 10, 1500),
      trade('INFY', '2025-02-01', 'sell', 4, 1200),
      trade('INFY', '2025-06-01', 'sell', 10, 1700),
    ]);
    expect(book.disposals.map((d) => [d.date, d.quantity, d.bought, d.gain, d.term])).toEqual([
      ['2025-02-01', 4, '2024-01-10', 800, 'long'],
      ['2025-06-01', 6, '2024-01-10', 4200, 'long'],
      ['2025-06-01', 4, '2025-03-01', 800, 'short'],
    ]);
    expect([...book.open.values()]).toEqual([{ symbol: 'INFY', lots: [{ date: '2025-03-01', quantity: 6, price: 1500, origin: 'tradebook' }] }]);
    expect(book.oversold).toEqual([]);
  });

  it('a sale beyond the shares bought is reported, its unknown part not counted', () => {
    const book = buildFifo([trade('ITC', '2025-05-01', 'buy', 5, 400), trade('ITC', '2025-06-01', 'sell', 8, 450)]);
    expect(book.disposals).toHaveLength(1);
    expect(book.disposals[0]).toMatchObject({ quantity: 5, gain: 250 });
    expect(book.oversold).toEqual([{ key: expect.any(String), symbol: 'ITC', date: '2025-06-01', quantity: 3 }]);
  });

  it('a buy and a sell on the same day are intraday: matched shares never become a lot or a gain', () => {
    const trades = [
      trade('TCS', '2025-05-01', 'buy', 10, 3000, '09:20:00'),
      trade('TCS', '2025-05-02', 'buy', 5, 3100, '09:20:00'),
      trade('TCS', '2025-05-02', 'sell', 3, 3150, '11:00:00'),
    ];
    expect(withoutIntraday(trades).map((t) => [t.date, t.side, t.quantity])).toEqual([
      ['2025-05-01', 'buy', 10],
      ['2025-05-02', 'buy', 2],
    ]);
    const book = buildFifo(trades);
    expect(book.disposals).toEqual([]);
    expect([...book.open.values()][0]!.lots.map((l) => l.quantity)).toEqual([10, 2]);
  });
});
