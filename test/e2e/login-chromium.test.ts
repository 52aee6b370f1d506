/**
 * Acceptance: real headless Chromium is the browser the app opens. It loads the simulator's login page,
 * the form is submitted in the browser, Chromium follows the redirect to the app's callback, and the app
 * ends with a stored, encrypted, validated token. With a wrong nonce no token is stored.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fernetDecrypt, generateFernetKey } from '../../source/auth/fernet.js';
import { fetchProfile } from '../../source/auth/kite-session.js';
import { loginWithBrowser, type LoginStatus } from '../../source/auth/login.js';
import { resolveSession } from '../../source/auth/session.js';
import { systemClock } from '../../source/core/clock.js';
import { AppError } from '../../source/core/errors.js';
import { startSimulator, type RunningSim } from '../../source/sim/index.js';
import { EmbeddedTokenStore } from '../../source/store/embedded-tokens.js';
import { freePort } from '../support/fake-kite.js';
import { CHROMIUM, haveChromium, killChromium, launchChromium, tabWith, type RunningChromium } from '../support/chromium.js';

if (!haveChromium) console.warn(`SKIPPED Chromium login e2e: ${CHROMIUM} is not installed (apt-get install -y chromium)`);

const API_KEY = 'paper_api_key';
const API_SECRET = 'paper_api_secret';

/** The tab Chromium opened on the login page. */
const loginTab = (browser: Browser): Promise<Page> => tabWith(browser, '/connect/login');

describe.skipIf(!haveChromium)('login with real headless Chromium against the simulator', () => {
  let sim: RunningSim;
  let redirectUrl: string;
  let home: string;
  let running: RunningChromium | undefined;
  const key = generateFernetKey();

  beforeAll(async () => {
    const port = await freePort();
    redirectUrl = `http://localhost:${port}/callback`;
    sim = await startSimulator({ clock: systemClock, port: 0, apiKey: API_KEY, apiSecret: API_SECRET, redirectUrl, quiet: true });
  });
  afterAll(() => sim.close());
  afterEach(async () => {
    await killChromium(running);
    running = undefined;
    rmSync(home, { recursive: true, force: true });
  });

  /** The session options every case shares: the simulator, the test key, quiet choice, this token store. */
  const sessionFor = (tokens: EmbeddedTokenStore) => ({
    env: {},
    stores: { tokens },
    clock: systemClock,
    apiKey: API_KEY,
    apiRoot: sim.url,
    encryptionKey: key,
    quiet: true,
  });

  const login = (opts: { tamper?: (url: string) => string; onPage: (page: Page) => Promise<void>; signal?: AbortSignal; statuses?: LoginStatus[] }) =>
    loginWithBrowser({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      apiRoot: sim.url,
      loginUrl: `${sim.url}/connect/login`,
      redirectUrl,
      timeoutMs: 60_000,
      handleSigint: false,
      signal: opts.signal,
      onStatus: (s) => opts.statuses?.push(s),
      openBrowser: async (url) => {
        running = await launchChromium(opts.tamper ? opts.tamper(url) : url);
        void opts.onPage(await loginTab(running.browser));
      },
    });

  it('submitting the simulator login form in Chromium ends with a stored, encrypted, validated token', async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'kr-e2e-'));
    const tokens = new EmbeddedTokenStore(home);
    let callbackText: Promise<string> | undefined;
    const session = await resolveSession({
      ...sessionFor(tokens),
      login: () =>
        login({
          onPage: async (page) => {
            await page.waitForSelector('#login-submit');
            callbackText = Promise.all([page.waitForURL(/\/callback\?/), page.click('#login-submit')]).then(() => page.locator('#detail').innerText());
          },
        }),
    });
    expect(session.source).toBe('login');
    expect(session.userId).toBe('PA0001');
    expect(await callbackText).toContain('Logged in to Kite as PA0001');

    const raw = readFileSync(path.join(home, 'tokens.json'), 'utf8');
    expect(raw).not.toContain(session.accessToken);
    const record = (await tokens.get('PA0001'))!;
    expect(record.is_active).toBe(true);
    expect(fernetDecrypt(key, record.encrypted_access_token)).toBe(session.accessToken);
    expect(await fetchProfile({ apiKey: API_KEY, apiRoot: sim.url }, session.accessToken)).toMatchObject({ userId: 'PA0001' });

    // The next run finds it, validates it with getProfile against the simulator, and needs no login.
    const again = await resolveSession({
      ...sessionFor(tokens),
      login: async () => {
        throw new Error('must not log in again');
      },
    });
    expect(again).toMatchObject({ source: 'stored', userId: 'PA0001', accessToken: session.accessToken });
  });

  it('a wrong nonce: the callback page in Chromium says why, and no token is stored', async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'kr-e2e-'));
    const tokens = new EmbeddedTokenStore(home);
    const ac = new AbortController();
    let pageSaid = '';
    const statuses: LoginStatus[] = [];
    const tamper = (url: string) => {
      const u = new URL(url);
      u.searchParams.set('redirect_params', `nonce=${'0'.repeat(32)}`);
      return u.toString();
    };
    const result = resolveSession({
      ...sessionFor(tokens),
      login: () =>
        login({
          tamper,
          signal: ac.signal,
          statuses,
          onPage: async (page) => {
            await page.waitForSelector('#login-submit');
            await Promise.all([page.waitForURL(/\/callback\?/), page.click('#login-submit')]);
            pageSaid = await page.locator('body').innerText();
            ac.abort();
          },
        }),
    });
    const err = await result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe('cancelled');
    expect(pageSaid).toContain('Login callback rejected');
    expect(pageSaid).toContain('nonce does not match');
    expect(statuses.some((s) => s.type === 'callback-rejected')).toBe(true);
    expect(statuses.some((s) => s.type === 'logged-in')).toBe(false);
    expect(await tokens.list()).toEqual([]);
  });
});
