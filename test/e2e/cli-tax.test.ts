import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBuilt, repoRoot, runBin } from '../support/run-bin.js';
import { tradebook } from '../support/tax-fixtures.js';

/** Issue 12 end to end: a Console tradebook imported with the real launcher, then paper runs that show each sell's tax. */
const basket = join(repoRoot, 'baskets', 'nifty50-momentum.json');
const NOW = { KITE_REBALANCE_FAKE_NOW: '2026-11-25T10:00:00+05:30' };

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'kr-tax-'));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const scenario = file(
    'scenario.json',
    JSON.stringify({
      cash: 20_000,
      holdings: [
        { tradingsymbol: 'INFY', quantity: 110, average_price: 1200 },
        { tradingsymbol: 'ITC', quantity: 300, average_price: 350 },
        { tradingsymbol: 'TATASTEEL', quantity: 400, average_price: 140 },
      ],
      prices: { INFY: 1500, ITC: 405, TATASTEEL: 168, HDFCBANK: 1980, RELIANCE: 1400, 'M&M': 3200, 'BAJAJ-AUTO': 5400 },
    }),
  );
  const fy24 = tradebook([
    { symbol: 'ITC', date: '2024-04-10', side: 'buy', quantity: 50, price: 300, id: '101' },
    { symbol: 'INFY', date: '2024-06-03', side: 'buy', quantity: 60, price: 1000, id: '102' },
    { symbol: 'ITC', date: '2025-01-10', side: 'buy', quantity: 300, price: 350, id: '103' },
  ]);
  const fy26 = tradebook([
    { symbol: 'ITC', date: '2026-04-15', side: 'sell', quantity: 50, price: 420, id: '201' },
    { symbol: 'INFY', date: '2026-05-04', side: 'buy', quantity: 40, price: 1500, id: '202' },
    { symbol: 'TATASTEEL', date: '2026-06-01', side: 'buy', quantity: 400, price: 140, id: '203', isin: 'INE081A01020' },
  ]);
  return {
    dir,
    scenario,
    files: [file('tradebook-2024-25.csv', fy24), file('tradebook-2026-27.csv', fy26), file('tradebook-2024-25 (1).csv', fy24)],
    bad: file('bad.csv', fy26.replace('2026-05-04', '2026-13-04')),
    env: { ...NOW, KITE_REBALANCE_HOME: join(dir, 'data') },
  };
}

