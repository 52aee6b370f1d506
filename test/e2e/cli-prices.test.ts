import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBuilt, repoRoot, runBin } from '../support/run-bin.js';
import { HOLDINGS_READINGS, jsonFile, tempFile } from '../support/scenario-file.js';

/** The free (Personal) Kite Connect plan from the command line: no quotes, so prices come from --prices. */
const basket = join(repoRoot, 'baskets', 'nifty50-momentum.json');
const fixtures = join(repoRoot, 'test', 'fixtures', 'prices');
const env = { KITE_REBALANCE_FAKE_NOW: '2026-11-26T10:00:00+05:30' };

// Quotes refused (403 PermissionException) and the instruments dump's last_price 0 (the default): nothing in the
// basket is held, so Kite prices none of it.
const freePlanAccount = {
  cash: 20000,
  ltp_permission: false,
  holdings: [
    { tradingsymbol: 'ITC', quantity: 300 },
    { tradingsymbol: 'TATASTEEL', quantity: 400 },
  ],
  prices: { ITC: 405.35, TATASTEEL: 168.42, HDFCBANK: 1985.6, INFY: 1512.4, RELIANCE: 1402.1, 'M&M': 3215.5, 'BAJAJ-AUTO': 5400 },
};
const freePlan = jsonFile(freePlanAccount);
const wanted = ['BAJAJ-AUTO', 'HDFCBANK', 'INFY', 'M&M', 'RELIANCE'];

describe.skipIf(!isBuilt())('--prices on the free plan', () => {
  it.each(HOLDINGS_READINGS)("with NSE's bhavcopy (zip, as downloaded) it buys names the account does not hold ($reading)", async ({ switches }) => {
    const r = await runBin(
      [
        basket,
        '--paper',
        '--scenario',
        jsonFile({ ...freePlanAccount, ...switches }),
        '--prices',
        join(fixtures, 'BhavCopy_NSE_CM_0_0_0_20261125_F_0000.csv.zip'),
      ],
      { env },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Prices file BhavCopy_NSE_CM_0_0_0_20261125_F_0000.csv.zip (NSE bhavcopy, close of 2026-11-25)');
    expect(r.stdout).toMatch(
      /stale prices from BhavCopy_NSE_CM_0_0_0_20261125_F_0000\.csv\.zip \(close of 2026-11-25\) for HDFCBANK, INFY, RELIANCE, M&M, BAJAJ-AUTO: buys of these are sized with a 5% buffer/,
    );
    for (const s of wanted) expect(r.stdout).toMatch(new RegExp(`BUY +\\d+ ${s} +COMPLETE`));
    expect(r.stdout).toMatch(/Rebalance complete/);
  });

  it('--json: the plan is priced from the file (stale, with the larger buffer on each buy)', async () => {
    const r = await runBin([basket, '--paper', '--dry-run', '--json', '--scenario', freePlan, '--prices', join(fixtures, 'cm25NOV2026bhav.csv')], { env });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    const hdfc = doc.snapshot.holdings.find((h: { tradingsymbol: string }) => h.tradingsymbol === 'HDFCBANK');
    expect(hdfc).toMatchObject({ price: 1985.6, price_source: 'file', stale: true });
    const buys = doc.plan.orders.filter((o: { transaction_type: string }) => o.transaction_type === 'BUY');
    expect(buys.map((o: { tradingsymbol: string }) => o.tradingsymbol).sort()).toEqual(wanted);
    expect(buys.every((o: { price_buffer?: number }) => o.price_buffer === 0.05)).toBe(true);
    expect(doc.snapshot.unpriced).toEqual([]);
  });

  it('without --prices, a basket Kite prices none of is refused: it would sell every holding (exit 2, nothing placed)', async () => {
    const r = await runBin([basket, '--paper', '--scenario', freePlan], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "no stock of the basket can be priced (HDFCBANK, INFY, RELIANCE, M&M, BAJAJ-AUTO): the plan would sell every holding for cash (give yesterday's closing prices with --prices FILE",
    );
    expect(r.stdout).not.toMatch(/SELL|COMPLETE/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('without --prices the plan names every unpriced symbol and how to fix it', async () => {
    // ITC is held, so Kite prices it from the holdings: the basket is partly priced and the plan goes ahead.
    const weights = { HDFCBANK: 0.25, INFY: 0.2, RELIANCE: 0.2, 'M&M': 0.15, 'BAJAJ-AUTO': 0.1, ITC: 0.05 };
    const partly = tempFile('partly.json', JSON.stringify({ stocks: Object.entries(weights).map(([stock_ticker, weight]) => ({ stock_ticker, weight })) }));
    const r = await runBin([partly, '--paper', '--dry-run', '--json', '--scenario', freePlan], { env });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.snapshot.unpriced).toEqual(wanted);
    expect(doc.plan.orders.some((o: { transaction_type: string }) => o.transaction_type === 'BUY')).toBe(false);
    for (const s of wanted) {
      const skip = doc.plan.skipped.find((k: { tradingsymbol: string }) => k.tradingsymbol === s);
      expect(skip?.reason).toMatch(/no price .*--prices FILE \(NSE's CM bhavcopy, or symbol,price lines\)/);
    }
    expect(doc.snapshot.warnings.join('\n')).toContain(
      "no price at all for HDFCBANK, INFY, RELIANCE, M&M, BAJAJ-AUTO: left out of the plan; give yesterday's closing prices with --prices FILE: NSE's CM bhavcopy as downloaded (nseindia.com → All Reports → Equities → 'CM-UDiFF Common Bhavcopy Final (zip)')",
    );
  });

  it('a bad prices file: one line naming the file and row, exit 2, no login and nothing placed', async () => {
    const bad = tempFile('closes.csv', 'symbol,price\nHDFCBANK,1985.60\nINFY,15l2.40\n');
    const r = await runBin([basket, '--paper', '--scenario', freePlan, '--prices', bad], { env });
    expect(r.code).toBe(2);
    expect(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => /closes\.csv/.test(l)),
    ).toEqual([expect.stringContaining('closes.csv: row 3: INFY: "15l2.40" is not a price')]);
    expect(r.stderr).not.toMatch(/Logged in|PUT ORDER REQ RECEIVED|at .*\.js:\d+/);
    expect(r.stdout).toBe('');
  });
});
