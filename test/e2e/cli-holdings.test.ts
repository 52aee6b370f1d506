import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KiteConnect } from 'kiteconnect';
import { describe, expect, it } from 'vitest';
import { generateFernetKey } from '../../source/auth/fernet.js';
import { isBuilt, repoRoot, runBin, spawnBin } from '../support/run-bin.js';
import { jsonFile } from '../support/scenario-file.js';

/**
 * Holdings as a real account may report them, run as a user runs the app: the observed reading of
 * `quantity` (T1 and pledged on top), `quantity` dropping after a same-day sale, and holdings under other
 * names than the basket's NSE tickers.
 */
const FAKE_NOW = '2026-11-25T10:00:00+05:30'; // a Wednesday, market open
const basket = join(repoRoot, 'baskets', 'nifty50-momentum.json');
const PRICES = { INFY: 1500, ITC: 405, HDFCBANK: 1980, RELIANCE: 1400, 'M&M': 3200, 'BAJAJ-AUTO': 5400 };

const file = (name: string, content: unknown) => jsonFile(content, name);

type Order = { tradingsymbol: string; transaction_type: string; quantity: number };
const dryRun = (scenario: string, basketFile = basket) =>
  runBin([basketFile, '--paper', '--dry-run', '--json', '--scenario', scenario], { env: { KITE_REBALANCE_FAKE_NOW: FAKE_NOW } });

describe.skipIf(!isBuilt())("holdings under both readings of Kite's fields (paper, dry run)", () => {
  it('the day after a buy, T1 shares shown on top of quantity (observed) are not bought again: same plan as under the documented reading', async () => {
    // 100 INFY (40 still in T1) at 1500 = 150,000 = exactly the basket's 20% of 750,000.
    const account = {
      cash: 600_000,
      holdings: [{ tradingsymbol: 'INFY', quantity: 100, t1_quantity: 40, average_price: 1400 }],
      prices: PRICES,
      volatility: 0,
    };
    const documented = await dryRun(file('scenario.json', { ...account, holdings_semantics: 'documented' }));
    const observed = await dryRun(file('scenario.json', { ...account, holdings_semantics: 'observed' }));
    for (const r of [documented, observed]) expect(r.code, r.stderr).toBe(0);
    const [doc, obs] = [JSON.parse(documented.stdout), JSON.parse(observed.stdout)];
    expect(obs.snapshot.holdings.find((h: { tradingsymbol: string }) => h.tradingsymbol === 'INFY')).toMatchObject({
      quantity: 100,
      t1_quantity: 40,
      sellable: 60,
    });
    expect(obs.snapshot.total_value).toBe(750_000);
    expect(obs.plan.orders.filter((o: Order) => o.tradingsymbol === 'INFY')).toEqual([]);
    expect(obs.plan.orders.length).toBeGreaterThan(0);
    expect(obs.plan.orders).toEqual(doc.plan.orders);
  });
});

describe.skipIf(!isBuilt())("holdings under other names than the basket's NSE tickers (paper, dry run)", () => {
  const scenario = () =>
    file('scenario.json', {
      cash: 100_000,
      holdings: [
        { tradingsymbol: 'RELIANCE', exchange: 'BSE', quantity: 40, average_price: 1200, isin: 'INE002A01018' },
        { tradingsymbol: 'CENTRALBK-BE', quantity: 1000, average_price: 35, isin: 'INE483A01010' },
        { tradingsymbol: 'ETERNAL', reported_as: 'ZOMATO', quantity: 200, average_price: 180, isin: 'INE758T01015' },
        { tradingsymbol: 'BSEONLY', exchange: 'BSE', nse_listed: false, quantity: 10, average_price: 240, isin: 'INE999Z01011' },
      ],
      prices: { ...PRICES, 'CENTRALBK-BE': 38.5, ETERNAL: 300, BSEONLY: 250 },
      volatility: 0,
    });

  it("counts them as the NSE stock, trades under NSE's symbol, and only reports the stock NSE does not list", async () => {
    const basketFile = file('basket.json', {
      stocks: [
        { stock_ticker: 'RELIANCE', weight: 0.4 },
        { stock_ticker: 'CENTRALBK', weight: 0.3 },
        { stock_ticker: 'INFY', weight: 0.25 },
      ],
    });
    const r = await dryRun(scenario(), basketFile);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.basket.weights).toEqual({ RELIANCE: 0.4, 'CENTRALBK-BE': 0.3, INFY: 0.25 });
    const held = Object.fromEntries(doc.snapshot.holdings.map((h: { tradingsymbol: string }) => [h.tradingsymbol, h]));
    expect(held.RELIANCE).toMatchObject({ exchange: 'NSE', quantity: 40, sellable: 40 });
    expect(held['CENTRALBK-BE']).toMatchObject({ quantity: 1000 });
    expect(held.ETERNAL).toMatchObject({ quantity: 200, sellable: 200 });
    expect(held.BSEONLY).toMatchObject({ exchange: 'BSE', quantity: 10, sellable: 0, untradable: expect.stringMatching(/NSE does not list it/) });
    const orders: Order[] = doc.plan.orders;
    // ETERNAL is not in the basket: sold, under NSE's current symbol; the BSE-only stock never goes to NSE.
    expect(orders).toContainEqual(expect.objectContaining({ tradingsymbol: 'ETERNAL', transaction_type: 'SELL', quantity: 200 }));
    expect(orders.map((o) => o.tradingsymbol)).not.toEqual(expect.arrayContaining(['ZOMATO']));
    expect(orders.map((o) => o.tradingsymbol)).not.toContain('BSEONLY');
    expect(orders.map((o) => o.tradingsymbol)).not.toContain('CENTRALBK');
    expect(doc.plan.skipped).toContainEqual({ tradingsymbol: 'BSEONLY', reason: expect.stringMatching(/^not traded: held via BSE as BSEONLY/) });

    const text = await runBin([basketFile, '--paper', '--dry-run', '--scenario', scenario()], { env: { KITE_REBALANCE_FAKE_NOW: FAKE_NOW } });
    expect(text.stdout).toMatch(/skip BSEONLY: not traded: held via BSE as BSEONLY \(ISIN INE999Z01011\): NSE does not list it/);
    expect(text.stdout).toMatch(/warning: CENTRALBK trades on NSE as CENTRALBK-BE/);
  });

  it('basket tickers NSE does not list stop the run before planning: exit 2, one line naming each and the closest listed, no order', async () => {
    const basketFile = file('basket.json', {
      stocks: [
        { stock_ticker: 'RELIANC', weight: 0.4 },
        { stock_ticker: 'INFY', weight: 0.2 },
        { stock_ticker: 'ZOMATO', weight: 0.1 },
        { stock_ticker: 'HDFCBANKK', weight: 0.25 },
      ],
    });
    const r = await runBin([basketFile, '--paper', '--quiet', '--scenario', scenario()], { env: { KITE_REBALANCE_FAKE_NOW: FAKE_NOW } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^kite-rebalance: NSE does not list these 3 basket tickers: RELIANC \(closest listed: RELIANCE\); ZOMATO \(closest listed: ETERNAL\); HDFCBANKK \(closest listed: HDFCBANK\b[^)]*\)/m,
    );
    expect(r.stderr).not.toMatch(/PUT ORDER REQ RECEIVED|Planned orders/);
    expect(r.stdout).not.toMatch(/Planned orders/);
  });
});

