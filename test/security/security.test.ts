import net from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { KiteConnect } from 'kiteconnect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFernetKey } from '../../source/auth/fernet.js';
import { loginWithBrowser, type LoginOptions } from '../../source/auth/login.js';
import { browse, type BrowseResult } from '../support/fake-browser.js';
import { freePort, startFakeKite, type FakeKite } from '../support/fake-kite.js';
import { isBuilt, repoRoot, runBin, spawnBin } from '../support/run-bin.js';
import { findSecrets } from '../setup/secret-patterns.js';

/**
 * Issue 10's security checks that no other suite makes (the 0600/0700 token file, the nonce checks and the
 * non-interactive `--live` stop are in test/store, test/auth and test/e2e): the callback server cannot be reached
 * from another machine, a replayed callback stores nothing, and no secret is written anywhere in the data folder
 * by a whole paper run and a whole live run.
 */
const API_KEY = 'paper_api_key';
const API_SECRET = 'security_secret_not_real';
const nonLoopback = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
if (!nonLoopback) console.warn('SKIPPED the non-loopback callback check: this machine has no non-loopback IPv4 address');

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

describe('the login callback server', () => {
  let kite: FakeKite;
  let port: number;
  let options: LoginOptions;
  beforeAll(async () => {
    port = await freePort();
    const redirectUrl = `http://localhost:${port}/callback`;
    kite = await startFakeKite({ apiKey: API_KEY, apiSecret: API_SECRET, redirectUrl });
    options = { apiKey: API_KEY, apiSecret: API_SECRET, apiRoot: kite.url, loginUrl: kite.loginUrl, redirectUrl, handleSigint: false };
  });
  afterAll(() => kite.close());

  it.skipIf(!nonLoopback)(`listens on loopback only: ${nonLoopback ?? 'no address'} is refused while 127.0.0.1 answers`, async () => {
    const seen: { loopback?: boolean; outside?: boolean } = {};
    const open = async (url: string) => {
      seen.loopback = await connects('127.0.0.1', port);
      seen.outside = await connects(nonLoopback!, port);
      await browse(url);
    };
    const session = await loginWithBrowser({ ...options, openBrowser: open });
    expect(session.userId).toBe('PA0001');
    expect(seen).toEqual({ loopback: true, outside: false });
  });

  it('a replayed callback (same nonce, same request token) reaches nothing and no second session is made', async () => {
    let first: BrowseResult | undefined;
    const session = await loginWithBrowser({ ...options, openBrowser: async (url) => void (first = await browse(url)) });
    await expect.poll(() => first).toBeDefined();
    const issued = kite.issuedAccessTokens.length;
    const replay = await fetch(first!.callbackUrl).then(
      (r) => r.status,
      () => 'refused' as const,
    );
    expect(replay).toBe('refused');
    expect(kite.issuedAccessTokens.length).toBe(issued);
    expect(session.accessToken).toBe(kite.issuedAccessTokens.at(-1));
  });

  it('callbacks with a wrong nonce exchange no request token: only the genuine one makes a session', async () => {
    const before = kite.issuedAccessTokens.length;
    const pages: BrowseResult[] = [];
    const open = async (url: string) => {
      pages.push(await browse(url, { rewriteCallback: (u) => (u.searchParams.set('nonce', '0'.repeat(32)), u) }));
      pages.push(await browse(url, { rewriteCallback: (u) => (u.searchParams.set('nonce', ''), u) }));
      await browse(url);
    };
    await loginWithBrowser({ ...options, openBrowser: open });
    expect(pages.map((p) => p.callbackStatus)).toEqual([400, 400]);
    expect(kite.issuedAccessTokens.length).toBe(before + 1);
  });
});

/** Every file under `dir`: path, text and mode. */
function filesUnder(dir: string): { path: string; text: string; mode: number }[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    const s = statSync(p);
    return s.isDirectory() ? filesUnder(p) : [{ path: p, text: readFileSync(p, 'utf8'), mode: s.mode & 0o777 }];
  });
}

