/**
 * No secret in any output: run the login and token flows with their plain-text printers wired to stdout /
 * stderr, capture everything written (and every message, page and status), then search it for the API
 * secret, every access and request token, and the encryption key.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logoutCommand, usersCommand } from '../../source/auth/commands.js';
import { generateFernetKey } from '../../source/auth/fernet.js';
import { loginWithBrowser, type LoginOptions } from '../../source/auth/login.js';
import { isNotableTick, loginStatusLine } from '../../source/auth/login-status-text.js';
import { resolveSession } from '../../source/auth/session.js';
import { systemClock } from '../../source/core/clock.js';
import { startSimulator, type RunningSim } from '../../source/sim/index.js';
import { EmbeddedTokenStore } from '../../source/store/embedded-tokens.js';
import { browse } from '../support/fake-browser.js';
import { freePort } from '../support/fake-kite.js';

const API_KEY = 'paper_api_key';
const API_SECRET = 'paper_api_secret_for_leak_test';
const KEY = generateFernetKey();

let sim: RunningSim;
let redirectUrl: string;
const captured: string[] = [];
const secrets = new Set<string>([API_SECRET, KEY]);
let restore: () => void = () => undefined;

function captureOutput() {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const grab = (chunk: unknown) => captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
  // Swallowed, not passed through: the flows' lines would only be noise in the test report.
  process.stdout.write = ((c: unknown) => (grab(c), true)) as typeof process.stdout.write;
  process.stderr.write = ((c: unknown) => (grab(c), true)) as typeof process.stderr.write;
  return () => {
    process.stdout.write = out;
    process.stderr.write = err;
  };
}

const print = (line: string | null) => line !== null && process.stderr.write(line + '\n');

beforeAll(async () => {
  redirectUrl = `http://localhost:${await freePort()}/callback`;
  sim = await startSimulator({ clock: systemClock, port: 0, apiKey: API_KEY, apiSecret: API_SECRET, redirectUrl, quiet: true });
  restore = captureOutput();
});
afterAll(async () => {
  restore();
  await sim.close();
});

const loginOpts = (over: Partial<LoginOptions> = {}): LoginOptions => ({
  apiKey: API_KEY,
  apiSecret: API_SECRET,
  apiRoot: sim.url,
  loginUrl: `${sim.url}/connect/login`,
  redirectUrl,
  handleSigint: false,
  isTty: false,
  onStatus: (s) => isNotableTick(s) && print(loginStatusLine(s)),
  ...over,
});

describe('no secret appears in output', () => {
  it('runs the flows with their printers, then finds none of the secrets in anything they produced', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'kr-leak-'));
    const tokens = new EmbeddedTokenStore(home);
    const common = {
      env: {},
      stores: { tokens },
      clock: systemClock,
      apiKey: API_KEY,
      apiRoot: sim.url,
      encryptionKey: KEY,
      onNotice: (l: string) => print(l),
    };

    // 1. Paper login (auto-submit) through resolveSession, then a stored-token run.
    const s1 = await resolveSession({ ...common, quiet: true, login: () => loginWithBrowser(loginOpts({ autoSubmit: true })) });
    expect(s1).toMatchObject({ source: 'login', userId: 'PA0001' });
    secrets.add(s1.accessToken);
    const s2 = await resolveSession({
      ...common,
      quiet: true,
      login: async () => {
        throw new Error('unexpected');
      },
    });
    expect(s2.source).toBe('stored');

    // 2. A browser login: the request token is visible to the browser only.
    const pages: string[] = [];
    const s3 = await loginWithBrowser(
      loginOpts({
        openBrowser: async (url) => {
          const r = await browse(url);
          secrets.add(new URL(r.callbackUrl).searchParams.get('request_token')!);
          pages.push(r.callbackHtml);
        },
      }),
    );
    secrets.add(s3.accessToken);

    // 3. Wrong secret: the error and the page.
    const err = await loginWithBrowser(
      loginOpts({
        apiSecret: 'another_wrong_secret_value',
        openBrowser: async (url) => {
          const r = await browse(url);
          secrets.add(new URL(r.callbackUrl).searchParams.get('request_token')!);
          pages.push(r.callbackHtml);
        },
      }),
    ).catch((e: unknown) => e as Error);
    secrets.add('another_wrong_secret_value');
    print(`error: ${(err as Error).message}`);

    // 4. A rejected env token, users, logout.
    const bogus = 'zz' + 'q'.repeat(30);
    secrets.add(bogus);
    const envErr = await resolveSession({
      ...common,
      env: { accessToken: bogus },
      quiet: true,
      login: async () => {
        throw new Error('no');
      },
    }).catch((e: unknown) => e as Error);
    print(`error: ${(envErr as Error).message}`);
    for (const l of await usersCommand({ tokens, clock: systemClock })) print(l);
    for (const l of await logoutCommand({ tokens, clock: systemClock, encryptionKey: KEY, app: { apiKey: API_KEY, apiRoot: sim.url } })) print(l);

    const haystack = [...captured, ...pages].join('\n');
    expect(haystack).toContain('Logged in as PA0001');
    expect(haystack).toContain('Invalid `checksum`');
    expect(secrets.size).toBeGreaterThanOrEqual(7);
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(8);
      expect(haystack.includes(secret), `a secret (${secret.slice(0, 3)}…) leaked into output`).toBe(false);
    }
  });
});
