import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obtainSession, type AuthConfig } from '../../source/auth/app-session.js';
import { generateFernetKey } from '../../source/auth/fernet.js';
import { systemClock } from '../../source/core/clock.js';
import { AppError } from '../../source/core/errors.js';
import { startSimulator, type RunningSim } from '../../source/sim/index.js';
import { EmbeddedTokenStore } from '../../source/store/embedded-tokens.js';
import { freePort } from '../support/fake-kite.js';

let sim: RunningSim;
let cfg: AuthConfig;
beforeAll(async () => {
  const redirectUrl = `http://localhost:${await freePort()}/callback`;
  sim = await startSimulator({ clock: systemClock, port: 0, redirectUrl, quiet: true });
  cfg = {
    apiKey: sim.apiKey,
    apiSecret: sim.apiSecret,
    apiRoot: sim.url,
    loginUrl: `${sim.url}/connect/login`,
    redirectUrl,
    encryptionKey: generateFernetKey(),
  };
});
afterAll(() => sim.close());

describe('obtainSession (the CLI entry point)', () => {
  it('paper: logs in, then reuses the stored token; `login` forces a fresh one', async () => {
    const stores = { tokens: new EmbeddedTokenStore(mkdtempSync(path.join(os.tmpdir(), 'kr-app-'))) };
    const first = await obtainSession(cfg, { stores, clock: systemClock, quiet: true, paper: true });
    expect(first).toMatchObject({ source: 'login', userId: 'PA0001' });
    const second = await obtainSession(cfg, { stores, clock: systemClock, quiet: true, paper: true });
    expect(second).toMatchObject({ source: 'stored', accessToken: first.accessToken });
    const forced = await obtainSession(cfg, { stores, clock: systemClock, quiet: true, paper: true, forceLogin: true });
    expect(forced.source).toBe('login');
    expect(forced.accessToken).not.toBe(first.accessToken);
    expect(await stores.tokens.list()).toHaveLength(1);
  });

  it('a missing API secret is a config error when a login is needed', async () => {
    const stores = { tokens: new EmbeddedTokenStore(mkdtempSync(path.join(os.tmpdir(), 'kr-app-'))) };
    const e = await obtainSession({ ...cfg, apiSecret: undefined }, { stores, clock: systemClock, quiet: true, paper: true }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).message).toBe('ZERODHA_API_SECRET is not set: it is needed to log in');
  });
});
