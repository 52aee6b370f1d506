import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fernetDecrypt, fernetEncrypt, generateFernetKey } from '../../source/auth/fernet.js';
import { resolveSession, type ResolveSessionOptions } from '../../source/auth/session.js';
import { manualClock, type ManualClock } from '../../source/core/clock.js';
import { AppError } from '../../source/core/errors.js';
import { EmbeddedTokenStore } from '../../source/store/embedded-tokens.js';
import type { TokenRecord } from '../../source/store/ports.js';
import { startFakeKite, type FakeKite } from '../support/fake-kite.js';

const API_KEY = 'paper_api_key';
const KEY = generateFernetKey();
const ist = (s: string) => Date.parse(`${s}+05:30`);

let kite: FakeKite;
let home: string;
let tokens: EmbeddedTokenStore;
let clock: ManualClock;
let logins: number;

beforeAll(async () => {
  kite = await startFakeKite({
    apiKey: API_KEY,
    apiSecret: 'test_secret_not_real',
    redirectUrl: 'http://127.0.0.1:9/callback',
    users: { PA0001: 'Paper Trader', PB0002: 'Second Person' },
  });
});
afterAll(() => kite.close());
beforeEach(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'kr-session-'));
  tokens = new EmbeddedTokenStore(home);
  clock = manualClock(ist('2026-11-24T09:00:00'));
  logins = 0;
});

const fakeLogin =
  (userId = 'PA0001') =>
  async () => {
    logins++;
    return { userId, userName: 'Logged In', accessToken: kite.issueAccessToken(userId) };
  };

const opts = (over: Partial<ResolveSessionOptions> = {}): ResolveSessionOptions => ({
  env: {},
  stores: { tokens },
  clock,
  apiKey: API_KEY,
  apiRoot: kite.url,
  encryptionKey: KEY,
  quiet: false,
  login: fakeLogin(),
  ...over,
});

async function store(userId: string, loginAt: number, extra: Partial<TokenRecord> = {}): Promise<string> {
  const accessToken = kite.issueAccessToken(userId);
  await tokens.upsert({
    user_id: userId,
    encrypted_access_token: fernetEncrypt(KEY, accessToken, { now: loginAt }),
    created_time: new Date(loginAt).toISOString(),
    is_active: true,
    api_key: API_KEY,
    ...extra,
  });
  return accessToken;
}

