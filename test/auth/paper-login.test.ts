import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loginWithBrowser } from '../../source/auth/login.js';
import { paperEncryptionKey } from '../../source/auth/paper-key.js';
import { resolveSession } from '../../source/auth/session.js';
import { systemClock } from '../../source/core/clock.js';
import { startSimulator, type RunningSim } from '../../source/sim/index.js';
import { openStores } from '../../source/store/index.js';
import { freePort } from '../support/fake-kite.js';

let sim: RunningSim;
let redirectUrl: string;
beforeAll(async () => {
  redirectUrl = `http://localhost:${await freePort()}/callback`;
  sim = await startSimulator({ clock: systemClock, port: 0, redirectUrl, quiet: true });
});
afterAll(() => sim.close());

it('paper mode logs in through the same callback code against the simulator, without a browser or ENCRYPTION_KEY', async () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'kr-paper-'));
  const stores = await openStores({ home });
  const session = await resolveSession({
    env: {},
    stores,
    clock: systemClock,
    apiKey: sim.apiKey,
    apiRoot: sim.url,
    encryptionKey: await paperEncryptionKey(home),
    quiet: true,
    login: () =>
      loginWithBrowser({
        apiKey: sim.apiKey,
        apiSecret: sim.apiSecret,
        apiRoot: sim.url,
        loginUrl: `${sim.url}/connect/login`,
        redirectUrl,
        autoSubmit: true,
        handleSigint: false,
        openBrowser: async () => {
          throw new Error('paper mode must not open a browser');
        },
      }),
  });
  expect(session).toMatchObject({ source: 'login', userId: 'PA0001', userName: 'Paper Trader' });
  expect((await stores.tokens.get('PA0001'))?.is_active).toBe(true);
  await stores.close();
});

it('paper login does not tick a shared manual clock (the simulator shares it)', async () => {
  const { manualClock } = await import('../../source/core/clock.js');
  const clock = manualClock(Date.parse('2026-11-24T04:00:00Z'));
  const before = clock.now();
  const s = await loginWithBrowser({
    apiKey: sim.apiKey,
    apiSecret: sim.apiSecret,
    apiRoot: sim.url,
    loginUrl: `${sim.url}/connect/login`,
    redirectUrl,
    autoSubmit: true,
    handleSigint: false,
    clock,
  });
  expect(s.userId).toBe('PA0001');
  expect(clock.now()).toBe(before);
});