describe.skipIf(!isBuilt())('tax-aware paper runs with an imported Console tradebook', () => {
  it('a bad file is one line naming the file and the row, and nothing is stored; then the files import with duplicates counted once', async () => {
    const s = setup();
    const bad = await runBin(['lots', 'import', s.files[0]!, s.bad, '--paper', '--user-id', 'PA0001'], { env: s.env });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/bad\.csv: row 3: INFY: the trade date "2026-13-04" is not a date/);
    expect(existsSync(join(s.dir, 'data', 'paper', 'lots'))).toBe(false);

    const nobody = await runBin(['lots', 'import', s.files[0]!, '--paper'], { env: s.env });
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toMatch(/lots import needs --user-id \(the Kite user id the tradebook belongs to\): no user is stored yet/);

    const ok = await runBin(['lots', 'import', ...s.files, '--paper', '--user-id', 'PA0001'], { env: s.env });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Imported 6 new trades for PA0001 from 3 files \(3 already seen, counted once\); 6 stored, 2024-04-10 to 2026-06-01/);
    const again = await runBin(['lots', 'import', s.files[1]!, '--paper', '--user-id', 'PA0001', '--json'], { env: s.env });
    expect(JSON.parse(again.stdout)).toMatchObject({
      added: 0,
      stored: 6,
      open_lots: [
        { symbol: 'INFY', quantity: 100 },
        { symbol: 'ITC', quantity: 300 },
        { symbol: 'TATASTEEL', quantity: 400 },
      ],
    });
  });

  it('the paper run shows every sell with its FIFO lots and tax in --json and in the review lines; the year and exemption too', async () => {
    const s = setup();
    expect((await runBin(['lots', 'import', ...s.files, '--paper', '--user-id', 'PA0001'], { env: s.env })).code).toBe(0);

    const run = await runBin([basket, '--paper', '--quiet', '--json', '--scenario', s.scenario], { env: s.env, timeoutMs: 90_000 });
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.execution.complete).toBe(true);
    const sells = Object.fromEntries(
      doc.plan.orders.filter((o: { transaction_type: string }) => o.transaction_type === 'SELL').map((o: { tradingsymbol: string }) => [o.tradingsymbol, o]),
    );
    const gain = (symbol: string, cost: number, quantity: number) => Math.round((sells[symbol].price - cost) * quantity * 100) / 100;
    // INFY: the 10 shares the tradebook does not explain go first (unknown date, short-term), then the 2024 lot (long-term).
    expect(sells.INFY.tax.lots.slice(0, 2)).toEqual([
      { bought: null, quantity: 10, cost: 1200, gain: gain('INFY', 1200, 10), term: 'short' },
      expect.objectContaining({ bought: '2024-06-03', cost: 1000, term: 'long' }),
    ]);
    const tata = gain('TATASTEEL', 140, 400);
    expect(sells.TATASTEEL.tax).toMatchObject({ lots: [{ bought: '2026-06-01', quantity: 400, cost: 140, gain: tata, term: 'short' }], short_term_gain: tata });
    expect(sells.ITC.tax).toMatchObject({ long_term_gain: gain('ITC', 350, 300), tax: 0 });
    expect(doc.plan.tax).toMatchObject({
      financial_year: '2026-27',
      lots_from: 'tradebook',
      realised_long_term: 50 * 120,
      realised_short_term: 0,
      exemption_left_before: 125_000 - 6_000,
      tax_weight: 1,
    });
    // Short-term gains: INFY's 10 unknown-date shares and TATASTEEL; long-term stays inside the exemption.
    expect(doc.plan.tax.tax).toBeCloseTo((gain('INFY', 1200, 10) + tata) * 0.2 * 1.04, 1);
    expect(doc.plan.tax.exemption_left_after).toBeCloseTo(119_000 - sells.ITC.tax.long_term_gain - sells.INFY.tax.long_term_gain, 1);
    expect(doc.plan.tax.notes).toEqual([expect.stringMatching(/^INFY: the trades explain 100 of the 110 held: 10 taken as bought on an unknown date/)]);

    const review = await runBin([basket, '--paper', '--dry-run', '--scenario', s.scenario], { env: s.env });
    expect(review.code, review.stderr).toBe(0);
    expect(review.stdout).toMatch(/SELL +400 TATASTEEL +≈ ₹[\d,.]+ +tax ≈ ₹2,[\d,.]+ \(ST ₹11,[\d,.]+; 1 lot\) +not in the basket/);
    expect(review.stdout).toMatch(/SELL +300 ITC .*tax ≈ ₹0\.00 \(LT ₹16,[\d,.]+; 1 lot\)/);
    expect(review.stdout).toMatch(/SELL +\d+ INFY .*tax ≈ ₹\d[\d,.]+ \(ST ₹3,[\d,.]+, LT ₹[\d,.]+; 2 lots, 10 of unknown date\)/);
    expect(review.stdout).toMatch(
      /Tax ≈ ₹2,9[\d,.]+ on gains: ST ₹14,[\d,.]+, LT ₹[\d,.]+\n +FY 2026-27: realised LT ₹6,000\.00 · LT exemption left ₹1,19,000\.00 → ₹[\d,.]+/,
    );
    expect(review.stdout).toMatch(/tax: INFY: the trades explain 100 of the 110 held/);
  });

  it('without imported lots the plan flags unknown holding periods and says how to import the tradebook', async () => {
    const s = setup();
    const r = await runBin([basket, '--paper', '--dry-run', '--json', '--scenario', s.scenario], { env: s.env });
    const doc = JSON.parse(r.stdout);
    expect(doc.plan.tax.lots_from).toBe('average-price');
    expect(doc.plan.orders.find((o: { tradingsymbol: string }) => o.tradingsymbol === 'TATASTEEL').tax).toMatchObject({
      unknown_date: 400,
      lots: [{ bought: null, cost: 140, term: 'short' }],
    });
    expect(doc.plan.tax.notes.join(' ')).toMatch(/no tradebook imported: .*kite-rebalance lots import FILE/);
    const text = await runBin([basket, '--paper', '--dry-run', '--scenario', s.scenario], { env: s.env });
    expect(text.stdout).toMatch(/SELL +400 TATASTEEL .*tax ≈ ₹[\d,.]+ \(ST ₹[\d,.]+; 1 lot, 400 of unknown date\)/);
    expect(text.stdout).toMatch(/tax: no tradebook imported: .*kite-rebalance lots import FILE/);
  });
});
