import { afterEach, describe, expect, it } from 'vitest';
import { fetchProfile } from '../../source/auth/kite-session.js';
import { READ_RETRY } from '../../source/broker/retry-policy.js';
import { startTestSim, type TestSim } from '../support/test-sim.js';

let t: TestSim | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/** The session check at start-up is a read like any other: a passing failure does not stop the run. */
describe('checking the Kite session (the profile call)', () => {
  it('a dropped connection, a 502 and a 429 are retried, and the session is accepted', async () => {
    t = await startTestSim();
    const token = t.sim.issueAccessToken();
    t.sim.faults.inject({ endpoint: 'profile', kind: 'drop', count: 1 });
    t.sim.faults.inject({ endpoint: 'profile', kind: '502', count: 1 });
    t.sim.faults.inject({ endpoint: 'profile', kind: '429', count: 1 });
    expect(await fetchProfile({ apiKey: t.sim.apiKey, apiRoot: t.sim.url }, token, t.clock)).toEqual({ userId: 'TS0001', userName: expect.any(String) });
    expect(t.sim.faults.pending()).toEqual([]);
  });

  it(`fails with the last error after READ_RETRY (${READ_RETRY.attempts} calls), and a TokenException at once`, async () => {
    t = await startTestSim();
    const token = t.sim.issueAccessToken();
    t.sim.faults.inject({ endpoint: 'profile', kind: '503', count: 100 });
    await expect(fetchProfile({ apiKey: t.sim.apiKey, apiRoot: t.sim.url }, token, t.clock)).rejects.toMatchObject({ kind: 'transient' });
    expect(100 - (t.sim.faults.pending()[0]?.count ?? 0)).toBe(READ_RETRY.attempts);
    t.sim.faults.clear();
    t.sim.faults.inject({ endpoint: 'profile', kind: 'token', count: 5 });
    await expect(fetchProfile({ apiKey: t.sim.apiKey, apiRoot: t.sim.url }, token, t.clock)).rejects.toMatchObject({ kind: 'session-expired' });
    expect(t.sim.faults.pending()[0]?.count).toBe(4);
  });
});
