import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildFifo } from '../../source/core/tax/fifo.js';
import { rulesForSale } from '../../source/core/tax/rules.js';
import { mergeTradebooks, parseTradebook } from '../../source/core/tax/tradebook.js';
import { extraTax, yearTax } from '../../source/core/tax/year-tax.js';
import { tradebook, type Row } from '../support/tax-fixtures.js';

const SYMBOLS = ['INFY', 'ITC', 'TCS'];

/** A history of trades on distinct days that never sells more than is held. */
const historyArb = fc
  .array(
    fc.record({ symbol: fc.constantFrom(...SYMBOLS), buy: fc.boolean(), quantity: fc.integer({ min: 1, max: 50 }), price: fc.integer({ min: 10, max: 5000 }) }),
    {
      minLength: 1,
      maxLength: 40,
    },
  )
  .map((steps) => {
    const held: Record<string, number> = {};
    const rows: Row[] = [];
    steps.forEach((s, k) => {
      const have = held[s.symbol] ?? 0;
      const sell = !s.buy && have > 0;
      const quantity = sell ? Math.min(have, s.quantity) : s.quantity;
      held[s.symbol] = have + (sell ? -quantity : quantity);
      const day = new Date(Date.UTC(2023, 0, 2) + k * 9 * 86_400_000).toISOString().slice(0, 10);
      rows.push({ symbol: s.symbol, date: day, side: sell ? 'sell' : 'buy', quantity, price: s.price, id: String(1000 + k) });
    });
    return { rows, held };
  });

describe('FIFO properties (random histories split over many files)', () => {
  it('any split into overlapping files gives the same lots and gains; quantities and money are conserved; the oldest shares go first', () => {
    fc.assert(
      fc.property(historyArb, fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 5 }), ({ rows, held }, cuts) => {
        // Files: overlapping slices of the history (a row may be in several), together covering every row.
        const files = cuts.map(([a, b], k) => {
          const from = a % rows.length;
          const to = Math.min(rows.length, from + 1 + (b % rows.length));
          return { label: `fy${k}.csv`, trades: parseTradebook(tradebook(rows.slice(from, to)), `fy${k}.csv`) };
        });
        files.push({ label: 'all.csv', trades: parseTradebook(tradebook(rows), 'all.csv') });
        const merged = mergeTradebooks(files);
        expect(merged.trades).toHaveLength(rows.length);
        const book = buildFifo(merged.trades);
        const single = buildFifo(parseTradebook(tradebook(rows), 'one.csv'));
        expect(book).toEqual(single);
        for (const symbol of SYMBOLS) {
          const mine = rows.filter((r) => r.symbol === symbol);
          const open = [...book.open.values()].find((h) => h.symbol === symbol)?.lots ?? [];
          expect(open.reduce((n, l) => n + l.quantity, 0)).toBe(held[symbol] ?? 0);
          const sold = mine.filter((r) => r.side === 'sell');
          const disposals = book.disposals.filter((d) => d.symbol === symbol);
          expect(disposals.reduce((n, d) => n + d.quantity, 0)).toBe(sold.reduce((n, r) => n + r.quantity, 0));
          // Money: Σ proceeds − Σ bought = Σ gains − cost still held.
          const proceeds = sold.reduce((s, r) => s + r.quantity * r.price, 0);
          const bought = mine.filter((r) => r.side === 'buy').reduce((s, r) => s + r.quantity * r.price, 0);
          const gains = disposals.reduce((s, d) => s + d.gain, 0);
          expect(proceeds - bought).toBeCloseTo(gains - open.reduce((s, l) => s + l.quantity * l.price, 0), 6);
          // FIFO: what is left are the newest buys (the first of them possibly in part).
          const buys = mine.filter((r) => r.side === 'buy');
          const tail = buys.slice(buys.length - open.length);
          expect(open.map((l) => l.date)).toEqual(tail.map((r) => r.date));
          open.slice(1).forEach((l, k) => expect(l.quantity).toBe(tail[k + 1]!.quantity));
        }
        expect(book.oversold).toEqual([]);
      }),
      { numRuns: 150, seed: 20261128 },
    );
  });
});

describe('yearly tax properties', () => {
  const r = rulesForSale('2026-11-25');
  const gain = fc.integer({ min: -300_000, max: 300_000 });

  it('the exemption applies once per financial year: however the year is split into sells, their extra taxes add up to the tax of the year', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(gain, gain), { minLength: 1, maxLength: 12 }), (sells) => {
        let running = { short: 0, long: 0 };
        let sum = 0;
        for (const [short, long] of sells) {
          sum += extraTax(running, { short, long }, r);
          running = { short: running.short + short, long: running.long + long };
        }
        expect(sum).toBeCloseTo(yearTax(running, r).tax, 4);
        expect(yearTax(running, r).exemptionUsed).toBeLessThanOrEqual(125_000);
        // No split of the same year's long-term gains can use the exemption twice.
        const longOnly = sells.reduce((s, [, l]) => s + Math.max(0, l), 0);
        expect(yearTax({ short: 0, long: longOnly }, r).tax).toBeCloseTo(Math.max(0, longOnly - 125_000) * 0.125 * 1.04, 4);
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it('set-off: a long-term loss never lowers tax on short-term gains; a short-term loss lowers long-term tax; more gain never costs less tax', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500_000 }), fc.integer({ min: 0, max: 500_000 }), fc.integer({ min: 1, max: 500_000 }), (st, lt, loss) => {
        expect(yearTax({ short: st, long: -loss }, r).tax).toBeCloseTo(yearTax({ short: st, long: 0 }, r).tax, 6);
        const withShortLoss = yearTax({ short: -loss, long: lt }, r);
        expect(withShortLoss.tax).toBeCloseTo(yearTax({ short: 0, long: Math.max(0, lt - loss) }, r).tax, 6);
        expect(yearTax({ short: st + loss, long: lt }, r).tax).toBeGreaterThanOrEqual(yearTax({ short: st, long: lt }, r).tax);
        expect(yearTax({ short: st, long: lt + loss }, r).tax).toBeGreaterThanOrEqual(yearTax({ short: st, long: lt }, r).tax);
      }),
      { numRuns: 300, seed: 2 },
    );
  });
});
