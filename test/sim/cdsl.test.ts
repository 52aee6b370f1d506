import { afterEach, describe, expect, it } from 'vitest';
import { SIM_TPIN } from '../../source/sim/cdsl.js';
import { ist, startTestSim, type TestSim } from '../support/test-sim.js';

/** Sells without DDPI: the holdings authorisation endpoint, the CDSL pages, authorisations that lapse. */
let t: TestSim;
afterEach(() => t?.close());

const NO_DDPI = {
  ddpi: false,
  holdings: [
    { tradingsymbol: 'INFY', quantity: 10, average_price: 1400, isin: 'INE009A01021' },
    { tradingsymbol: 'ITC', quantity: 100, t1_quantity: 20, collateral_quantity: 10, average_price: 400, isin: 'INE154A01025' },
  ],
};

const token = () => (t.kite as unknown as { access_token: string }).access_token;
const apiHeaders = () => ({
  'X-Kite-Version': '3',
  Authorization: `token ${t.sim.apiKey}:${token()}`,
  'Content-Type': 'application/x-www-form-urlencoded',
});

async function post(path: string, form: [string, string][], headers: Record<string, string> = apiHeaders()) {
  const res = await fetch(t.sim.url + path, { method: 'POST', headers, body: new URLSearchParams(form), redirect: 'manual' });
  return { status: res.status, text: await res.text(), location: res.headers.get('location') };
}

const sell = (symbol: string, quantity: number) =>
  post('/orders/regular', [
    ['exchange', 'NSE'],
    ['tradingsymbol', symbol],
    ['transaction_type', 'SELL'],
    ['quantity', String(quantity)],
    ['product', 'CNC'],
    ['order_type', 'MARKET'],
    ['market_protection', '-1'],
    ['validity', 'DAY'],
  ]);

const authorised = async (symbol: string) => (await t.kite.getHoldings()).find((h) => h.tradingsymbol === symbol)!.authorised_quantity;

const form = { 'Content-Type': 'application/x-www-form-urlencoded' };

describe('POST /portfolio/holdings/authorise', () => {
  it('answers 403 PermissionException by default, as Kite does for ordinary apps', async () => {
    t = await startTestSim(NO_DDPI);
    const r = await post('/portfolio/holdings/authorise', [
      ['isin', 'INE009A01021'],
      ['quantity', '5'],
    ]);
    expect(r.status).toBe(403);
    expect(JSON.parse(r.text)).toEqual({ status: 'error', message: 'Insufficient permission for that call.', error_type: 'PermissionException', data: null });
  });

  it('with holdings_authorise_api "allowed": a request id; the CDSL page with the right TPIN authorises those quantities for today', async () => {
    t = await startTestSim({ ...NO_DDPI, holdings_authorise_api: 'allowed' });
    const r = await post('/portfolio/holdings/authorise', [
      ['isin', 'INE009A01021'],
      ['quantity', '6'],
      ['isin', 'INE154A01025'],
      ['quantity', '70'],
    ]);
    expect(r.status).toBe(200);
    const requestId = JSON.parse(r.text).data.request_id as string;
    expect(requestId).toMatch(/^[A-Za-z0-9]{32}$/);
    expect((await sell('INFY', 6)).status).toBe(428); // nothing authorised until the TPIN is given

    const pagePath = `/connect/portfolio/authorise/holdings/${t.sim.apiKey}/${requestId}`;
    const page = await (await fetch(t.sim.url + pagePath)).text();
    expect(page).toContain('id="tpin"');
    expect(page).toMatch(/INFY<\/td><td>INE009A01021<\/td><td>6</);
    expect(page).toMatch(/ITC<\/td><td>INE154A01025<\/td><td>70</);

    const wrong = await post(pagePath, [['tpin', '000000']], form);
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('Invalid TPIN');
    expect(await authorised('INFY')).toBe(0);

    const ok = await post(pagePath, [['tpin', SIM_TPIN]], form);
    expect(ok.status).toBe(302);
    expect(ok.location).toBe(`${pagePath}/finish?status=success`);
    expect(await authorised('INFY')).toBe(6);
    expect(await authorised('ITC')).toBe(70);
    // used once
    expect((await post(pagePath, [['tpin', SIM_TPIN]], form)).status).toBe(400);

    expect((await sell('INFY', 7)).status).toBe(428);
    expect((await sell('INFY', 6)).status).toBe(200);
  });

  it('refuses ISINs it does not hold and quantities above the settled free shares (T1 and pledged excluded)', async () => {
    t = await startTestSim({ ...NO_DDPI, holdings_authorise_api: 'allowed' });
    const unknown = await post('/portfolio/holdings/authorise', [
      ['isin', 'INE000X00000'],
      ['quantity', '1'],
    ]);
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text).message).toMatch(/No holding with ISIN/);
    const tooMany = await post('/portfolio/holdings/authorise', [
      ['isin', 'INE154A01025'],
      ['quantity', '71'],
    ]);
    expect(tooMany.status).toBe(400);
    expect(JSON.parse(tooMany.text).message).toBe('Only 70 of ITC (INE154A01025) can be authorised.');
  });

  it('needs a valid session like every API route', async () => {
    t = await startTestSim({ ...NO_DDPI, holdings_authorise_api: 'allowed' });
    const r = await post(
      '/portfolio/holdings/authorise',
      [
        ['isin', 'INE009A01021'],
        ['quantity', '1'],
      ],
      { ...apiHeaders(), Authorization: `token ${t.sim.apiKey}:nope` },
    );
    expect(r.status).toBe(403);
    expect(JSON.parse(r.text).error_type).toBe('TokenException');
  });
});

