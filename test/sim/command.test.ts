import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KiteConnect } from 'kiteconnect';
import { manualClock } from '../../source/core/clock.js';
import { isAppError } from '../../source/core/errors.js';
import { defaultScenario, loadScenario, runSimCommand, startSimulator } from '../../source/sim/index.js';
import { ist } from '../support/test-sim.js';

describe('runSimCommand', () => {
  it('prints the URL, serves the Kite API until aborted, then stops listening', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sim-cmd-'));
    const file = path.join(dir, 'scenario.json');
    writeFileSync(file, JSON.stringify({ user: { user_id: 'CL0001', user_name: 'Cli User' }, cash: 5000 }));
    const lines: string[] = [];
    const ac = new AbortController();
    let announced!: () => void;
    const ready = new Promise<void>((r) => (announced = r));
    const run = runSimCommand({
      port: 0,
      scenarioFile: file,
      clock: manualClock(ist('2026-11-23T10:00:00')),
      out: (l) => {
        lines.push(l);
        if (l.startsWith('Simulator listening')) announced();
      },
      signal: ac.signal,
    });
    await ready;
    const m = /^Simulator listening on (http:\/\/127\.0\.0\.1:\d+) \(api_key paper_api_key\)$/.exec(lines[0]!);
    expect(m).not.toBeNull();
    const url = m![1]!;
    expect(lines.join('\n')).not.toContain('paper_api_secret');

    // log in through the page like a user would, then use the client
    const login = await fetch(`${url}/connect/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ api_key: 'paper_api_key', user_id: 'CL0001', password: 'paper' }),
    });
    const requestToken = new URL(login.headers.get('location')!).searchParams.get('request_token')!;
    const kite = new KiteConnect({ api_key: 'paper_api_key', root: url });
    await kite.generateSession(requestToken, 'paper_api_secret');
    expect(await kite.getProfile()).toMatchObject({ user_id: 'CL0001', user_name: 'Cli User' });

    ac.abort();
    await run;
    await expect(fetch(`${url}/user/profile`)).rejects.toThrow();
    expect(lines.some((l) => l.startsWith('Faults fired'))).toBe(false); // this scenario has none
  });

  it('a bad scenario file is a one-line usage error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sim-cmd-'));
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, '{ "cash": -5 }');
    const err = await runSimCommand({
      port: 0,
      scenarioFile: file,
      clock: manualClock(0),
      out: () => {},
      signal: new AbortController().signal,
    }).catch((e) => e);
    expect(isAppError(err) && err.kind === 'usage').toBe(true);
    expect(err.message).toMatch(/^Scenario: cash: /);
    expect(err.message).not.toContain('\n');
    const missing = await runSimCommand({
      port: 0,
      scenarioFile: path.join(dir, 'nope.json'),
      clock: manualClock(0),
      out: () => {},
      signal: new AbortController().signal,
    }).catch((e) => e);
    expect(missing.message).toMatch(/Cannot read scenario file .*nope\.json: ENOENT/);
  });
});

describe('loadScenario', () => {
  it('fills defaults', () => {
    const s = loadScenario({});
    expect(s).toMatchObject({ user: { user_id: 'PA0001' }, cash: 0, holdings: [], ltp_permission: true, ddpi: true, seed: 1 });
  });

  it.each([
    [{ cash: 'lots' }, /^Scenario: cash: /],
    [{ holdings: [{ tradingsymbol: 'INFY', quantity: 1.5 }] }, /^Scenario: holdings\.0\.quantity: /],
    [{ holdings: [{ tradingsymbol: 'INFY', quantity: 1, t1_quantity: 2 }] }, /t1_quantity \+ collateral_quantity cannot exceed quantity/],
    [{ faults: [{ endpoint: 'nowhere', kind: '500', count: 1 }] }, /^Scenario: faults\.0\.endpoint: /],
    [{ faults: [{ endpoint: 'ltp', kind: 'meteor', count: 1 }] }, /^Scenario: faults\.0\.kind: /],
    [{ fill: { partial: { INFY: 1.5 } } }, /^Scenario: fill\.partial\.INFY: /],
    [{ typo_field: 1 }, /^Scenario: scenario: Unrecognized key/],
  ])('rejects %j with a one-line message', (input, re) => {
    try {
      loadScenario(input);
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e)).toBe(true);
      expect((e as Error).message).toMatch(re);
      expect((e as Error).message).not.toContain('\n');
    }
  });

  it('the default paper scenario starts and serves its holdings', async () => {
    const sim = await startSimulator({ clock: manualClock(ist('2026-11-23T10:00:00')) });
    try {
      expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const kite = new KiteConnect({ api_key: 'paper_api_key', root: sim.url });
      kite.setAccessToken(sim.issueAccessToken());
      const holdings = await kite.getHoldings();
      expect(holdings.map((h) => h.tradingsymbol)).toEqual(defaultScenario().holdings.map((h) => h.tradingsymbol));
      expect((await kite.getProfile()).user_id).toBe('PA0001');
    } finally {
      await sim.close();
    }
  });
});
