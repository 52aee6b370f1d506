import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KiteConnect, type Connect } from 'kiteconnect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFernetKey } from '../../source/auth/fernet.js';
import { isBuilt, repoRoot, runBin, spawnBin, type LiveChild } from '../support/run-bin.js';

/**
 * The real CLI, as a user runs it, against `kite-rebalance sim` in another process: dry run, the
 * non-interactive safety stop (exit 4), a live --quiet --json run, and a SIGKILL mid-run followed by
 * `resume` that places nothing twice.
 */
const FAKE_NOW = '2026-11-25T10:00:00+05:30'; // a Wednesday, market open
const API_KEY = 'paper_api_key';
const API_SECRET = 'paper_api_secret';
const basket = join(repoRoot, 'baskets', 'nifty50-momentum.json');

function scenarioFile(extra: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'kr-scn-'));
  const file = join(dir, 'scenario.json');
  writeFileSync(
    file,
    JSON.stringify({
      user: { user_id: 'SM0001', user_name: 'Sim User' },
      cash: 300000,
      holdings: [
        { tradingsymbol: 'INFY', quantity: 40, average_price: 1400 },
        { tradingsymbol: 'ITC', quantity: 200, average_price: 400 },
        { tradingsymbol: 'WIPRO', quantity: 100, average_price: 250 },
      ],
      prices: { INFY: 1500, ITC: 405, WIPRO: 260, HDFCBANK: 1980, RELIANCE: 1400, 'M&M': 3200, 'BAJAJ-AUTO': 5400 },
      volatility: 0,
      ...extra,
    }),
  );
  return file;
}

