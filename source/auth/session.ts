/**
 * "Get me a valid session": KITE_ACCESS_TOKEN, else a stored token (not past 06:00 IST, validated with
 * getProfile), else a fresh login whose token is stored encrypted.
 */
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { isBrokerError } from '../broker/port.js';
import type { TokenRecord, TokenStore } from '../store/ports.js';
import { isRecordExpired, kiteTokenExpiry } from './expiry.js';
import { fernetDecrypt, fernetEncrypt, InvalidFernetToken, parseFernetKey, type FernetKey } from './fernet.js';
import { fetchProfile, type LoginResult, type ProfileInfo } from './kite-session.js';

export interface Session extends LoginResult {
  source: 'env' | 'stored' | 'login';
}

export interface ResolveSessionOptions {
  /** KITE_ACCESS_TOKEN */
  env: { accessToken?: string };
  stores: { tokens: TokenStore };
  clock: Clock;
  apiKey: string;
  apiRoot: string;
  /** ENCRYPTION_KEY; checked before any login. */
  encryptionKey: string | undefined;
  /** --user-id */
  userId?: string;
  /** --quiet: never prompt; take the first active user. */
  quiet: boolean;
  /** The TUI's list of stored users (active, not expired, newest first); null = log in as someone else. */
  chooseUser?: (records: TokenRecord[]) => Promise<string | null>;
  login: () => Promise<LoginResult>;
  /** Default: kiteconnect getProfile against apiRoot. */
  validate?: (accessToken: string) => Promise<ProfileInfo>;
  /** `kite-rebalance login`: skip stored tokens and log in (the new token replaces the user's old one). */
  forceLogin?: boolean;
  /** One-line notices for the user (never secrets), e.g. "stored token for AB1234 expired". */
  onNotice?: (line: string) => void;
}

export function requireEncryptionKey(key: string | undefined): FernetKey {
  if (!key || key.trim() === '') {
    throw new AppError('config', 'ENCRYPTION_KEY is not set: it encrypts the stored Kite tokens', {
      hint: 'run `kite-rebalance keygen` and put the key in .env as ENCRYPTION_KEY',
    });
  }
  return parseFernetKey(key);
}

const isAuthFailure = (e: unknown) => isBrokerError(e) && e.kind === 'session-expired';

export async function resolveSession(opts: ResolveSessionOptions): Promise<Session> {
  const notice = opts.onNotice ?? (() => undefined);
  const validate = opts.validate ?? ((t: string) => fetchProfile({ apiKey: opts.apiKey, apiRoot: opts.apiRoot }, t, opts.clock));

  const envToken = opts.env.accessToken?.trim();
  if (envToken) {
    try {
      const p = await validate(envToken);
      return { ...p, accessToken: envToken, source: 'env' };
    } catch (e) {
      if (isAuthFailure(e)) throw new AppError('auth', 'KITE_ACCESS_TOKEN was rejected by Kite (expired or invalidated): unset it or set a fresh token');
      throw validationError(e);
    }
  }

  const key = requireEncryptionKey(opts.encryptionKey);
  const now = opts.clock.now();
  const usable: TokenRecord[] = [];
  for (const r of await opts.stores.tokens.list()) {
    if (!r.is_active) continue;
    if (r.api_key && r.api_key !== opts.apiKey) continue;
    if (isRecordExpired(r, now)) {
      notice(`The stored token of ${r.user_id} expired at 06:00 IST; a new login is needed`);
      await opts.stores.tokens.deactivate(r.user_id);
      continue;
    }
    usable.push(r);
  }

  for (const record of opts.forceLogin ? [] : await pickCandidates(usable, opts)) {
    let accessToken: string;
    try {
      accessToken = fernetDecrypt(key, record.encrypted_access_token);
    } catch (e) {
      if (!(e instanceof InvalidFernetToken)) throw e;
      notice(`The stored token of ${record.user_id} does not decrypt with this ENCRYPTION_KEY; skipping it`);
      continue;
    }
    try {
      const p = await validate(accessToken);
      return { userId: p.userId, userName: p.userName, accessToken, source: 'stored' };
    } catch (e) {
      if (!isAuthFailure(e)) throw validationError(e);
      notice(`Kite no longer accepts the stored token of ${record.user_id}; logging in again`);
      await opts.stores.tokens.deactivate(record.user_id);
    }
  }

  const fresh = await opts.login();
  const created = opts.clock.now();
  await opts.stores.tokens.upsert({
    user_id: fresh.userId,
    encrypted_access_token: fernetEncrypt(key, fresh.accessToken, { now: created }),
    created_time: new Date(created).toISOString(),
    is_active: true,
    expires_at: new Date(kiteTokenExpiry(created)).toISOString(),
    user_name: fresh.userName,
    api_key: opts.apiKey,
  });
  if (opts.userId && fresh.userId !== opts.userId) {
    throw new AppError('auth', `Logged in as ${fresh.userId}, not the requested ${opts.userId} (the token of ${fresh.userId} was stored)`);
  }
  return { ...fresh, source: 'login' };
}

/** Which stored records to try, in order; empty = log in. */
async function pickCandidates(usable: TokenRecord[], opts: ResolveSessionOptions): Promise<TokenRecord[]> {
  if (opts.userId) return usable.filter((r) => r.user_id === opts.userId);
  if (usable.length === 0) return [];
  if (opts.quiet || usable.length === 1 || !opts.chooseUser) return opts.quiet ? usable : usable.slice(0, 1);
  const chosen = await opts.chooseUser(usable);
  if (chosen === null) return [];
  return usable.filter((r) => r.user_id === chosen);
}

function validationError(e: unknown): AppError {
  const message = isBrokerError(e) || e instanceof Error ? e.message : String(e);
  return new AppError('auth', `Could not check the Kite session: ${message}`);
}
