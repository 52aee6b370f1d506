/**
 * The browser login: a fastify callback server on KITE_REDIRECT_URL's port (127.0.0.1 only), a login URL
 * carrying a single-use nonce in `redirect_params`, the browser, and the request-token exchange done the
 * moment the callback arrives. Every exit path closes the server.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyReply } from 'fastify';
import { systemClock, type Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { isBrokerError } from '../broker/port.js';
import { submitLoginForm } from './auto-submit.js';
import { callbackPage } from './callback-page.js';
import { exchangeRequestToken, type LoginResult } from './kite-session.js';
import { buildLoginUrl, parseRedirectUrl, terminalLink } from './login-url.js';
import { openInBrowser } from './open-browser.js';

export type { LoginResult } from './kite-session.js';

export type LoginStatus =
  | { type: 'listening'; callbackUrl: string }
  /** `display` is an OSC 8 hyperlink when `isTty`, else the bare URL. */
  | { type: 'login-url'; url: string; display: string }
  | { type: 'browser-opened' }
  | { type: 'browser-failed'; reason: string }
  | { type: 'waiting'; remainingMs: number; deadline: number }
  | { type: 'callback-rejected'; reason: string }
  | { type: 'exchanging' }
  | { type: 'logged-in'; userId: string; userName: string };

export interface LoginOptions {
  apiKey: string;
  apiSecret: string;
  apiRoot: string;
  /** KITE_LOGIN_URL, e.g. https://kite.zerodha.com/connect/login or `${sim}/connect/login`. */
  loginUrl: string;
  redirectUrl: string;
  /** Default 5 minutes (clock time). */
  timeoutMs?: number;
  /** Default: `$BROWSER` or the `open` package. A failure to open is reported, never fatal. */
  openBrowser?: (url: string) => Promise<void>;
  onStatus?: (s: LoginStatus) => void;
  /** Aborting cancels the wait (AppError 'cancelled'). */
  signal?: AbortSignal;
  clock?: Clock;
  /** Paper mode: fetch the login page and submit its form here, no browser. */
  autoSubmit?: boolean;
  /** Turn Ctrl+C during the wait into a clean cancel (default: true when no `signal` is given). */
  handleSigint?: boolean;
  /** Whether the login link may be an OSC 8 hyperlink (default: process.stdout.isTTY). */
  isTty?: boolean;
}

export const DEFAULT_LOGIN_TIMEOUT_MS = 5 * 60_000;

interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
  reject(e: unknown): void;
  settled(): boolean;
}