async function startSim(extra: Record<string, unknown> = {}, now = FAKE_NOW): Promise<{ sim: LiveChild; url: string; kc: Connect; token: string }> {
  const sim = spawnBin(['sim', '--port', '0', '--scenario', scenarioFile(extra)], { KITE_REBALANCE_FAKE_NOW: now });
  const url = (await sim.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 20_000, 'stdout'))[1] as string;
  // Log in the way Kite's page does: submit the login form, take request_token from the redirect, exchange it.
  const res = await fetch(`${url}/connect/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ api_key: API_KEY, user_id: 'SM0001', password: 'paper', redirect_params: '' }).toString(),
  });
  const requestToken = new URL(res.headers.get('location') as string).searchParams.get('request_token') as string;
  const kc = new KiteConnect({ api_key: API_KEY, root: url });
  const session = await kc.generateSession(requestToken, API_SECRET);
  return { sim, url, kc, token: session.access_token };
}

const appEnv = (url: string, token: string, home: string) => ({
  ZERODHA_API_KEY: API_KEY,
  KITE_API_ROOT: url,
  KITE_LOGIN_URL: `${url}/connect/login`,
  KITE_ACCESS_TOKEN: token,
  ENCRYPTION_KEY: generateFernetKey(),
  KITE_REBALANCE_FAKE_NOW: FAKE_NOW,
  KITE_REBALANCE_HOME: home,
});

describe.skipIf(!isBuilt())('CLI against a standalone simulator (live mode, real processes)', () => {
  let ctx: Awaited<ReturnType<typeof startSim>>;
  beforeAll(async () => {
    ctx = await startSim();
  });
  afterAll(() => {
    ctx?.sim.child.kill('SIGINT');
  });

  it('a dry run shows the plan and places nothing', async () => {
    const r = await runBin([basket, '--target-deficit', '1000'], { env: appEnv(ctx.url, ctx.token, mkdtempSync(join(tmpdir(), 'kr-'))) });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Target deficit now ₹[\d,.]+ \(limit ₹1,000\.00\)/);
    expect(r.stdout).toMatch(/SELL\s+200 ITC/);
    expect(r.stdout).toContain('Dry run: nothing was placed');
    expect(await read(() => ctx.kc.getOrders())).toHaveLength(0);
  });

  it('a live run without a terminal and without --quiet exits 4 before placing anything', async () => {
    const r = await runBin([basket, '--live'], { env: appEnv(ctx.url, ctx.token, mkdtempSync(join(tmpdir(), 'kr-'))) });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/needs confirmation/);
    expect(await read(() => ctx.kc.getOrders())).toHaveLength(0);
  });

  it('--live --quiet --json places every order, sells first, and prints only JSON on stdout', async () => {
    const env = appEnv(ctx.url, ctx.token, mkdtempSync(join(tmpdir(), 'kr-')));
    const r = await runBin([basket, '--live', '--quiet', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.mode).toBe('live');
    expect(doc.user_id).toBe('SM0001');
    expect(doc.basket.cash_weight).toBeCloseTo(0.05);
    expect(doc.plan.orders.length).toBeGreaterThan(3);
    expect(doc.execution.orders.every((o: { status: string }) => o.status === 'COMPLETE')).toBe(true);

    const book = await read(() => ctx.kc.getOrders());
    expect(book).toHaveLength(doc.execution.orders.length);
    expect(new Set(book.map((o) => o.tag)).size).toBe(book.length);
    const firstBuy = Math.min(...book.filter((o) => o.transaction_type === 'BUY').map((o) => Number(o.order_id.slice(-6))));
    const lastSell = Math.max(...book.filter((o) => o.transaction_type === 'SELL').map((o) => Number(o.order_id.slice(-6))));
    expect(lastSell).toBeLessThan(firstBuy);
    const holdings = await read(() => ctx.kc.getPositions());
    expect(holdings.net.find((p) => p.tradingsymbol === 'ITC')?.quantity).toBe(-200);
    expect(r.stderr).not.toContain(ctx.token);

    const history = await runBin(['history', '--json'], { env });
    expect(history.code).toBe(0);
    const runs = JSON.parse(history.stdout);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ run_id: doc.execution.run_id, user_id: 'SM0001', mode: 'live', status: 'finished' });
  });
});

describe.skipIf(!isBuilt())('an unattended live run that would outlive its Kite session', () => {
  it('stops before the weekend wait with a clear one-line error and nothing placed', async () => {
    const friday = '2026-11-27T16:00:00+05:30';
    const { sim, url, kc, token } = await startSim({}, friday);
    try {
      const env = { ...appEnv(url, token, mkdtempSync(join(tmpdir(), 'kr-'))), KITE_REBALANCE_FAKE_NOW: friday };
      const r = await runBin([basket, '--live', '--quiet'], { env });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /kite-rebalance: NSE opens Mon 30 Nov 2026 09:14 IST \(market closed for the day; then the weekend\), after the Kite session ends at 06:00 IST on Sat 28 Nov 2026; nothing was placed \(run it again after the open, or use --amo/,
      );
      expect(await read(() => kc.getOrders())).toHaveLength(0);
    } finally {
      sim.child.kill('SIGINT');
    }
  });
});

describe.skipIf(!isBuilt())('after-market orders queued by an unattended run', () => {
  it('are reported (exit 3, resume hint), and a second run does not sell the same shares again', async () => {
    const friday = '2026-11-27T16:00:00+05:30';
    const { sim, url, kc, token } = await startSim({}, friday);
    try {
      const env = { ...appEnv(url, token, mkdtempSync(join(tmpdir(), 'kr-'))), KITE_REBALANCE_FAKE_NOW: friday };
      const first = await runBin([basket, '--live', '--quiet', '--amo'], { env });
      expect(first.code, first.stderr).toBe(3);
      expect(first.stderr).toMatch(
        /kite-rebalance: placed 2 order\(s\); the rest waits for NSE to open Mon 30 Nov 2026 09:1\d IST, after the Kite session ends at 06:00 IST on Sat 28 Nov 2026 \(after the open, log in and continue with `kite-rebalance resume \w+`/,
      );
      expect(first.stderr).not.toMatch(/nothing was placed/);
      const sells = (await read(() => kc.getOrders())).filter((o) => o.transaction_type === 'SELL');
      expect(sells.map((o) => [o.tradingsymbol, o.status]).sort()).toEqual([
        ['ITC', 'AMO REQ RECEIVED'],
        ['WIPRO', 'AMO REQ RECEIVED'],
      ]);

      const dry = await runBin([basket, '--json'], { env });
      expect(dry.code, dry.stderr).toBe(0);
      const doc = JSON.parse(dry.stdout);
      expect(doc.snapshot.warnings.join('\n')).toMatch(/open SELL order for 200 ITC \(AMO REQ RECEIVED, tag K\w+\): not planned again/);
      expect(doc.plan.orders.filter((o: { transaction_type: string }) => o.transaction_type === 'SELL')).toEqual([]);

      const second = await runBin([basket, '--live', '--quiet', '--amo'], { env });
      expect(second.code).toBe(2);
      expect(second.stderr).toMatch(
        /kite-rebalance: run \w+ still has 2 open order\(s\) \(SELL 200 ITC, SELL 100 WIPRO\); nothing was placed \(finish it with `kite-rebalance resume \w+`/,
      );
      expect(await read(() => kc.getOrders())).toHaveLength(2);
    } finally {
      sim.child.kill('SIGINT');
    }
  });
});

describe.skipIf(!isBuilt())('kite-rebalance sim', () => {
  it('prints the URL it listens on, serves the official client, and stops cleanly on Ctrl+C', async () => {
    const { sim, kc } = await startSim();
    expect((await kc.getProfile()).user_id).toBe('SM0001');
    sim.child.kill('SIGINT');
    expect(await sim.exited).toBe(0);
  });
});

describe.skipIf(!isBuilt())('SIGKILL in the middle of a live run, then resume', () => {
  it('ends with exactly one order per intended leg', async () => {
    const { sim, url, kc, token } = await startSim({ fill: { delay_ms: 8_000 } });
    try {
      const home = mkdtempSync(join(tmpdir(), 'kr-'));
      const env = appEnv(url, token, home);
      const run = spawnBin([basket, '--live', '--quiet'], env);
      const runId = (await run.waitFor(/run (\w+) started/))[1] as string;
      await run.waitFor(/PUT ORDER REQ RECEIVED/);
      run.child.kill('SIGKILL');
      await run.exited;
      // The killed app may have used up this second's request budget of the shared API key.
      const placedBefore = (await read(() => kc.getOrders())).length;
      expect(placedBefore).toBeGreaterThan(0);

      const resumed = await runBin(['resume', runId, '--quiet', '--json'], { env, timeoutMs: 120_000 });
      expect([0, 3], resumed.stderr).toContain(resumed.code);
      const doc = JSON.parse(resumed.stdout);
      const book = await read(() => kc.getOrders());
      const tags = book.map((o) => o.tag);
      expect(new Set(tags).size, `duplicate tags: ${tags.join(',')}`).toBe(tags.length);
      const legTags = new Set(doc.orders.filter((o: { order_id: string | null }) => o.order_id).map((o: { tag: string }) => o.tag));
      expect(new Set(tags)).toEqual(legTags);
      expect(book.length).toBeGreaterThanOrEqual(placedBefore);
    } finally {
      sim.child.kill('SIGINT');
    }
  }, 180_000);
});

/** A read of the simulator's account from the test, waiting out its rate limit (the app shares the API key). */
async function read<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (attempt >= 10 || !/too many requests/i.test(String((e as { message?: unknown }).message))) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

describe.skipIf(!isBuilt())('SIGKILL in the middle of a --buy-only --cash-reserve run, then resume', () => {
  it('resume keeps the run’s options: the simulator sees no sell, and the reserve is still in cash', async () => {
    const reserve = 200_000;
    const { sim, url, kc, token } = await startSim({ fill: { delay_ms: 8_000 } });
    try {
      const before = (await read(() => kc.getMargins())).equity;
      expect(before?.net).toBe(300_000);
      const env = appEnv(url, token, mkdtempSync(join(tmpdir(), 'kr-')));
      const run = spawnBin([basket, '--live', '--quiet', '--buy-only', '--cash-reserve', String(reserve)], env);
      const runId = (await run.waitFor(/run (\w+) started/))[1] as string;
      await run.waitFor(/PUT ORDER REQ RECEIVED/);
      run.child.kill('SIGKILL');
      await run.exited;
      expect((await read(() => kc.getOrders())).length).toBeGreaterThan(0);

      // resume takes no run-option flag: what the run was started with comes from its journal record.
      const resumed = await runBin(['resume', runId, '--quiet', '--json'], { env, timeoutMs: 150_000 });
      expect([0, 3], resumed.stderr).toContain(resumed.code);

      const book = await read(() => kc.getOrders());
      expect(book.filter((o) => o.transaction_type === 'SELL')).toEqual([]);
      const bought = book.filter((o) => o.transaction_type === 'BUY' && o.status === 'COMPLETE');
      expect(bought.length).toBeGreaterThan(1);
      const spent = bought.reduce((s, o) => s + o.average_price * o.filled_quantity, 0);
      expect(spent).toBeGreaterThan(50_000); // the run did invest what it was allowed to…
      const after = (await read(() => kc.getMargins())).equity;
      expect(after?.net).toBeGreaterThanOrEqual(reserve); // …and no more
      const holdings = await read(() => kc.getHoldings());
      const positions = await read(() => kc.getPositions());
      for (const [symbol, quantity] of [
        ['INFY', 40],
        ['ITC', 200],
        ['WIPRO', 100],
      ] as const) {
        const held = holdings.find((h) => h.tradingsymbol === symbol)?.quantity ?? 0;
        const net = positions.net.find((p) => p.tradingsymbol === symbol)?.quantity ?? 0;
        expect(held + net, symbol).toBeGreaterThanOrEqual(quantity);
      }
    } finally {
      sim.child.kill('SIGINT');
    }
  }, 200_000);
});