describe('resolveSession', () => {
  it('KITE_ACCESS_TOKEN skips the store and the login entirely', async () => {
    const t = kite.issueAccessToken('PA0001');
    const s = await resolveSession(opts({ env: { accessToken: t }, encryptionKey: undefined }));
    expect(s).toEqual({ userId: 'PA0001', userName: 'Paper Trader', accessToken: t, source: 'env' });
    expect(logins).toBe(0);
    expect(await tokens.list()).toEqual([]);
  });

  it('a rejected KITE_ACCESS_TOKEN is a clear auth error, not a login', async () => {
    const e = await resolveSession(opts({ env: { accessToken: 'deadbeefdeadbeefdeadbeefdeadbeef' } })).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).message).toMatch(/^KITE_ACCESS_TOKEN was rejected by Kite/);
    expect((e as AppError).message).not.toContain('deadbeef');
    expect(logins).toBe(0);
  });

  it.each([
    [undefined, /ENCRYPTION_KEY is not set/],
    ['not-a-key', /ENCRYPTION_KEY is not a valid Fernet key/],
  ])('a missing or malformed ENCRYPTION_KEY (%s) is a config error before any login', async (key, msg) => {
    const e = await resolveSession(opts({ encryptionKey: key })).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).kind).toBe('config');
    expect((e as AppError).message).toMatch(msg);
    expect(logins).toBe(0);
  });

  it('no stored token: logs in and stores the token encrypted, expiring 06:00 IST tomorrow', async () => {
    const s = await resolveSession(opts());
    expect(s.source).toBe('login');
    expect(logins).toBe(1);
    const raw = readFileSync(path.join(home, 'tokens.json'), 'utf8');
    expect(raw).not.toContain(s.accessToken);
    const r = (await tokens.get('PA0001'))!;
    expect(fernetDecrypt(KEY, r.encrypted_access_token)).toBe(s.accessToken);
    expect(r).toMatchObject({ is_active: true, api_key: API_KEY, user_name: 'Logged In' });
    expect(Date.parse(r.expires_at!)).toBe(ist('2026-11-25T06:00:00'));
    expect(Date.parse(r.created_time)).toBe(clock.now());
  });

  it('a valid stored token is validated with getProfile and used without a login', async () => {
    const t = await store('PA0001', ist('2026-11-24T08:00:00'));
    const calls = kite.profileCalls;
    const s = await resolveSession(opts());
    expect(s).toEqual({ userId: 'PA0001', userName: 'Paper Trader', accessToken: t, source: 'stored' });
    expect(kite.profileCalls).toBe(calls + 1);
    expect(logins).toBe(0);
  });

  it('a stored token Kite rejects (TokenException) is deactivated and a new login follows', async () => {
    const old = await store('PA0001', ist('2026-11-24T08:00:00'));
    kite.revoke(old);
    const notices: string[] = [];
    const s = await resolveSession(opts({ onNotice: (l) => notices.push(l) }));
    expect(s.source).toBe('login');
    expect(s.accessToken).not.toBe(old);
    expect(logins).toBe(1);
    expect(notices.join('\n')).toMatch(/no longer accepts the stored token of PA0001/);
    const r = (await tokens.get('PA0001'))!;
    expect(r.is_active).toBe(true);
    expect(fernetDecrypt(KEY, r.encrypted_access_token)).toBe(s.accessToken);
  });

  it('a token older than 06:00 IST is expired without asking Kite', async () => {
    await store('PA0001', ist('2026-11-23T10:00:00'));
    clock.set(ist('2026-11-24T06:00:00'));
    const calls = kite.profileCalls;
    const s = await resolveSession(
      opts({
        login: async () => {
          throw new AppError('auth', 'login needed');
        },
      }),
    ).catch((e: unknown) => e);
    expect((s as AppError).message).toBe('login needed');
    expect(kite.profileCalls).toBe(calls);
    expect((await tokens.get('PA0001'))!.is_active).toBe(false);
  });

  it('the same token one minute before 06:00 IST is still used', async () => {
    await store('PA0001', ist('2026-11-23T10:00:00'));
    clock.set(ist('2026-11-24T05:59:00'));
    expect((await resolveSession(opts())).source).toBe('stored');
  });

  it('several users: the TUI chooser gets the active ones newest first and its choice is used', async () => {
    await store('PA0001', ist('2026-11-24T07:00:00'));
    const second = await store('PB0002', ist('2026-11-24T08:00:00'));
    await store('PC0003', ist('2026-11-24T08:30:00'), { is_active: false });
    let offered: string[] = [];
    const s = await resolveSession(
      opts({
        chooseUser: async (records) => {
          offered = records.map((r) => r.user_id);
          return 'PB0002';
        },
      }),
    );
    expect(offered).toEqual(['PB0002', 'PA0001']);
    expect(s).toMatchObject({ userId: 'PB0002', accessToken: second, source: 'stored' });
  });

  it('the chooser may ask for a new login instead', async () => {
    await store('PA0001', ist('2026-11-24T07:00:00'));
    await store('PB0002', ist('2026-11-24T08:00:00'));
    const s = await resolveSession(opts({ chooseUser: async () => null, login: fakeLogin('PC0003') }));
    expect(s.source).toBe('login');
    expect((await tokens.list()).map((r) => r.user_id)).toContain('PC0003');
  });

  it('--quiet takes the first (newest) active user without prompting, and falls through to the next if Kite rejects it', async () => {
    const a = await store('PA0001', ist('2026-11-24T07:00:00'));
    const b = await store('PB0002', ist('2026-11-24T08:00:00'));
    const chooseUser = async () => {
      throw new Error('must not prompt');
    };
    expect(await resolveSession(opts({ quiet: true, chooseUser }))).toMatchObject({ userId: 'PB0002', accessToken: b });
    kite.revoke(b);
    expect(await resolveSession(opts({ quiet: true, chooseUser }))).toMatchObject({ userId: 'PA0001', accessToken: a });
    expect((await tokens.get('PB0002'))!.is_active).toBe(false);
    expect(logins).toBe(0);
  });

  it('--user-id picks that user; an unknown one logs in and must come back as that user', async () => {
    const a = await store('PA0001', ist('2026-11-24T07:00:00'));
    await store('PB0002', ist('2026-11-24T08:00:00'));
    expect(await resolveSession(opts({ userId: 'PA0001', chooseUser: async () => 'PB0002' }))).toMatchObject({ userId: 'PA0001', accessToken: a });
    const e = await resolveSession(opts({ userId: 'ZZ9999' })).catch((x: unknown) => x);
    expect((e as AppError).message).toBe('Logged in as PA0001, not the requested ZZ9999 (the token of PA0001 was stored)');
  });

  it('tokens of another API key, or that do not decrypt with this key, are not used', async () => {
    await store('PA0001', ist('2026-11-24T07:00:00'), { api_key: 'other_app_key' });
    await tokens.upsert({
      user_id: 'PB0002',
      encrypted_access_token: fernetEncrypt(generateFernetKey(), kite.issueAccessToken('PB0002')),
      created_time: new Date(ist('2026-11-24T08:00:00')).toISOString(),
      is_active: true,
    });
    const notices: string[] = [];
    const s = await resolveSession(opts({ quiet: true, onNotice: (l) => notices.push(l), login: fakeLogin('PC0003') }));
    expect(s.source).toBe('login');
    expect(notices.join('\n')).toMatch(/PB0002 does not decrypt with this ENCRYPTION_KEY/);
  });
});
