import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBuilt, repoRoot, runBin } from '../helpers/run-bin.js';

/** NSE's closing auction (from 2026-08-03) seen from the command line: a paper run that reaches 15:15. */
const basket = join(repoRoot, 'baskets', 'nifty50-momentum.json');

function scenario(content: Record<string, unknown>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'kr-scn-')), 'scenario.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

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

describe.skipIf(!isBuilt())('closing auction session from the command line', () => {
  it('a run at 15:13 on 2026-11-25 stops placing at 15:15, says when to run again, exit 3', async () => {
    const r = await runBin([basket, '--paper', '--scenario', scenario(account)], {
      env: { KITE_REBALANCE_FAKE_NOW: '2026-11-25T15:13:00+05:30', KITE_REBALANCE_TIME_SCALE: '60' },
    });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toMatch(/Continuous trading ended at 15:15 IST \(NSE closing auction session/);
    expect(r.stdout).toContain('Run the basket again from 09:14 IST on Thu 26 Nov 2026');
    expect(r.stdout).toMatch(/SELL +300 ITC +COMPLETE/);
    const summary = r.stdout.slice(r.stdout.indexOf('\nRun '));
    const buys = summary.split('\n').filter((l) => /^ {2}BUY /.test(l));
    expect(buys.length).toBeGreaterThan(0);
    expect(buys.every((l) => /SKIPPED 0\/\d+ \(continuous trading ended \(15:15 IST, NSE closing auction\)/.test(l))).toBe(true);
    // No buy reached the simulator: every BUY line in the event log is the skip.
    expect(r.stderr).not.toMatch(/ BUY \d+ PUT ORDER REQ RECEIVED/);
  });

  it('--json carries when to run again', async () => {
    const r = await runBin([basket, '--paper', '--quiet', '--json', '--scenario', scenario(account)], {
      env: { KITE_REBALANCE_FAKE_NOW: '2026-11-25T15:13:00+05:30', KITE_REBALANCE_TIME_SCALE: '60' },
    });
    expect(r.code, r.stderr).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc.execution.complete).toBe(false);
    expect(doc.execution.run_again_at).toBe('2026-11-26T03:44:00.000Z'); // 09:14 IST
  });

  it('the same run before 2026-08-03 places the buys after 15:15 (continuous trading to 15:30)', async () => {
    const r = await runBin([basket, '--paper', '--scenario', scenario({ ...account, fill: { delay_ms: 400 } })], {
      env: { KITE_REBALANCE_FAKE_NOW: '2026-07-29T15:14:50+05:30', KITE_REBALANCE_TIME_SCALE: '60' },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Rebalance complete/);
    expect(r.stderr).toMatch(/15:1[5-9]:\d\d \S+ BUY \d+ COMPLETE/);
  });
});
