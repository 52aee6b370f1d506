import { describe, expect, it } from 'vitest';
import { AppError } from '../../source/core/errors.js';
import { mergeTradebooks, parseTradebook } from '../../source/core/tax/tradebook.js';
import { TRADEBOOK_HEADER, tradebook } from '../support/tax-fixtures.js';

const messageOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).exitCode).toBe(2);
    return (e as AppError).message;
  }
  throw new Error('expected an error');
};

describe('Console tradebook parsing', () => {
  it('reads every trade of an equity tradebook as downloaded (BOM, CRLF, quoted fields, decimals)', () => {
    const text =
      '\uFEFF' +
      TRADEBOOK_HEADER +
      '\r\n' +
      '"INFY",INE009A01021,2025-04-07,NSE,EQ,EQ,buy,false,10.000000,1450.500000,"55501",1100000055501,2025-04-07T09:20:11\r\n' +
      'INFY,INE009A01021,2025-06-02,BSE,EQ,EQ,sell,false,4.000000,1600.000000,77001,1100000077001,2025-06-02T10:01:00\r\n';
    const trades = parseTradebook(text, 'tb-2025.csv');
    expect(trades).toEqual([
      {
        symbol: 'INFY',
        isin: 'INE009A01021',
        date: '2025-04-07',
        exchange: 'NSE',
        side: 'buy',
        quantity: 10,
        price: 1450.5,
        tradeId: '55501',
        orderId: '1100000055501',
        executedAt: '2025-04-07T09:20:11',
        source: 'tradebook',
      },
      expect.objectContaining({ side: 'sell', quantity: 4, price: 1600, exchange: 'BSE', date: '2025-06-02' }),
    ]);
  });

  it('accepts the file saved again by a spreadsheet (dd-mm-yyyy dates, columns reordered)', () => {
    const cols = TRADEBOOK_HEADER.split(',').reverse();
    const row: Record<string, string> = {
      symbol: 'ITC',
      isin: 'INE154A01025',
      trade_date: '07/04/2025',
      exchange: 'NSE',
      segment: 'EQ',
      series: 'EQ',
      trade_type: 'BUY',
      auction: 'false',
      quantity: '100',
      price: '410.1',
      trade_id: '9',
      order_id: '1',
      order_execution_time: '07/04/2025 09:15',
    };
    const [t] = parseTradebook(`${cols.join(',')}\n${cols.map((c) => row[c]).join(',')}\n`, 'x.csv');
    expect(t).toMatchObject({ symbol: 'ITC', date: '2025-04-07', side: 'buy', quantity: 100, price: 410.1 });
  });

  it.each([
    ['', /^empty\.csv: the file is empty$/],
    ['symbol,price\nINFY,1500\n', /^f\.csv: row 1: not a Zerodha Console equity tradebook \(no column isin, trade_date, .*order_execution_time\)/],
    [
      tradebook([{ symbol: 'INFY', date: '2025-04-07', side: 'buy', quantity: 10, price: 1450, id: '1' }]).replace(',EQ,EQ,', ',FO,EQ,'),
      /^f\.csv: row 2: segment "FO": only the equity tradebook/,
    ],
    [
      tradebook([{ symbol: 'INFY', date: '2025-02-30', side: 'buy', quantity: 10, price: 1450, id: '1' }]),
      /^f\.csv: row 2: INFY: the trade date "2025-02-30" is not a date$/,
    ],
    [
      tradebook([{ symbol: 'INFY', date: '2025-04-07', side: 'buy', quantity: 2.5, price: 1450, id: '1' }]),
      /^f\.csv: row 2: INFY: the quantity "2\.500000" is not a whole number of shares$/,
    ],
    [
      tradebook([
        { symbol: 'INFY', date: '2025-04-07', side: 'buy', quantity: 1, price: 1450, id: '1' },
        { symbol: 'INFY', date: '2025-04-08', side: 'buy', quantity: 1, price: 1450, id: '2' },
      ]).replace('buy,false,1.000000,1450.000000,2', 'gift,false,1.000000,1450.000000,2'),
      /^f\.csv: row 3: INFY: trade type "gift" is neither buy nor sell$/,
    ],
    [TRADEBOOK_HEADER + '\n', /^f\.csv: no trades in the file$/],
  ])('a bad or foreign file is one line naming the file and the row (%#)', (text, pattern) => {
    expect(messageOf(() => parseTradebook(text, text === '' ? 'empty.csv' : 'f.csv'))).toMatch(pattern);
  });
});

describe('merging tradebook files', () => {
  const a = parseTradebook(
    tradebook([
      { symbol: 'INFY', date: '2025-03-10', side: 'buy', quantity: 10, price: 1400, id: '1' },
      { symbol: 'INFY', date: '2025-04-07', side: 'buy', quantity: 5, price: 1450, id: '2' },
    ]),
    'fy24.csv',
  );
  const b = parseTradebook(
    tradebook([
      { symbol: 'INFY', date: '2025-04-07', side: 'buy', quantity: 5, price: 1450, id: '2' },
      { symbol: 'INFY', date: '2025-05-01', side: 'sell', quantity: 3, price: 1500, id: '3' },
    ]),
    'fy25.csv',
  );

  it('counts a trade id seen in two files once, and sorts oldest first', () => {
    const m = mergeTradebooks([
      { label: 'fy25.csv', trades: b },
      { label: 'fy24.csv', trades: a },
    ]);
    expect(m.duplicates).toBe(1);
    expect(m.trades.map((t) => t.tradeId)).toEqual(['1', '2', '3']);
  });

  it('the same trade id with other contents is an error naming the file', () => {
    const edited = b.map((t) => (t.tradeId === '2' ? { ...t, quantity: 50 } : t));
    expect(
      messageOf(() =>
        mergeTradebooks([
          { label: 'fy24.csv', trades: a },
          { label: 'fy25.csv', trades: edited },
        ]),
      ),
    ).toMatch(/^fy25\.csv: trade NSE 2 \(INFY\) differs from the same trade id in fy24\.csv/);
  });

  it('trades already stored count as seen', () => {
    const m = mergeTradebooks([{ label: 'fy25.csv', trades: b }], a);
    expect(m.duplicates).toBe(1);
    expect(m.trades).toHaveLength(3);
  });
});
