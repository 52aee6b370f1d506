import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIM_TPIN } from '../../source/sim/cdsl.js';
import { isBuilt, repoRoot, spawnBin } from '../support/run-bin.js';
import { HOLDINGS_READINGS, jsonFile } from '../support/scenario-file.js';

/**
 * Sells without DDPI from the command line, when Kite refuses the holdings authorisation API (403, as for most
 * individual apps): the run says what to authorise where, re-checks with a visible deadline, and sells once
 * the user has authorised, or skips the sells at the deadline (exit 3), never placing them blindly.
 */
const basket = join(repoRoot, 'baskets', 'nifty50-momentum.json');

/** The account, under one reading of Kite's holdings. */
const scenario = (switches: (typeof HOLDINGS_READINGS)[number]['switches']) =>
  jsonFile({
    ...switches,
    cash: 20_000,
    ddpi: false,
    demat_consent: 'consent',
    holdings: [
      { tradingsymbol: 'ITC', quantity: 300, isin: 'INE154A01025' },
      { tradingsymbol: 'INFY', quantity: 60, isin: 'INE009A01021' },
    ],
    prices: { ITC: 405.35, INFY: 1512.4, HDFCBANK: 1985.6, RELIANCE: 1402.1, 'M&M': 3215.5, 'BAJAJ-AUTO': 5420 },
  });

// 60× clock: the 10-minute wait for the TPIN lasts 10 real seconds.
const env = { KITE_REBALANCE_FAKE_NOW: '2026-11-25T10:00:00+05:30', KITE_REBALANCE_TIME_SCALE: '60' };
const OPEN_LINE =
  /Open (http:\/\/127\.0\.0\.1:\d+\/web\/holdings\/authorise\?\S+) \(the simulator's Kite web: Holdings → Authorisation\), authorise (.+) with the TPIN/;

describe.skipIf(!isBuilt()).each(HOLDINGS_READINGS)('CDSL authorisation from the command line (API refused, $reading)', ({ switches }) => {
  it('authorised in "Kite" while the run waits: the sells go through, then the buys, exit 0', async () => {
    const run = spawnBin([basket, '--paper', '--quiet', '--scenario', scenario(switches)], env);
    const [, url, what] = await run.waitFor(OPEN_LINE, 30_000);
    const infy = /^ITC 300, INFY (\d+)$/.exec(what!)![1];
    await run.waitFor(/re-checking the holdings until \d\d:\d\d:\d\d IST; sells still not authorised then are skipped/);
    expect(run.stderr()).not.toMatch(/SELL \d+ PUT ORDER REQ RECEIVED/);

    // The user authorises on the (simulated) Kite web page with the TPIN, as the run said.
    const page = new URL(url!);
    const form = new URLSearchParams(page.search);
    form.append('tpin', SIM_TPIN);
    const res = await fetch(`${page.origin}${page.pathname}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form });
    expect(res.status).toBe(200);

    const code = await run.exited;
    const err = run.stderr();
    expect(code, err).toBe(0);
    expect(err).toMatch(/CDSL authorisation: ITC, INFY authorised/);
    expect(err).toMatch(/ITC SELL 300 COMPLETE/);
    expect(err).toMatch(new RegExp(`INFY SELL ${infy} COMPLETE`));
    const lines = err.split('\n');
    expect(lines.findIndex((l) => /CDSL authorisation: ITC, INFY authorised/.test(l))).toBeLessThan(
      lines.findIndex((l) => /SELL \d+ PUT ORDER REQ RECEIVED/.test(l)),
    );
    expect(run.stdout()).toMatch(/every order filled/);
  }, 60_000);

  it('nobody authorises: visible deadline, the sells are skipped with a clear message, never placed, exit 3', async () => {
    const run = spawnBin([basket, '--paper', '--quiet', '--scenario', scenario(switches)], env);
    const code = await run.exited;
    const err = run.stderr();
    expect(code, err).toBe(3);
    const infy = /^ITC 300, INFY (\d+)$/.exec(err.match(OPEN_LINE)![2]!)![1];
    expect(err).toMatch(new RegExp(`waiting for CDSL authorisation of ITC 300, INFY ${infy} \\(\\d+s left\\)`));
    expect(err).toMatch(
      new RegExp(`CDSL authorisation: nothing authorised; still short: ITC 300, INFY ${infy} \\(not authorised by \\d\\d:\\d\\d:\\d\\d IST\\)`),
    );
    expect(err).toMatch(/ITC SELL 300 SKIPPED \(not authorised for sale at CDSL \(TPIN\)\)/);
    expect(err).not.toMatch(/SELL \d+ (PUT ORDER REQ RECEIVED|REJECTED)/);
    expect(err.match(/CDSL authorisation \(TPIN\) needed/g)).toHaveLength(1); // not asked again in later rounds
    expect(run.stdout()).toContain(`Sells not placed for want of a CDSL authorisation: 300 ITC, ${infy} INFY.`);
    expect(run.stdout()).toMatch(/SELL +300 ITC +SKIPPED 0\/300 \(not authorised for sale at CDSL \(TPIN\)\)/);
  }, 60_000);
});