describe('the "Kite web" authorisation page (for apps refused by the API)', () => {
  it('the user picks quantities and gives the TPIN; the sell then goes through', async () => {
    t = await startTestSim(NO_DDPI);
    const page = await (await fetch(`${t.sim.url}/web/holdings/authorise?isin=INE009A01021&quantity=5`)).text();
    expect(page).toMatch(/name="quantity" id="quantity-0" value="5"/);
    const wrong = await post(
      '/web/holdings/authorise',
      [
        ['isin', 'INE009A01021'],
        ['quantity', '5'],
        ['tpin', '111111'],
      ],
      form,
    );
    expect(wrong.status).toBe(401);
    expect(await authorised('INFY')).toBe(0);
    const ok = await post(
      '/web/holdings/authorise',
      [
        ['isin', 'INE009A01021'],
        ['quantity', '5'],
        ['isin', 'INE154A01025'],
        ['quantity', '0'],
        ['tpin', SIM_TPIN],
      ],
      form,
    );
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('Authorisation successful');
    expect(await authorised('INFY')).toBe(5);
    expect(await authorised('ITC')).toBe(0);
    expect((await sell('INFY', 5)).status).toBe(200);
  });
});

describe('authorisations last for the trading day', () => {
  it('an authorisation given today has lapsed tomorrow; one from the scenario is dated its start day', async () => {
    t = await startTestSim({ ...NO_DDPI, holdings: [{ tradingsymbol: 'INFY', quantity: 10, authorised_quantity: 3, isin: 'INE009A01021' }] });
    let h = (await t.kite.getHoldings())[0]!;
    expect(h.authorised_quantity).toBe(3);
    expect(h.authorised_date).toBe('2026-11-23 00:00:00');
    await post(
      '/web/holdings/authorise',
      [
        ['isin', 'INE009A01021'],
        ['quantity', '4'],
        ['tpin', SIM_TPIN],
      ],
      form,
    );
    expect(await authorised('INFY')).toBe(7);
    t.clock.set(ist('2026-11-23T23:59:59'));
    expect(await authorised('INFY')).toBe(7);
    t.clock.set(ist('2026-11-24T09:20:00'));
    t.kite.setAccessToken(t.sim.issueAccessToken());
    h = (await t.kite.getHoldings())[0]!;
    expect(h.authorised_quantity).toBe(0);
    expect((await sell('INFY', 1)).status).toBe(428);
  });
});

describe('profile meta.demat_consent', () => {
  it.each([
    [{ ddpi: true }, 'physical'],
    [{ ddpi: false }, ''],
    [{ ddpi: false, demat_consent: 'consent' as const }, 'consent'],
    [{ ddpi: true, demat_consent: 'consent' as const }, 'consent'],
  ])('%j → %j', async (over, expected) => {
    t = await startTestSim(over);
    const profile = (await t.kite.getProfile()) as unknown as { meta: { demat_consent: string } };
    expect(profile.meta.demat_consent).toBe(expected);
  });

  it('a scenario with another value is refused with one line', async () => {
    await expect(startTestSim({ demat_consent: 'ddpi' as never })).rejects.toThrow(/^Scenario: demat_consent:/);
  });
});
