import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keygenCommand, logoutCommand, usersCommand } from '../../source/auth/commands.js';
import { fernetEncrypt, generateFernetKey, parseFernetKey } from '../../source/auth/fernet.js';
import { fetchProfile } from '../../source/auth/kite-session.js';
import { paperEncryptionKey } from '../../source/auth/paper-key.js';
import { manualClock } from '../../source/core/clock.js';
import { AppError } from '../../source/core/errors.js';
import { EmbeddedTokenStore } from '../../source/store/embedded-tokens.js';
import { startFakeKite, type FakeKite } from '../support/fake-kite.js';
import { statSync } from 'node:fs';

const API_KEY = 'paper_api_key';
const KEY = generateFernetKey();
const ist = (s: string) => Date.parse(`${s}+05:30`);
let kite: FakeKite;
let tokens: EmbeddedTokenStore;
const clock = manualClock(ist('2026-11-24T09:00:00'));
const app = () => ({ apiKey: API_KEY, apiRoot: kite.url });

beforeAll(async () => {
  kite = await startFakeKite({
    apiKey: API_KEY,
    apiSecret: 'test_secret_not_real',
    redirectUrl: 'http://127.0.0.1:9/cb',
    users: { PA0001: 'Paper Trader', PB0002: 'Second' },
  });
});
afterAll(() => kite.close());
beforeEach(() => {
  tokens = new EmbeddedTokenStore(mkdtempSync(path.join(os.tmpdir(), 'kr-cmd-')));
});

async function store(userId: string, at: string, active = true): Promise<string> {
  const t = kite.issueAccessToken(userId);
  await tokens.upsert({
    user_id: userId,
    encrypted_access_token: fernetEncrypt(KEY, t),
    created_time: new Date(ist(at)).toISOString(),
    is_active: active,
    user_name: `Name ${userId}`,
  });
  return t;
}

describe('commands', () => {
  it('keygen prints one new valid key', () => {
    const lines = keygenCommand();
    expect(lines).toHaveLength(1);
    expect(() => parseFernetKey(lines[0]!)).not.toThrow();
    expect(keygenCommand()[0]).not.toBe(lines[0]);
  });

  it('users lists id, name, last login (IST) and status, and never a token', async () => {
    expect(await usersCommand({ tokens, clock })).toEqual(['No stored users. Log in with `kite-rebalance login`.']);
    const t = await store('PA0001', '2026-11-24T08:00:00');
    await store('PB0002', '2026-11-23T08:00:00');
    await store('PC0003', '2026-11-24T07:00:00', false);
    const lines = await usersCommand({ tokens, clock });
    expect(lines[0]).toMatch(/^USER ID\s+NAME\s+LAST LOGIN\s+STATUS$/);
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/))).toEqual([
      ['PA0001', 'Name PA0001', '2026-11-24 08:00 IST', 'active'],
      ['PC0003', 'Name PC0003', '2026-11-24 07:00 IST', 'inactive'],
      ['PB0002', 'Name PB0002', '2026-11-23 08:00 IST', 'expired'],
    ]);
    expect(lines.join('\n')).not.toContain(t);
  });

  it('logout invalidates the session at Kite and deactivates the stored token', async () => {
    const t = await store('PA0001', '2026-11-24T08:00:00');
    const lines = await logoutCommand({ tokens, clock, encryptionKey: KEY, app: app() });
    expect(lines).toEqual(['Invalidated the Kite session of PA0001.', 'Deactivated the stored token of PA0001.']);
    await expect(fetchProfile(app(), t)).rejects.toMatchObject({ kind: 'session-expired' });
    expect((await tokens.get('PA0001'))!.is_active).toBe(false);
    expect(await logoutCommand({ tokens, clock, encryptionKey: KEY, app: app() })).toEqual(['Nobody is logged in.']);
  });

  it('logout with several users needs --user-id, and then touches only that user', async () => {
    await store('PA0001', '2026-11-24T08:00:00');
    await store('PB0002', '2026-11-24T07:00:00');
    const e = await logoutCommand({ tokens, clock, encryptionKey: KEY, app: app() }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).message).toBe('Several users are logged in (PA0001, PB0002): pass --user-id');
    await logoutCommand({ tokens, clock, encryptionKey: KEY, app: app(), userId: 'PB0002' });
    expect((await tokens.list()).map((r) => [r.user_id, r.is_active])).toEqual([
      ['PA0001', true],
      ['PB0002', false],
    ]);
  });

  it('logout still deactivates when Kite had already ended the session', async () => {
    const t = await store('PA0001', '2026-11-24T08:00:00');
    kite.revoke(t);
    const lines = await logoutCommand({ tokens, clock, encryptionKey: KEY, app: app() });
    expect(lines[0]).toBe('Kite had already ended the session of PA0001.');
    expect((await tokens.get('PA0001'))!.is_active).toBe(false);
  });

  it('paper mode keeps its own key: created once (0600), then reused', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kr-paperkey-'));
    const k1 = await paperEncryptionKey(dir);
    expect(() => parseFernetKey(k1)).not.toThrow();
    expect(await paperEncryptionKey(dir)).toBe(k1);
    expect(statSync(path.join(dir, 'paper-encryption.key')).mode & 0o777).toBe(0o600);
  });
});
