/** The few kiteconnect calls the login and session code need, with errors made into BrokerErrors. */
import { KiteConnect } from 'kiteconnect';
import { classifyKiteError } from '../broker/classify.js';
import { transientRead, type BrokerError } from '../broker/port.js';
import { retryRead } from '../broker/retry-policy.js';
import { systemClock, type Clock } from '../core/clock.js';

export interface KiteApp {
  apiKey: string;
  apiRoot: string;
}

export interface ProfileInfo {
  userId: string;
  userName: string;
}

export interface LoginResult extends ProfileInfo {
  accessToken: string;
}

const client = (app: KiteApp, accessToken?: string) => {
  const kc = new KiteConnect({ api_key: app.apiKey, root: app.apiRoot, debug: false });
  if (accessToken) kc.setAccessToken(accessToken);
  return kc;
};

const fail =
  (call: string) =>
  (err: unknown): never => {
    throw classifyKiteError(err, { call, isPlacement: false }) satisfies BrokerError;
  };

/** Kite's error for a malformed result that resolved instead of rejecting (kite-api.md §6.6). */
function checkResolved<T>(value: T, call: string): T {
  const v = value as { error_type?: unknown } | null;
  if (v && typeof v === 'object' && typeof v.error_type === 'string') fail(call)(v);
  return value;
}

export async function exchangeRequestToken(app: KiteApp & { apiSecret: string }, requestToken: string): Promise<LoginResult> {
  const session = await client(app)
    .generateSession(requestToken, app.apiSecret)
    .then((s) => checkResolved(s, 'generateSession'), fail('generateSession'));
  return { userId: session.user_id, userName: session.user_name, accessToken: session.access_token };
}

/** The profile behind a token; a passing failure (dropped connection, 5xx, 429) is retried as READ_RETRY says. */
export async function fetchProfile(app: KiteApp, accessToken: string, clock: Clock = systemClock): Promise<ProfileInfo> {
  const kc = client(app, accessToken);
  const p = await retryRead(() => kc.getProfile().then((s) => checkResolved(s, 'profile'), fail('profile')), transientRead, clock);
  return { userId: p.user_id, userName: p.user_name };
}

export async function invalidateAccessToken(app: KiteApp, accessToken: string): Promise<void> {
  await client(app, accessToken)
    .invalidateAccessToken(accessToken)
    .then((s) => checkResolved(s, 'invalidateAccessToken'), fail('invalidateAccessToken'));
}
