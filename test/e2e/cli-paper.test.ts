import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBuilt, repoRoot, runBin, spawnBin } from '../support/run-bin.js';
import { jsonFile } from '../support/scenario-file.js';

/** The README's main job and its paper-mode variants, run as a user runs them (built launcher, real processes). */
const basket = join(repoRoot, 'baskets', 'nifty50-momentum.json');
const home = () => mkdtempSync(join(tmpdir(), 'kr-paper-'));

const scenario = (content: Record<string, unknown>) => jsonFile(content);

describe.skipIf(!isBuilt())('paper mode from the command line', () => {
  it('the README command: logs in to the simulator, sells first, fills every order, exit 0', async () => {
    const r = await runBin([basket, '--paper'], { env: { KITE_REBALANCE_FAKE_NOW: '2026-11-25T10:00:00+05:30' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/PAPER mode/);
    expect(r.stderr).toMatch(/Logged in as PA0001/);
    expect(r.stdout).toMatch(/Rebalance complete: every order filled/);
    const lines = r.stderr.split('\n');
    const lastSellComplete = lines.findLastIndex((l) => / SELL \d+ COMPLETE/.test(l));
    const firstBuy = lines.findIndex((l) => / BUY \d+ /.test(l));
    expect(lastSellComplete).toBeGreaterThan(0);
    expect(lastSellComplete).toBeLessThan(firstBuy);
  });

  it('announces paper mode when no ZERODHA_API_KEY is configured', async () => {
    const r = await runBin([basket, '--quiet', '--json'], { env: { KITE_REBALANCE_FAKE_NOW: '2026-11-25T10:00:00+05:30' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/ZERODHA_API_KEY is not set: running in PAPER mode/);
    expect(JSON.parse(r.stdout).mode).toBe('paper');
  });

  it('--paper --dry-run plans on the simulator and places nothing', async () => {
    const r = await runBin([basket, '--paper', '--dry-run', '--json'], { env: { KITE_REBALANCE_FAKE_NOW: '2026-11-25T10:00:00+05:30' } });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.mode).toBe('dry-run');
    expect(doc.plan.orders.length).toBeGreaterThan(0);
    expect(doc.execution).toBeNull();
    expect(r.stderr).not.toMatch(/PUT ORDER REQ RECEIVED/);
  });

  it("shows T1, pledged and not-yet-authorised quantities; plans sells beyond today's CDSL authorisation, never T1 or pledged (no DDPI, absolute scenario path)", async () => {
    const file = scenario({
      cash: 50000,
      ddpi: false,
      holdings: [
        { tradingsymbol: 'ITC', quantity: 100, authorised_quantity: 40 },
        { tradingsymbol: 'ONGC', quantity: 200, t1_quantity: 20, collateral_quantity: 30, authorised_quantity: 200 },
      ],
      prices: { ITC: 400, ONGC: 240, HDFCBANK: 1980, INFY: 1500, RELIANCE: 1400, 'M&M': 3200, 'BAJAJ-AUTO': 5400 },
    });
    const r = await runBin([basket, '--paper', '--dry-run', '--json', '--scenario', file], { env: { KITE_REBALANCE_FAKE_NOW: '2026-11-25T10:00:00+05:30' } });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    const itc = doc.snapshot.holdings.find((h: { tradingsymbol: string }) => h.tradingsymbol === 'ITC');
    const ongc = doc.snapshot.holdings.find((h: { tradingsymbol: string }) => h.tradingsymbol === 'ONGC');
    // The run asks for the missing authorisation before the sells, so the plan may sell all 100 ITC.
    expect(itc).toMatchObject({ quantity: 100, sellable: 100 });
    expect(ongc).toMatchObject({ quantity: 200, t1_quantity: 20, collateral_quantity: 30, sellable: 150 });
    const sells = Object.fromEntries(
      doc.plan.orders
        .filter((o: { transaction_type: string }) => o.transaction_type === 'SELL')
        .map((o: { tradingsymbol: string; quantity: number }) => [o.tradingsymbol, o.quantity]),
    );
    expect(sells).toEqual({ ITC: 100, ONGC: 150 });
    expect(doc.snapshot.warnings.join(' ')).toMatch(/Selling needs a CDSL authorisation \(TPIN\) today: no DDPI or POA on file/);

    const text = await runBin([basket, '--paper', '--dry-run', '--scenario', file], { env: { KITE_REBALANCE_FAKE_NOW: '2026-11-25T10:00:00+05:30' } });
    expect(text.stdout).toMatch(/ITC: holds 100, sellable 100: 60 need a CDSL authorisation \(TPIN\) before they can be sold/);
    expect(text.stdout).toMatch(/ONGC: holds 200, sellable 150: 20 in T1 .*30 pledged/);
    expect(text.stdout).not.toMatch(/ONGC: .*need a CDSL authorisation/);
  });

  it('an order Kite reports in a status the app does not know: shown verbatim, not waited for past the limit, exit 3 with the reason', async () => {
    const file = scenario({ cash: 250000, holdings: [{ tradingsymbol: 'ITC', quantity: 300 }], statuses: { unknown: { HDFCBANK: 'HELD FOR RMS REVIEW' } } });
    const r = await runBin([basket, '--paper', '--quiet', '--scenario', file], {
      env: { KITE_REBALANCE_FAKE_NOW: '2026-11-25T10:00:00+05:30', KITE_REBALANCE_TIME_SCALE: '60' },
      timeoutMs: 90_000,
    });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/HDFCBANK BUY \d+ UNKNOWN .*Kite status "HELD FOR RMS REVIEW"/);
    expect(r.stderr).toMatch(/Not waiting any longer for BUY HDFCBANK/);
    expect(r.stdout).toMatch(/Stopped without a repair round: BUY HDFCBANK .*HELD FOR RMS REVIEW/);
  }, 120_000);

  it('waits across the 06:00 IST token expiry, logs in again by itself, and places at the open', async () => {
    // Monday 05:50 IST: the session dies at 06:00, the market opens at 09:15; the clock runs 1800× faster, so
    // the session ends somewhere in login, planning or the wait depending on the machine's speed: each of
    // those must lead to a new login (the deterministic cases are the next test).
    const r = await runBin([basket, '--paper', '--quiet'], {
      env: { KITE_REBALANCE_FAKE_NOW: '2026-11-30T05:50:00+05:30', KITE_REBALANCE_TIME_SCALE: '1800' },
      timeoutMs: 90_000,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/waiting until Mon 30 Nov 2026 09:14 IST/);
    // Wherever 06:00 fell (or, on a slow machine, before the first login), every expired session led to
    // exactly one new login and nothing failed.
    const logins = r.stderr.match(/Logged in as PA0001/g)?.length ?? 0;
    const expiries = r.stderr.match(/session expired/g)?.length ?? 0;
    expect(logins).toBe(1 + expiries);
    expect(r.stderr).not.toMatch(/broker error|TokenException/);
    expect(r.stdout).toMatch(/every order filled/);
  }, 120_000);

  it.each(['holdings', 'positions', 'margins', 'ltp', 'orders'])(
    'a session that ends while the account is read (%s refused with TokenException) logs in again and the run completes',
    async (endpoint) => {
      const file = scenario({ cash: 250000, holdings: [{ tradingsymbol: 'ITC', quantity: 300 }], faults: [{ endpoint, kind: 'token', count: 1 }] });
      const r = await runBin([basket, '--paper', '--quiet', '--scenario', file], { env: { KITE_REBALANCE_FAKE_NOW: '2026-11-25T10:00:00+05:30' } });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/Kite session expired or was invalidated .*logging in again/);
      expect(r.stderr.match(/Logged in as PA0001/g)).toHaveLength(2);
      expect(r.stdout).toMatch(/every order filled/);
    },
  );

  it('a session that ends during the overnight wait is renewed at the open, before anything is placed', async () => {
    // Sunday 12:00 IST at 7200×: nine real seconds to log in and plan before 06:00 (a loaded machine needs
    // under two), then the wait crosses it.
    const r = await runBin([basket, '--paper', '--quiet'], {
      env: { KITE_REBALANCE_FAKE_NOW: '2026-11-29T12:00:00+05:30', KITE_REBALANCE_TIME_SCALE: '7200' },
      timeoutMs: 90_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split('\n');
    const waiting = lines.findIndex((l) => /waiting until Mon 30 Nov 2026 09:14 IST/.test(l));
    const expired = lines.findIndex((l) => /session expired/.test(l));
    const firstOrder = lines.findIndex((l) => / (SELL|BUY) \d+ /.test(l));
    expect(waiting).toBeGreaterThan(0);
    expect(expired).toBeGreaterThan(waiting);
    expect(firstOrder).toBeGreaterThan(expired);
    expect(r.stdout).toMatch(/every order filled/);
  }, 120_000);

  it('Ctrl+C during the wait exits 130 at once, places nothing, and the run is recorded as cancelled', async () => {
    const data = home();
    const run = spawnBin([basket, '--paper'], { KITE_REBALANCE_FAKE_NOW: '2026-11-28T10:00:00+05:30', KITE_REBALANCE_HOME: data });
    await run.waitFor(/waiting until Mon 30 Nov 2026 09:14 IST: weekend/);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(run.stderr()).not.toMatch(/forced exit/);
    expect(run.stderr()).not.toMatch(/PUT ORDER REQ RECEIVED/);
    const history = await runBin(['history', '--paper', '--json'], { env: { KITE_REBALANCE_HOME: data } });
    expect(JSON.parse(history.stdout)).toMatchObject([{ status: 'cancelled', mode: 'paper' }]);
  });
});
