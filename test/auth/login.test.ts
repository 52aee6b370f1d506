import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginWithBrowser, type LoginOptions, type LoginStatus } from '../../source/auth/login.js';
import { fetchProfile } from '../../source/auth/kite-session.js';
import { manualClock } from '../../source/core/clock.js';
import { AppError } from '../../source/core/errors.js';
import { ExitCode } from '../../source/core/exit-codes.js';
import { browse, type BrowseResult } from '../support/fake-browser.js';
import { freePort, startFakeKite, type FakeKite } from '../support/fake-kite.js';

const API_KEY = 'paper_api_key';
const API_SECRET = 'test_secret_not_real';

let kite: FakeKite;
let port: number;
let redirectUrl: string;

beforeAll(async () => {
  port = await freePort();
  redirectUrl = `http://localhost:${port}/callback`;
  kite = await startFakeKite({ apiKey: API_KEY, apiSecret: API_SECRET, redirectUrl });
});
afterAll(() => kite.close());

function portIsFree(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(p, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

const base = (over: Partial<LoginOptions> = {}): LoginOptions => ({
  apiKey: API_KEY,
  apiSecret: API_SECRET,
  apiRoot: kite.url,
  loginUrl: kite.loginUrl,
  redirectUrl,
  handleSigint: false,
  ...over,
});

/** A browser that the app "opens": it records what the page said. */
function browserThat(action: (url: string) => Promise<BrowseResult>) {
  const seen: { result?: BrowseResult; error?: unknown } = {};
  const open = async (url: string) => {
    void action(url).then(
      (r) => (seen.result = r),
      (e: unknown) => (seen.error = e),
    );
  };
  return { open, seen };
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => {
      throw new Error('expected the login to fail');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('loginWithBrowser', () => {
  it('paper mode: submits the login form itself and returns a session Kite accepts; the server is closed', async () => {
    const statuses: LoginStatus[] = [];
    const s = await loginWithBrowser(base({ autoSubmit: true, onStatus: (x) => statuses.push(x) }));
    expect(s.userId).toBe('PA0001');
    expect(s.userName).toBe('Paper Trader');
    expect(await fetchProfile({ apiKey: API_KEY, apiRoot: kite.url }, s.accessToken)).toEqual({ userId: 'PA0001', userName: 'Paper Trader' });
    expect(statuses.map((x) => x.type)).toContain('logged-in');
    expect(await portIsFree(port)).toBe(true);
  });

  it('builds the login URL with v=3, the api key and a fresh nonce in redirect_params; OSC 8 link on a TTY', async () => {
    const urls: { url: string; display: string }[] = [];
    for (let i = 0; i < 2; i++) {
      await loginWithBrowser(base({ autoSubmit: true, isTty: true, onStatus: (x) => x.type === 'login-url' && urls.push({ url: x.url, display: x.display }) }));
    }
    const u = new URL(urls[0]!.url);
    expect(`${u.origin}${u.pathname}`).toBe(kite.loginUrl);
    expect(u.searchParams.get('v')).toBe('3');
    expect(u.searchParams.get('api_key')).toBe(API_KEY);
    expect(u.searchParams.get('redirect_params')).toMatch(/^nonce=[0-9a-f]{32}$/);
    expect(urls[0]!.url).not.toBe(urls[1]!.url);
    expect(urls[0]!.display).toBe(`\u001b]8;;${urls[0]!.url}\u0007${urls[0]!.url}\u001b]8;;\u0007`);
    const plain: string[] = [];
    await loginWithBrowser(base({ autoSubmit: true, isTty: false, onStatus: (x) => x.type === 'login-url' && plain.push(x.display) }));
    expect(plain[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/connect\/login\?v=3&/);
  });

  it('the browser login: the page says success and does not echo the request token', async () => {
    const b = browserThat((url) => browse(url));
    const s = await loginWithBrowser(base({ openBrowser: b.open }));
    expect(s.userId).toBe('PA0001');
    await expect.poll(() => b.seen.result).toBeDefined();
    expect(b.seen.result!.callbackHtml).toContain('Logged in to Kite as PA0001');
    const rt = new URL(b.seen.result!.callbackUrl).searchParams.get('request_token')!;
    expect(rt).toMatch(/^[0-9a-f]{32}$/);
    expect(b.seen.result!.callbackHtml).not.toContain(rt);
    expect(b.seen.result!.callbackHtml).not.toContain(s.accessToken);
  });

  it('callbacks without the nonce or with a wrong one are rejected with a reason, and the login goes on', async () => {
    const statuses: LoginStatus[] = [];
    const pages: BrowseResult[] = [];
    const open = async (url: string) => {
      const strip = await browse(url, { rewriteCallback: (u) => (u.searchParams.delete('nonce'), u) });
      const wrong = await browse(url, { rewriteCallback: (u) => (u.searchParams.set('nonce', 'f'.repeat(32)), u) });
      pages.push(strip, wrong);
      await browse(url);
    };
    const s = await loginWithBrowser(base({ openBrowser: open, onStatus: (x) => statuses.push(x) }));
    expect(s.userId).toBe('PA0001');
    expect(pages[0]!.callbackStatus).toBe(400);
    expect(pages[0]!.callbackHtml).toContain('carries no nonce');
    expect(pages[1]!.callbackStatus).toBe(400);
    expect(pages[1]!.callbackHtml).toContain('nonce does not match');
    expect(statuses.filter((x) => x.type === 'callback-rejected')).toHaveLength(2);
  });

  it('login cancelled in the browser: clear error, cancel exit code, server closed', async () => {
    const b = browserThat((url) => browse(url, { cancel: true }));
    const e = await failure(loginWithBrowser(base({ openBrowser: b.open })));
    expect(e.kind).toBe('auth');
    expect(e.message).toBe('Login was cancelled in the browser');
    expect(e.exitCode).toBe(ExitCode.cancelled);
    await expect.poll(() => b.seen.result?.callbackHtml).toContain('Login cancelled');
    expect(await portIsFree(port)).toBe(true);
  });

  it('wrong API secret: the checksum failure is shown in the browser and as the error; server closed', async () => {
    const b = browserThat((url) => browse(url));
    const e = await failure(loginWithBrowser(base({ apiSecret: 'wrong_secret_not_real', openBrowser: b.open })));
    expect(e.kind).toBe('auth');
    expect(e.message).toMatch(/^Kite refused the token exchange: Invalid `checksum`\. Check ZERODHA_API_SECRET/);
    expect(e.message).not.toContain('wrong_secret_not_real');
    await expect.poll(() => b.seen.result?.callbackHtml).toContain('Invalid `checksum`');
    expect(b.seen.result!.callbackHtml).not.toContain('wrong_secret_not_real');
    expect(await portIsFree(port)).toBe(true);
  });

  it('port in use: the documented message, and the busy port is left to its owner', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
    try {
      const opened: string[] = [];
      const e = await failure(loginWithBrowser(base({ openBrowser: async (u) => void opened.push(u) })));
      expect(e.message).toBe(
        `Port ${port} on 127.0.0.1 is in use: close the other program or set KITE_REDIRECT_URL to a free port (it must match the redirect URL registered for your Kite app)`,
      );
      expect(e.exitCode).toBe(ExitCode.failed);
      expect(opened).toEqual([]);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
    expect(await portIsFree(port)).toBe(true);
  });

  it('no callback before the timeout: a countdown, then a clear error; server closed', async () => {
    const clock = manualClock(Date.parse('2026-11-24T03:30:00Z'));
    const remaining: number[] = [];
    const e = await failure(
      loginWithBrowser(base({ clock, openBrowser: async () => undefined, onStatus: (x) => x.type === 'waiting' && remaining.push(x.remainingMs) })),
    );
    expect(e.kind).toBe('auth');
    expect(e.message).toMatch(/^No login callback within 5:00/);
    expect(remaining[0]).toBe(300_000);
    expect(remaining.at(-1)).toBe(1000);
    expect(remaining.length).toBe(300);
    expect(await portIsFree(port)).toBe(true);
  });

  it('a browser that cannot be opened is not an error: the status says so and the link still works', async () => {
    const statuses: LoginStatus[] = [];
    let url = '';
    const s = await loginWithBrowser(
      base({
        openBrowser: async () => {
          throw new Error('xdg-open not found');
        },
        onStatus: (x) => {
          statuses.push(x);
          if (x.type === 'login-url') url = x.url;
          if (x.type === 'browser-failed') void browse(url);
        },
      }),
    );
    expect(s.userId).toBe('PA0001');
    expect(statuses).toContainEqual({ type: 'browser-failed', reason: 'xdg-open not found' });
  });

  it('aborting the wait (Ctrl+C in the TUI) cancels cleanly and frees the port', async () => {
    const ac = new AbortController();
    const p = loginWithBrowser(base({ signal: ac.signal, openBrowser: async () => void setTimeout(() => ac.abort(), 20) }));
    const e = await failure(p);
    expect(e.kind).toBe('cancelled');
    expect(e.exitCode).toBe(ExitCode.cancelled);
    expect(await portIsFree(port)).toBe(true);
  });

  it('SIGINT during the wait cancels cleanly and removes its handler', async () => {
    const before = process.listenerCount('SIGINT');
    const p = loginWithBrowser(base({ handleSigint: true, openBrowser: async () => void setTimeout(() => process.emit('SIGINT'), 20) }));
    const e = await failure(p);
    expect(e.kind).toBe('cancelled');
    expect(e.message).toMatch(/Ctrl\+C/);
    expect(process.listenerCount('SIGINT')).toBe(before);
    expect(await portIsFree(port)).toBe(true);
  });
});
