import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../source/core/errors.js';
import { parsePriceFile } from '../../source/core/price-file.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'prices', name), 'utf8');

/** The error a parse throws (an AppError of kind usage: exit 2). */
function failure(text: string, label = 'prices.csv') {
  try {
    parsePriceFile(text, label);
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error('expected the parse to fail');
}

const EXPECTED = { 'BAJAJ-AUTO': 5402.5, HDFCBANK: 1985.6, INFY: 1512.4, ITC: 405.35, KSOLVES: 433.7, 'M&M': 3215.5, RELIANCE: 1402.1, TATASTEEL: 168.42 };

describe('--prices files', () => {
  it.each([
    ['the UDiFF CM bhavcopy', 'BhavCopy_NSE_CM_0_0_0_20261125_F_0000.csv', 'udiff'],
    ['the legacy cm…bhav.csv (trailing commas)', 'cm25NOV2026bhav.csv', 'legacy'],
    ['the full bhavcopy (spaces after commas, CRLF)', 'sec_bhavdata_full_25112026.csv', 'full'],
  ] as const)('%s: EQ closes, BE only where no EQ row, the trading date', (_n, file, format) => {
    const f = parsePriceFile(fixture(file), file);
    expect(f.format).toBe(format);
    expect(f.date).toBe('2026-11-25');
    expect(f.prices).toEqual(EXPECTED);
    // TATASTEEL's BL (block) row and the gold bond (GB) are not used; KSOLVES trades only in BE.
    expect(f.fromBeSeries).toEqual(['KSOLVES']);
    expect(f.prices).not.toHaveProperty('SGBJUN28');
  });

  it('an EQ row wins over a BE row of the same symbol', () => {
    const text =
      'SYMBOL,SERIES,OPEN,HIGH,LOW,CLOSE,LAST,PREVCLOSE,TOTTRDQTY,TOTTRDVAL,TIMESTAMP,TOTALTRADES,ISIN,\n' +
      'ABC,BE,10,10,10,10.50,10,10,1,1,25-NOV-2026,1,INE000A01010,\nABC,EQ,10,10,10,11.25,10,10,1,1,25-NOV-2026,1,INE000A01010,';
    expect(parsePriceFile(text, 'x.csv')).toMatchObject({ prices: { ABC: 11.25 }, fromBeSeries: [] });
  });

  it('a UDiFF file of another segment (F&O) has no CM rows: one clear error', () => {
    const fo = fixture('BhavCopy_NSE_CM_0_0_0_20261125_F_0000.csv').replace(/,CM,NSE,/g, ',FO,NSE,');
    expect(failure(fo, 'fo.csv').message).toBe('fo.csv: no EQ-series rows of the capital market segment: is this the CM (equities) bhavcopy?');
  });

  it('a plain symbol,price CSV, with or without a header; NSE: prefixes and lower case are accepted', () => {
    expect(parsePriceFile(fixture('plain-prices.csv'), 'p.csv')).toEqual({
      format: 'plain',
      date: null,
      prices: { HDFCBANK: 1985.6, INFY: 1512.4, RELIANCE: 1402.1, 'M&M': 3215.5, 'BAJAJ-AUTO': 5402.5 },
      fromBeSeries: [],
    });
    expect(parsePriceFile('nse:infy,1512.40\r\nTCS,3105.7\r\n\r\n', 'p.csv').prices).toEqual({ INFY: 1512.4, TCS: 3105.7 });
  });

  it.each([
    ['an empty file', '', 'prices.csv: the file is empty'],
    [
      'an unknown header',
      'name,value\nINFY,1512',
      'prices.csv: row 1: expected a header "symbol,price", an NSE bhavcopy header, or symbol,price rows (got "name,value")',
    ],
    ['a price that is not a number', 'symbol,price\nINFY,1512.4\nTCS,abc', 'prices.csv: row 3: TCS: "abc" is not a price'],
    ['a zero price', 'INFY,0', 'prices.csv: row 1: INFY: "0" is not a price'],
    ['a missing price', 'INFY,1512\nTCS', 'prices.csv: row 2: expected symbol,price (got 1 fields)'],
    ['a bad symbol', 'INF Y,1512', 'prices.csv: row 1: "INF Y" is not an NSE symbol'],
    ['a symbol twice', 'INFY,1512\nINFY,1513', 'prices.csv: row 2: INFY appears twice'],
    ['only a header', 'symbol,price\n', 'prices.csv: no prices in the file'],
  ])('plain CSV, %s: one line naming the file and row', (_n, text, message) => {
    const e = failure(text);
    expect(e.message).toBe(message);
    expect(e.kind).toBe('usage');
    expect(e.exitCode).toBe(2);
  });

  it.each([
    ['a truncated row', (t: string) => t.replace(/\nHDFCBANK,EQ,[^\n]*/, '\nHDFCBANK,EQ,1979.00'), 'row 3: 3 fields where the header has 14'],
    ['a close that is not a number', (t: string) => t.replace('1985.60,1985.00,1980.20', '-,1985.00,1980.20'), 'row 3: HDFCBANK: the close "-" is not a price'],
    ['a bad date', (t: string) => t.replace('25-NOV-2026', '2026/11/25'), 'row 2: the date "2026/11/25" is not a date'],
    [
      'two trading dates',
      (t: string) => t.replace(/(\nINFY,EQ,(?:[^,]*,){8})25-NOV-2026/, '$126-NOV-2026'),
      'row 4: the file mixes trading dates (2026-11-25 and 2026-11-26)',
    ],
  ])('legacy bhavcopy, %s: one line naming the file and row', (_n, edit, message) => {
    const e = failure(edit(fixture('cm25NOV2026bhav.csv')), 'cm25NOV2026bhav.csv');
    expect(e.message).toBe(`cm25NOV2026bhav.csv: ${message}`);
  });
});