function deferred<T>(): Deferred<T> {
  let done = false;
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = (v) => {
      if (done) return;
      done = true;
      res(v);
    };
    reject = (e) => {
      if (done) return;
      done = true;
      rej(e);
    };
  });
  return { promise, resolve, reject, settled: () => done };
}

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export const formatDuration = (ms: number) => {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

export async function loginWithBrowser(opts: LoginOptions): Promise<LoginResult> {
  const clock = opts.clock ?? systemClock;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS;
  const status = opts.onStatus ?? (() => undefined);
  let target;
  try {
    target = parseRedirectUrl(opts.redirectUrl);
  } catch (e) {
    throw new AppError('config', (e as Error).message);
  }
  const nonce = randomBytes(16).toString('hex');
  const outcome = deferred<LoginResult>();
  let exchangeStarted = false;

  const app = Fastify({ logger: false, forceCloseConnections: true });
  const page = (reply: FastifyReply, code: number, kind: 'success' | 'failure', title: string, detail: string) =>
    reply
      .code(code)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(callbackPage(kind, title, detail));

  app.get(target.path, async (request, reply) => {
    const q = request.query as Record<string, string | string[] | undefined>;
    const one = (k: string) => (Array.isArray(q[k]) ? q[k][0] : q[k]);
    const got = one('nonce');
    if (!got || !sameSecret(got, nonce)) {
      const reason = got
        ? 'its nonce does not match the login link of the running kite-rebalance (an old or foreign link?)'
        : 'it carries no nonce, so it did not come from the login link kite-rebalance printed';
      status({ type: 'callback-rejected', reason });
      return page(reply, 400, 'failure', 'Login callback rejected', `This callback was rejected: ${reason}. Use the link shown in the terminal.`);
    }
    if (exchangeStarted || outcome.settled()) {
      return page(reply, 409, 'failure', 'Already handled', 'This login was already handled; see the terminal.');
    }
    const settleAfterReply = (f: () => void) => reply.raw.once('close', f);
    const loginStatus = one('status');
    if (loginStatus !== 'success') {
      exchangeStarted = true;
      const cancelled = loginStatus === 'cancelled';
      const message = cancelled ? 'Login was cancelled in the browser' : `Kite redirected back with status ${JSON.stringify(loginStatus ?? '')}`;
      settleAfterReply(() => outcome.reject(new AppError('auth', message, { exitCode: cancelled ? ExitCode.cancelled : ExitCode.failed })));
      return page(reply, 200, 'failure', cancelled ? 'Login cancelled' : 'Login failed', `${message}.`);
    }
    const requestToken = one('request_token');
    if (!requestToken) {
      exchangeStarted = true;
      settleAfterReply(() => outcome.reject(new AppError('auth', 'Kite redirected back without a request_token')));
      return page(reply, 400, 'failure', 'Login failed', 'Kite redirected back without a request_token.');
    }
    exchangeStarted = true;
    status({ type: 'exchanging' });
    try {
      const session = await exchangeRequestToken({ apiKey: opts.apiKey, apiSecret: opts.apiSecret, apiRoot: opts.apiRoot }, requestToken);
      status({ type: 'logged-in', userId: session.userId, userName: session.userName });
      settleAfterReply(() => outcome.resolve(session));
      return page(reply, 200, 'success', 'Logged in', `Logged in to Kite as ${session.userId} (${session.userName}).`);
    } catch (e) {
      const err = exchangeError(e, opts.apiKey);
      settleAfterReply(() => outcome.reject(err));
      return page(reply, 502, 'failure', 'Login failed', err.message);
    }
  });
  app.setNotFoundHandler((_req, reply) => page(reply, 404, 'failure', 'Not found', 'kite-rebalance only answers the login callback here.'));

  try {
    await app.listen({ host: '127.0.0.1', port: target.port });
  } catch (e) {
    await app.close().catch(() => undefined);
    throw listenError(e, target.port);
  }

  const stopTicking = new AbortController();
  const onAbort = () => outcome.reject(new AppError('cancelled', 'Login cancelled'));
  const onSigint = () => outcome.reject(new AppError('cancelled', 'Login cancelled (Ctrl+C)'));
  const handleSigint = opts.handleSigint ?? !opts.signal;
  try {
    if (opts.signal?.aborted) throw new AppError('cancelled', 'Login cancelled');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (handleSigint) process.on('SIGINT', onSigint);
    status({ type: 'listening', callbackUrl: opts.redirectUrl });
    const url = buildLoginUrl(opts.loginUrl, opts.apiKey, nonce);
    status({ type: 'login-url', url, display: terminalLink(url, url, opts.isTty ?? Boolean(process.stdout.isTTY)) });
    if (opts.autoSubmit) {
      submitLoginForm(url).catch((e: unknown) =>
        outcome.reject(e instanceof AppError ? e : new AppError('auth', `Paper login failed: ${(e as Error)?.message ?? String(e)}`)),
      );
    } else {
      (opts.openBrowser ?? ((u: string) => openInBrowser(u)))(url).then(
        () => status({ type: 'browser-opened' }),
        (e: unknown) => status({ type: 'browser-failed', reason: (e as Error)?.message ?? String(e) }),
      );
    }
    if (opts.autoSubmit) {
      // No person waits here, and ticking a shared manual/scaled clock would move the simulator's time:
      // a plain real-time guard is enough.
      const guard = setTimeout(() => outcome.reject(timeoutError(timeoutMs)), timeoutMs);
      guard.unref();
      stopTicking.signal.addEventListener('abort', () => clearTimeout(guard), { once: true });
    } else {
      void countdown(clock, clock.now() + timeoutMs, timeoutMs, status, outcome, stopTicking.signal);
    }
    return await outcome.promise;
  } finally {
    stopTicking.abort();
    opts.signal?.removeEventListener('abort', onAbort);
    if (handleSigint) process.off('SIGINT', onSigint);
    await app.close();
  }
}

async function countdown(
  clock: Clock,
  deadline: number,
  timeoutMs: number,
  status: (s: LoginStatus) => void,
  outcome: Deferred<LoginResult>,
  stop: AbortSignal,
): Promise<void> {
  while (!stop.aborted && !outcome.settled()) {
    const remainingMs = deadline - clock.now();
    if (remainingMs <= 0) {
      outcome.reject(timeoutError(timeoutMs));
      return;
    }
    status({ type: 'waiting', remainingMs, deadline });
    try {
      await clock.sleep(Math.min(1000, remainingMs), stop);
    } catch {
      return;
    }
  }
}

const timeoutError = (timeoutMs: number) =>
  new AppError('auth', `No login callback within ${formatDuration(timeoutMs)} (min:s); run the command again and finish the login in the browser`);

function exchangeError(e: unknown, apiKey: string): AppError {
  const message = isBrokerError(e) ? e.message : e instanceof Error ? e.message : 'unknown error';
  const type = isBrokerError(e) ? e.errorType : '';
  // Kite answers a wrong checksum (the secret) and a stale request token with TokenException.
  if (type === 'TokenException') {
    return new AppError('auth', `Kite refused the token exchange: ${message} Check ZERODHA_API_SECRET: it must be the secret of API key ${apiKey}`);
  }
  return new AppError('auth', `Token exchange failed: ${message}`);
}

function listenError(e: unknown, port: number): AppError {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'EADDRINUSE') {
    return new AppError(
      'auth',
      `Port ${port} on 127.0.0.1 is in use: close the other program or set KITE_REDIRECT_URL to a free port (it must match the redirect URL registered for your Kite app)`,
    );
  }
  if (code === 'EACCES') {
    return new AppError('auth', `Not allowed to listen on 127.0.0.1:${port}: pick a port above 1024 in KITE_REDIRECT_URL (and in your Kite app)`);
  }
  return new AppError('auth', `Cannot start the login callback server on 127.0.0.1:${port}: ${(e as Error)?.message ?? String(e)}`);
}
