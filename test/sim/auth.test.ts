import { afterEach, describe, expect, it } from 'vitest';
import { KiteConnect } from 'kiteconnect';
import { ist, kiteError, startTestSim, type TestSim } from '../support/test-sim.js';

let t: TestSim;
afterEach(() => t?.close());

async function loginThroughPage(t: TestSim, redirectParams?: string): Promise<URL> {
  const q = new URLSearchParams({ v: '3', api_key: t.sim.apiKey });
  if (redirectParams !== undefined) q.set('redirect_params', redirectParams);
  const page = await fetch(`${t.sim.url}/connect/login?${q}`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  const html = await page.text();
  expect(html).toContain('<form method="post" action="/connect/login" id="login-form">');
  expect(html).toContain('id="login-submit"');
  expect(html).toContain('id="login-cancel"');
  expect(html).toContain('value="TS0001"'); // user_id prefilled from the scenario
  const hidden = /name="redirect_params" value="([^"]*)"/.exec(html)![1]!.replace(/&amp;/g, '&');
  const res = await fetch(`${t.sim.url}/connect/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ api_key: t.sim.apiKey, redirect_params: hidden, user_id: 'TS0001', password: 'paper' }),
  });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

describe('login page and token exchange', () => {
  it('the form redirects with a request_token and echoes redirect_params; the client exchanges it', async () => {
    t = await startTestSim();
    const loc = await loginThroughPage(t, 'nonce=abc123&x=1');
    expect(`${loc.origin}${loc.pathname}`).toBe('http://localhost:8080/callback');
    expect(loc.searchParams.get('status')).toBe('success');
    expect(loc.searchParams.get('action')).toBe('login');
    expect(loc.searchParams.get('nonce')).toBe('abc123');
    expect(loc.searchParams.get('x')).toBe('1');
    const requestToken = loc.searchParams.get('request_token')!;
    expect(requestToken).toMatch(/^[A-Za-z0-9]{32}$/);

    const kite = new KiteConnect({ api_key: t.sim.apiKey, root: t.sim.url });
    const session = await kite.generateSession(requestToken, t.sim.apiSecret);
    expect(session.user_id).toBe('TS0001');
    expect(session.access_token).toMatch(/^[A-Za-z0-9]{32}$/);
    expect((await kite.getProfile()).user_name).toBe('Test Trader');

    // single use
    const again = new KiteConnect({ api_key: t.sim.apiKey, root: t.sim.url });
    const err = await kiteError(again.generateSession(requestToken, t.sim.apiSecret));
    expect(err.error_type).toBe('TokenException');
  });

  it('cancel redirects with status=cancelled and no request_token', async () => {
    t = await startTestSim();
    const res = await fetch(`${t.sim.url}/connect/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ api_key: t.sim.apiKey, redirect_params: 'nonce=n1', action: 'cancel' }),
    });
    const loc = new URL(res.headers.get('location')!);
    expect(loc.searchParams.get('status')).toBe('cancelled');
    expect(loc.searchParams.has('request_token')).toBe(false);
    expect(loc.searchParams.get('nonce')).toBe('n1');
  });

  it('an unknown api_key gets a 400 page', async () => {
    t = await startTestSim();
    const res = await fetch(`${t.sim.url}/connect/login?v=3&api_key=someone_else`);
    expect(res.status).toBe(400);
  });

  it('a wrong checksum (wrong secret) is a TokenException and does not burn the request token', async () => {
    t = await startTestSim();
    const rt = t.sim.state.issueRequestToken();
    const kite = new KiteConnect({ api_key: t.sim.apiKey, root: t.sim.url });
    const err = await kiteError(kite.generateSession(rt, 'wrong_secret_not_real'));
    expect(err).toMatchObject({ error_type: 'TokenException', message: 'Invalid `checksum`.' });
    await expect(kite.generateSession(rt, t.sim.apiSecret)).resolves.toMatchObject({ user_id: 'TS0001' });
  });

  it('request tokens expire after 5 clock-minutes', async () => {
    t = await startTestSim();
    const rt = t.sim.state.issueRequestToken();
    t.clock.advance(5 * 60_000 + 1);
    const kite = new KiteConnect({ api_key: t.sim.apiKey, root: t.sim.url });
    expect((await kiteError(kite.generateSession(rt, t.sim.apiSecret))).error_type).toBe('TokenException');
  });

  it('under a clock running N× faster a request token lives N × 5 clock-minutes (a login takes real time)', async () => {
    const { scaledClock } = await import('../../source/core/clock.js');
    const { startSimulator } = await import('../../source/sim/server.js');
    const { loadScenario } = await import('../../source/sim/scenario.js');
    let real = 0;
    const clock = scaledClock(ist('2026-11-30T05:59:00'), 3600, () => real);
    const sim = await startSimulator({ clock, scenario: loadScenario({}), port: 0 });
    try {
      const kite = new KiteConnect({ api_key: sim.apiKey, root: sim.url });
      const first = sim.state.issueRequestToken();
      real = 4 * 60_000; // four real minutes = four clock-hours
      await expect(kite.generateSession(first, sim.apiSecret)).resolves.toHaveProperty('access_token');
      const second = sim.state.issueRequestToken();
      real += 5 * 60_000 + 1;
      expect((await kiteError(kite.generateSession(second, sim.apiSecret))).error_type).toBe('TokenException');
    } finally {
      await sim.close();
    }
  });
});