/** Plain-text secrets in the data folder; tokens.json holds Fernet ciphertext (a token pattern may occur in it by chance). */
function secretsAt(home: string, known: string[]): string[] {
  // Paper mode keeps its own (paper-only) encryption key in this 0600 file, by design.
  return filesUnder(home).flatMap((f) => {
    if (f.path.endsWith('paper-encryption.key')) return [];
    const exact = known.filter((s) => f.text.includes(s)).map((s) => `${f.path}: ${s.slice(0, 4)}…`);
    const patterns = /tokens\.json$/.test(f.path) ? [] : findSecrets(f.text, []).map((s) => `${f.path}: ${s.slice(0, 4)}…`);
    return [...exact, ...patterns];
  });
}

const basket = join(repoRoot, 'baskets', 'nifty50-momentum.json');
const FAKE_NOW = '2026-11-25T10:00:00+05:30';

describe.skipIf(!isBuilt())('no secret in the data folder after whole runs', () => {
  it('a paper run (login, stored token, journal): tokens encrypted, files 0600 in 0700 folders, nothing in plain text', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kr-sec-paper-'));
    const r = await runBin([basket, '--paper', '--quiet'], { env: { KITE_REBALANCE_HOME: home, KITE_REBALANCE_FAKE_NOW: FAKE_NOW } });
    expect(r.code, r.stderr).toBe(0);
    const files = filesUnder(home);
    const tokens = files.find((f) => f.path.endsWith('tokens.json'));
    expect(tokens).toBeDefined();
    const records = Object.values((JSON.parse(tokens!.text) as { tokens: Record<string, { encrypted_access_token: string }> }).tokens);
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) expect(record.encrypted_access_token).toMatch(/^gAAAAA/); // Fernet, never the token itself
    const key = readFileSync(join(home, 'paper', 'paper-encryption.key'), 'utf8').trim();
    expect(secretsAt(home, [key, 'paper_api_secret'])).toEqual([]);
    for (const f of files) expect(f.mode, f.path).toBe(0o600);
    expect(statSync(join(home, 'paper')).mode & 0o777).toBe(0o700);
  });

  it('a live run against the simulator on KITE_ACCESS_TOKEN: the token, API secret and encryption key are nowhere in the data folder', async () => {
    const scenario = join(mkdtempSync(join(tmpdir(), 'kr-sec-scn-')), 'scenario.json');
    writeFileSync(
      scenario,
      JSON.stringify({
        user: { user_id: 'SC0001', user_name: 'Security Check' },
        cash: 300000,
        holdings: [{ tradingsymbol: 'ITC', quantity: 200, average_price: 400 }],
        prices: { ITC: 405, HDFCBANK: 1980, INFY: 1500, RELIANCE: 1400, 'M&M': 3200, 'BAJAJ-AUTO': 5400 },
        volatility: 0,
      }),
    );
    const sim = spawnBin(['sim', '--port', '0', '--scenario', scenario], { KITE_REBALANCE_FAKE_NOW: FAKE_NOW });
    try {
      const url = (await sim.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 20_000, 'stdout'))[1] as string;
      const res = await fetch(`${url}/connect/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ api_key: API_KEY, user_id: 'SC0001', password: 'paper', redirect_params: '' }).toString(),
      });
      const requestToken = new URL(res.headers.get('location') as string).searchParams.get('request_token') as string;
      const session = await new KiteConnect({ api_key: API_KEY, root: url }).generateSession(requestToken, 'paper_api_secret');
      const home = mkdtempSync(join(tmpdir(), 'kr-sec-live-'));
      const encryptionKey = generateFernetKey();
      const env = {
        ZERODHA_API_KEY: API_KEY,
        ZERODHA_API_SECRET: 'paper_api_secret',
        KITE_API_ROOT: url,
        KITE_LOGIN_URL: `${url}/connect/login`,
        KITE_ACCESS_TOKEN: session.access_token,
        ENCRYPTION_KEY: encryptionKey,
        KITE_REBALANCE_FAKE_NOW: FAKE_NOW,
        KITE_REBALANCE_HOME: home,
        MONGODB_URI: '',
      };
      const r = await runBin([basket, '--live', '--quiet', '--json'], { env });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).execution.orders.length).toBeGreaterThan(0);
      const secrets = [session.access_token, requestToken, 'paper_api_secret', encryptionKey];
      for (const s of secrets) expect(r.stdout + r.stderr).not.toContain(s);
      expect(filesUnder(home).some((f) => f.path.includes('runs'))).toBe(true);
      expect(secretsAt(home, secrets)).toEqual([]);
    } finally {
      sim.child.kill('SIGINT');
    }
  });
});
