import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBuilt, repoRoot, runBin } from '../support/run-bin.js';
import { HOLDINGS_READINGS, jsonFile } from '../support/scenario-file.js';

/** NSE's closing auction (from 2026-08-03) seen from the command line: a paper run that reaches 15:15. */
const basket = join(repoRoot, 'baskets', 'nifty50-momentum.json');

// ITC sells at once; the TATASTEEL sell never fills, so the round's buys wait until continuous trading ends.
const account = {
  cash: 20000,
  holdings: [
    { tradingsymbol: 'ITC', quantity: 300 },
    { tradingsymbol: 'TATASTEEL', quantity: 400 },
  ],
  prices: { ITC: 405.35, TATASTEEL: 168.42, HDFCBANK: 1985.6, INFY: 1512.4, RELIANCE: 1402.1, 'M&M': 3215.5, 'BAJAJ-AUTO': 5400 },
  fill: { delay_ms: 400, stay_open: ['TATASTEEL'] },
};

// The app's clock starts at KITE_REBALANCE_FAKE_NOW when the process starts and runs 5× faster: a slow start on a
// busy machine (up to 18 s) still reaches the broker before 15:15.
const env = (now: string, scale = '5') => ({ KITE_REBALANCE_FAKE_NOW: now, KITE_REBALANCE_TIME_SCALE: scale });

describe.skipIf(!isBuilt())('closing auction session from the command line', () => {
  it.each(HOLDINGS_READINGS)(
    'a run at 15:13:30 on 2026-11-25 stops placing at 15:15, says when to run again, exit 3 ($reading)',
    async ({ switches }) => {
      const r = await runBin([basket, '--paper', '--json', '--scenario', jsonFile({ ...account, ...switches })], {
        env: env('2026-11-25T15:13:30+05:30'),
        timeoutMs: 80_000,
      });
      expect(r.code, r.stderr).toBe(3);
      const doc = JSON.parse(r.stdout);
      expect(doc.execution.complete).toBe(false);
      expect(doc.execution.message).toMatch(/^Continuous trading ended at 15:15 IST \(NSE closing auction session/);
      expect(doc.execution.message).toContain('Run the basket again from 09:14 IST on Thu 26 Nov 2026');
      expect(doc.execution.run_again_at).toBe('2026-11-26T03:44:00.000Z'); // 09:14 IST
      expect(r.stderr).toMatch(/run \w{8} finished: Continuous trading ended at 15:15 IST/);
      // The sell still open at 15:15 is cancelled then (what Kite does with it is not documented).
      expect(r.stderr).toMatch(
        /Cancelled SELL TATASTEEL \(\d+\): continuous trading ended at 15:15 IST \(closing auction\); nothing more is placed in this session/,
      );
      const orders = doc.execution.orders as { tradingsymbol: string; transaction_type: string; status: string; status_message: string | null }[];
      expect(orders.find((o) => o.tradingsymbol === 'ITC')).toMatchObject({ transaction_type: 'SELL', status: 'COMPLETE' });
      const buys = orders.filter((o) => o.transaction_type === 'BUY');
      expect(buys.length).toBeGreaterThan(0);
      expect(
        buys.every(
          (o) => o.status === 'SKIPPED' && o.status_message === 'continuous trading ended (15:15 IST, NSE closing auction) before this order was placed',
        ),
      ).toBe(true);
      // No buy reached the simulator.
      expect(r.stderr).not.toMatch(/ BUY \d+ PUT ORDER REQ RECEIVED/);
    },
    90_000,
  );

  it('the same run before 2026-08-03 keeps going after 15:15: the buys are placed and fill', async () => {
    // The TATASTEEL sell is cancelled after the 2-minute open-order timeout, after 15:15; then the buys go out.
    // A slow start only makes that later, so this clock may run faster.
    const r = await runBin([basket, '--paper', '--max-rounds', '1', '--scenario', jsonFile(account)], {
      env: env('2026-07-29T15:14:00+05:30', '30'),
      timeoutMs: 80_000,
    });
    expect(r.code, r.stderr).toBe(3); // the TATASTEEL sell never filled
    expect(r.stdout).not.toMatch(/closing auction/);
    expect(r.stderr).toMatch(/15:(1[5-9]|2\d):\d\d \S+ BUY \d+ COMPLETE/);
    expect(r.stdout).toMatch(/BUY +\d+ HDFCBANK +COMPLETE/);
  }, 90_000);
});