describe('request authentication', () => {
  it('requires X-Kite-Version: 3 (400 InputException) and a valid Authorization header (403 TokenException)', async () => {
    t = await startTestSim();
    const token = t.sim.issueAccessToken();
    const noVersion = await fetch(`${t.sim.url}/user/profile`, { headers: { Authorization: `token ${t.sim.apiKey}:${token}` } });
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toMatchObject({ status: 'error', error_type: 'InputException', data: null });

    const noAuth = await fetch(`${t.sim.url}/user/profile`, { headers: { 'X-Kite-Version': '3' } });
    expect(noAuth.status).toBe(403);
    expect(await noAuth.json()).toEqual({
      status: 'error',
      message: 'Incorrect `api_key` or `access_token`.',
      error_type: 'TokenException',
      data: null,
    });

    const wrongKey = await fetch(`${t.sim.url}/user/profile`, {
      headers: { 'X-Kite-Version': '3', Authorization: `token other_key:${token}` },
    });
    expect(wrongKey.status).toBe(403);

    const ok = await fetch(`${t.sim.url}/user/profile`, {
      headers: { 'X-Kite-Version': '3', Authorization: `token ${t.sim.apiKey}:${token}` },
    });
    expect(ok.status).toBe(200);
  });

  it('the client session-expiry hook fires on a bad token', async () => {
    t = await startTestSim();
    const kite = new KiteConnect({ api_key: t.sim.apiKey, root: t.sim.url });
    kite.setAccessToken('not_a_real_token');
    let fired = 0;
    kite.setSessionExpiryHook(() => fired++);
    expect((await kiteError(kite.getHoldings())).error_type).toBe('TokenException');
    expect(fired).toBe(1);
  });

  it('access tokens expire at 06:00 IST the next day', async () => {
    t = await startTestSim({}, '2026-11-23T21:30:00');
    await expect(t.kite.getProfile()).resolves.toMatchObject({ user_id: 'TS0001' });
    t.clock.set(ist('2026-11-24T05:59:59'));
    await expect(t.kite.getProfile()).resolves.toMatchObject({ user_id: 'TS0001' });
    t.clock.set(ist('2026-11-24T06:00:00'));
    expect((await kiteError(t.kite.getProfile())).error_type).toBe('TokenException');
  });

  it('a token issued before 06:00 expires at 06:00 the same day', async () => {
    t = await startTestSim({}, '2026-11-23T05:00:00');
    t.clock.set(ist('2026-11-23T06:00:00'));
    expect((await kiteError(t.kite.getProfile())).error_type).toBe('TokenException');
  });

  it('DELETE /session/token (invalidateAccessToken) ends the session', async () => {
    t = await startTestSim();
    await expect(t.kite.invalidateAccessToken()).resolves.toBe(true);
    expect((await kiteError(t.kite.getProfile())).error_type).toBe('TokenException');
  });
});