describe.skipIf(!isBuilt())('a live run whose repair round follows a same-day sale, when quantity drops after the sale', () => {
  it('does not buy back what it sold (standalone simulator, quantity_drops_after_sale)', async () => {
    const scenario = file('scenario.json', {
      user: { user_id: 'SM0002', user_name: 'Sim User' },
      cash: 100_000,
      // INFY is far overweight (300,000 of 481,000): about 136 are sold, and the rest stays on target.
      holdings: [
        { tradingsymbol: 'INFY', quantity: 200, average_price: 1400 },
        { tradingsymbol: 'ITC', quantity: 200, average_price: 400 },
      ],
      prices: PRICES,
      volatility: 0,
      quantity_drops_after_sale: true,
    });
    const sim = spawnBin(['sim', '--port', '0', '--scenario', scenario], { KITE_REBALANCE_FAKE_NOW: FAKE_NOW });
    try {
      const url = (await sim.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 20_000, 'stdout'))[1] as string;
      const login = await fetch(`${url}/connect/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ api_key: 'paper_api_key', user_id: 'SM0002', password: 'paper', redirect_params: '' }).toString(),
      });
      const requestToken = new URL(login.headers.get('location') as string).searchParams.get('request_token') as string;
      const kc = new KiteConnect({ api_key: 'paper_api_key', root: url });
      const { access_token } = await kc.generateSession(requestToken, 'paper_api_secret');
      const env = {
        ZERODHA_API_KEY: 'paper_api_key',
        KITE_API_ROOT: url,
        KITE_LOGIN_URL: `${url}/connect/login`,
        KITE_ACCESS_TOKEN: access_token,
        ENCRYPTION_KEY: generateFernetKey(),
        KITE_REBALANCE_FAKE_NOW: FAKE_NOW,
        KITE_REBALANCE_HOME: mkdtempSync(join(tmpdir(), 'kr-')),
      };
      const r = await runBin([basket, '--live', '--quiet', '--json'], { env, timeoutMs: 90_000 });
      expect([0, 3], r.stderr).toContain(r.code);
      const book = await kc.getOrders();
      const infy = book.filter((o) => o.tradingsymbol === 'INFY' && o.status === 'COMPLETE');
      const sold = infy.filter((o) => o.transaction_type === 'SELL').reduce((n, o) => n + o.filled_quantity, 0);
      expect(sold).toBeGreaterThan(100);
      expect(infy.filter((o) => o.transaction_type === 'BUY')).toEqual([]);
      // The account really shows the sale in both places: quantity dropped, and a negative CNC position.
      const holding = (await kc.getHoldings()).find((h) => h.tradingsymbol === 'INFY')!;
      expect(holding).toMatchObject({ quantity: 200 - sold, used_quantity: sold });
      expect((await kc.getPositions()).net.find((p) => p.tradingsymbol === 'INFY')?.quantity).toBe(-sold);
      // A fresh look after the run sees what is really held, and wants no INFY back.
      const after = await runBin([basket, '--json'], { env });
      const doc = JSON.parse(after.stdout);
      expect(doc.snapshot.holdings.find((h: { tradingsymbol: string }) => h.tradingsymbol === 'INFY').quantity).toBe(200 - sold);
      expect(doc.plan.orders.filter((o: Order) => o.tradingsymbol === 'INFY')).toEqual([]);
    } finally {
      sim.child.kill('SIGINT');
    }
  }, 150_000);
});
