/**
 * The one call the CLI makes to get a Kite session: wires resolveSession to the browser login (or, in
 * paper mode, to the simulator's login page submitted without a browser).
 */
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { TokenRecord, TokenStore } from '../store/ports.js';
import { loginWithBrowser, type LoginStatus } from './login.js';
import { resolveSession, type Session } from './session.js';

/** The auth part of the environment (EnvConfig is structurally compatible). */
export interface AuthConfig {
  apiKey: string;
  apiSecret?: string;
  apiRoot: string;
  loginUrl: string;
  redirectUrl: string;
  encryptionKey?: string;
  /** KITE_ACCESS_TOKEN */
  accessToken?: string;
}

export interface ObtainSessionOptions {
  stores: { tokens: TokenStore };
  clock: Clock;
  quiet: boolean;
  userId?: string;
  /** Paper mode: submit the simulator's login form here; no browser. */
  paper?: boolean;
  forceLogin?: boolean;
  chooseUser?: (records: TokenRecord[]) => Promise<string | null>;
  onStatus?: (s: LoginStatus) => void;
  onNotice?: (line: string) => void;
  signal?: AbortSignal;
  timeoutMs?: number;
  openBrowser?: (url: string) => Promise<void>;
  isTty?: boolean;
}

export function obtainSession(cfg: AuthConfig, o: ObtainSessionOptions): Promise<Session> {
  return resolveSession({
    env: { accessToken: cfg.accessToken },
    stores: o.stores,
    clock: o.clock,
    apiKey: cfg.apiKey,
    apiRoot: cfg.apiRoot,
    encryptionKey: cfg.encryptionKey,
    userId: o.userId,
    quiet: o.quiet,
    forceLogin: o.forceLogin,
    chooseUser: o.chooseUser,
    onNotice: o.onNotice,
    login: () => {
      if (!cfg.apiSecret) {
        return Promise.reject(new AppError('config', 'ZERODHA_API_SECRET is not set: it is needed to log in', { hint: 'add it to .env (never commit it)' }));
      }
      return loginWithBrowser({
        apiKey: cfg.apiKey,
        apiSecret: cfg.apiSecret,
        apiRoot: cfg.apiRoot,
        loginUrl: cfg.loginUrl,
        redirectUrl: cfg.redirectUrl,
        autoSubmit: o.paper ?? false,
        timeoutMs: o.timeoutMs,
        openBrowser: o.openBrowser,
        onStatus: o.onStatus,
        signal: o.signal,
        clock: o.clock,
        isTty: o.isTty,
      });
    },
  });
}
