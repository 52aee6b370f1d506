import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { loadPriceFile, priceFileNotice } from '../../source/app/price-file.js';
import { createCalendar } from '../../source/core/calendar.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'prices');
const ist = (s: string) => DateTime.fromISO(s, { zone: 'Asia/Kolkata' }).toMillis();

describe('loadPriceFile (--prices)', () => {
  it("reads NSE's zipped UDiFF bhavcopy as downloaded, same as the CSV inside", () => {
    const zipped = loadPriceFile('BhavCopy_NSE_CM_0_0_0_20261125_F_0000.csv.zip', fixtures);
    const csv = loadPriceFile(join(fixtures, 'BhavCopy_NSE_CM_0_0_0_20261125_F_0000.csv'), '/');
    expect(zipped.prices).toEqual(csv.prices);
    expect(zipped).toMatchObject({ format: 'udiff', date: '2026-11-25', label: 'BhavCopy_NSE_CM_0_0_0_20261125_F_0000.csv.zip' });
  });

  it('a missing file, a zip without one CSV, a binary file: one line naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kr-prices-'));
    expect(() => loadPriceFile('nope.csv', dir)).toThrow('--prices nope.csv: cannot read the file (no such file)');
    writeFileSync(join(dir, 'empty.zip'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]));
    expect(() => loadPriceFile('empty.zip', dir)).toThrow(
      '--prices empty.zip: a zip archive without exactly one readable CSV in it; unzip it and give the CSV',
    );
    writeFileSync(join(dir, 'x.xlsx'), Buffer.from([0x00, 0x01, 0x02]));
    expect(() => loadPriceFile('x.xlsx', dir)).toThrow('--prices x.xlsx: not a text (CSV) file');
  });

  it("announces the file's date, and warns when a later session has closed since", () => {
    const cal = createCalendar();
    const f = loadPriceFile('cm25NOV2026bhav.csv', fixtures);
    // Thursday morning: Wednesday's close is the latest.
    const thursday = priceFileNotice(f, cal, ist('2026-11-26T10:00:00'));
    expect(thursday).toEqual([
      'Prices file cm25NOV2026bhav.csv (NSE bhavcopy, close of 2026-11-25): 8 price(s), used only where Kite gives none, flagged stale; BE series for KSOLVES',
    ]);
    // Friday: Thursday has closed since.
    expect(priceFileNotice(f, cal, ist('2026-11-27T10:00:00'))[1]).toBe(
      'warning: cm25NOV2026bhav.csv is the close of 2026-11-25, but NSE closed a later session on 2026-11-26: download the latest bhavcopy',
    );
  });
});
