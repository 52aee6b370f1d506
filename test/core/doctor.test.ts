import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { diagnose, ltpInstruments, tally } from '../../source/core/doctor/index.js';
import type { CheckId, DoctorCheck, DoctorHolding, DoctorInput, DoctorInstrument, DoctorOrder, Read } from '../../source/core/doctor/types.js';

const NOW = DateTime.fromISO('2026-11-25T10:00:00', { zone: 'Asia/Kolkata' }).toMillis();
const SIX_AM = DateTime.fromISO('2026-11-26T06:00:00', { zone: 'Asia/Kolkata' }).toMillis();

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const denied: Read<never> = { ok: false, error: { errorType: 'PermissionException', httpStatus: 403, message: 'Insufficient permission for that call.' } };

const holding = (symbol: string, quantity: number, extra: Partial<DoctorHolding> = {}): DoctorHolding => ({
  tradingsymbol: symbol,
  exchange: 'NSE',
  isin: `INE${symbol}01`,
  instrument_token: `${symbol}-token`,
  quantity,
  t1_quantity: 0,
  realised_quantity: quantity,
  opening_quantity: quantity,
  used_quantity: 0,
  collateral_quantity: 0,
  authorised_quantity: 0,
  authorised_date: '2026-11-20 00:00:00',
  last_price: 100,
  ...extra,
});

const listed = (symbol: string, token: string = `${symbol}-token`): DoctorInstrument => ({
  tradingsymbol: symbol,
  exchange: 'NSE',
  segment: 'NSE',
  instrument_type: 'EQ',
  instrument_token: token,
  last_price: 0,
});

const order = (extra: Partial<DoctorOrder>): DoctorOrder => ({
  order_id: '1953341975595868160',
  status: 'COMPLETE',
  tradingsymbol: 'ITC',
  exchange: 'NSE',
  product: 'CNC',
  transaction_type: 'BUY',
  quantity: 10,
  filled_quantity: 10,
  tag: null,
  run_id: null,
  ...extra,
});

function input(over: Partial<Omit<DoctorInput, 'ltp'>> & { ltp?: Partial<DoctorInput['ltp']>; consent?: unknown } = {}): DoctorInput {
  const holdings = over.holdings ?? ok([holding('INFY', 40), holding('ITC', 300)]);
  const instruments = over.instruments ?? ok(['INFY', 'ITC', 'SBIN', 'XYZ', 'NEWNAME'].map((s) => listed(s)));
  const asked = ltpInstruments(holdings.ok ? holdings.value : [], instruments.ok ? instruments.value : null);
  return {
    nowMs: NOW,
    session: { userId: 'AB1234', source: 'stored', validUntilMs: SIX_AM },
    profile: ok({
      user_id: 'AB1234',
      user_name: 'A B',
      user_type: 'individual',
      broker: 'ZERODHA',
      meta: { demat_consent: 'consent' in over ? over.consent : 'physical' },
    }),
    margins: ok({ enabled: true, net: 100000, available: { cash: 100000, live_balance: 100000, collateral: 0 } }),
    positions: ok([]),
    orders: ok([]),
    ...over,
    holdings,
    instruments,
    ltp: { instruments: asked, answer: ok(Object.fromEntries(asked.map((i) => [i, { last_price: 123 }]))), ...over.ltp },
  };
}

const check = (checks: DoctorCheck[], id: CheckId): DoctorCheck => {
  const c = checks.find((x) => x.id === id);
  if (!c) throw new Error(`no ${id} check`);
  return c;
};
const run = (over: Parameters<typeof input>[0], id: CheckId) => check(diagnose(input(over)), id);

describe('doctor: the pure analysis', () => {
  it('a healthy account with a POA: every check ok, one line each', () => {
    const checks = diagnose(input());
    expect(checks.map((c) => c.id)).toEqual([
      'session',
      'quotes',
      'demat',
      'holdings-reading',
      'symbols',
      'prices',
      'pledged',
      'positions',
      'open-orders',
      'funds',
    ]);
    expect(tally(checks)).toEqual({ ok: 10, warning: 0, problem: 0 });
    expect(check(checks, 'session').sentence).toMatch(/valid until Thu 26 Nov 2026 06:00 IST \(Kite sessions end at 06:00 IST\)/);
    expect(check(checks, 'funds').sentence).toContain('₹1,00,000.00 available for buying');
  });

  describe('session', () => {
    it('a session ending within the hour is a warning', () => {
      const c = check(diagnose({ ...input(), nowMs: SIX_AM - 20 * 60_000 }), 'session');
      expect(c.verdict).toBe('warning');
      expect(c.sentence).toMatch(/only 20 minutes left/);
    });
    it('a profile Kite refuses is a problem, with the error in the fields', () => {
      const c = run(
        { profile: { ok: false, error: { errorType: 'TokenException', httpStatus: 403, message: 'Incorrect `api_key` or `access_token`.' } } },
        'session',
      );
      expect(c.verdict).toBe('problem');
      expect(c.sentence).toMatch(/log in again/);
      expect(c.fields.profile_error).toMatchObject({ errorType: 'TokenException' });
    });
  });

  describe('quotes', () => {
    it('allowed: ok, naming how many instruments answered', () => {
      const c = run({}, 'quotes');
      expect(c.verdict).toBe('ok');
      expect(c.fields).toEqual({ ltp_instruments: ['NSE:INFY', 'NSE:ITC'], ltp_answered: ['NSE:INFY', 'NSE:ITC'] });
    });
    it('403 PermissionException = the free Personal plan: buys need --prices with the bhavcopy', () => {
      const c = run({ ltp: { answer: denied } }, 'quotes');
      expect(c.verdict).toBe('warning');
      expect(c.sentence).toMatch(/Personal plan/);
      expect(c.sentence).toMatch(/--prices FILE.*bhavcopy/);
      expect(c.fields.ltp_error).toMatchObject({ errorType: 'PermissionException', httpStatus: 403 });
    });
    it('any other failure is a problem', () => {
      expect(run({ ltp: { answer: { ok: false, error: { errorType: 'NetworkException', httpStatus: 503, message: 'down' } } } }, 'quotes').verdict).toBe(
        'problem',
      );
    });
  });

  describe('DDPI / POA / eDIS', () => {
    it('"physical" = POA: ok', () => {
      const c = run({ consent: 'physical' }, 'demat');
      expect(c.verdict).toBe('ok');
      expect(c.sentence).toMatch(/POA/);
      expect(c.fields['profile.meta.demat_consent']).toBe('physical');
    });
    it('"consent" = eDIS consent, not DDPI: a warning while nothing is authorised today', () => {
      const c = run({ consent: 'consent' }, 'demat');
      expect(c.verdict).toBe('warning');
      expect(c.sentence).toMatch(/eDIS consent.*not DDPI.*TPIN authorisation each trading day/);
    });
    it('"" = neither: a warning while nothing is authorised today', () => {
      const c = run({ consent: '' }, 'demat');
      expect(c.verdict).toBe('warning');
      expect(c.sentence).toMatch(/neither DDPI nor POA/);
    });
    it("today's authorised_quantity is evidence (an older authorisation is not)", () => {
      const holdings = ok([
        holding('INFY', 40, { authorised_quantity: 15, authorised_date: '2026-11-25 00:00:00' }),
        holding('ITC', 300, { authorised_quantity: 300, authorised_date: '2026-11-24 00:00:00' }),
      ]);
      const c = run({ consent: 'consent', holdings }, 'demat');
      expect(c.verdict).toBe('ok');
      expect(c.sentence).toMatch(/authorised with CDSL today: INFY 15;/);
      expect(c.sentence).not.toMatch(/ITC/);
      expect(c.fields.authorised_today).toEqual({ INFY: 15 });
      expect(c.fields.authorisations).toEqual([
        { tradingsymbol: 'INFY', authorised_quantity: 15, authorised_date: '2026-11-25 00:00:00' },
        { tradingsymbol: 'ITC', authorised_quantity: 300, authorised_date: '2026-11-24 00:00:00' },
      ]);
    });
    it('a CNC sell filled today is evidence too', () => {
      const c = run({ consent: '', orders: ok([order({ transaction_type: 'SELL', quantity: 5, filled_quantity: 5 })]) }, 'demat');
      expect(c.verdict).toBe('ok');
      expect(c.fields.sold_today).toEqual({ ITC: 5 });
    });
    it('an unknown value is reported verbatim', () => {
      const c = run({ consent: 'ddpi' }, 'demat');
      expect(c.verdict).toBe('warning');
      expect(c.sentence).toContain('"ddpi"');
    });
  });

  describe('holdings reading', () => {
    it('cannot tell yet when no holding has T1 or pledged shares', () => {
      const c = run({}, 'holdings-reading');
      expect(c.verdict).toBe('ok');
      expect(c.sentence).toMatch(/^cannot tell yet \(no T1 holding today\)/);
      expect(c.fields.reading).toBeNull();
    });
    it('documented: quantity includes T1 (quantity − t1 = realised)', () => {
      const c = run({ holdings: ok([holding('ITC', 350, { t1_quantity: 50, realised_quantity: 300, opening_quantity: 350 })]) }, 'holdings-reading');
      expect(c.verdict).toBe('ok');
      expect(c.fields.reading).toBe('documented');
      expect(c.sentence).toMatch(/documented reading.*ITC: quantity 350, t1 50, realised 300/);
    });
    it('observed: quantity is the free quantity, T1 on top (quantity = realised)', () => {
      const c = run({ holdings: ok([holding('ITC', 300, { t1_quantity: 50, realised_quantity: 300, opening_quantity: 300 })]) }, 'holdings-reading');
      expect(c.verdict).toBe('ok');
      expect(c.fields.reading).toBe('observed');
      expect(c.sentence).toMatch(/free quantity/);
    });
    it('observed with pledged shares: quantity + pledged = realised', () => {
      const c = run({ holdings: ok([holding('SBIN', 80, { collateral_quantity: 20, realised_quantity: 100 })]) }, 'holdings-reading');
      expect(c.fields.reading).toBe('observed');
    });
    it('after a sale: opening_quantity tells whether quantity dropped by used_quantity', () => {
      // documented, 350 at the start (50 T1), 40 sold today and already taken off quantity
      const dropped = run(
        { holdings: ok([holding('ITC', 310, { t1_quantity: 50, realised_quantity: 300, opening_quantity: 350, used_quantity: 40 })]) },
        'holdings-reading',
      );
      expect(dropped).toMatchObject({ verdict: 'ok', fields: { reading: 'documented', quantity_drops_after_sale: true } });
      expect(dropped.sentence).toMatch(/after a sale today, quantity drops by used_quantity/);
      const kept = run({ holdings: ok([holding('INFY', 40, { realised_quantity: 40, opening_quantity: 40, used_quantity: 10 })]) }, 'holdings-reading');
      expect(kept).toMatchObject({ verdict: 'ok', fields: { reading: null, quantity_drops_after_sale: false } });
      expect(kept.sentence).toMatch(/^cannot tell yet \(no T1 holding today\).*; after a sale today, quantity keeps its start-of-day value/);
    });
    it('rows that fit no reading are a problem naming the fields', () => {
      const c = run({ holdings: ok([holding('ITC', 999, { t1_quantity: 50, realised_quantity: 300 })]) }, 'holdings-reading');
      expect(c.verdict).toBe('problem');
      expect(c.sentence).toMatch(/fit no reading for ITC: quantity 999, t1 50, realised 300/);
    });
    it('rows that disagree with each other are a problem', () => {
      const holdings = ok([holding('ITC', 350, { t1_quantity: 50, realised_quantity: 300 }), holding('INFY', 40, { t1_quantity: 5, realised_quantity: 40 })]);
      const c = run({ holdings }, 'holdings-reading');
      expect(c.verdict).toBe('problem');
      expect(c.sentence).toMatch(/rows disagree/);
      expect(c.fields.deciding_rows).toEqual([
        expect.objectContaining({ tradingsymbol: 'ITC', fits: ['documented'] }),
        expect.objectContaining({ tradingsymbol: 'INFY', fits: ['observed'] }),
      ]);
    });
    it('a T1 row without realised or opening quantities leaves the number held open: the app would not trade it', () => {
      const c = run(
        { holdings: ok([holding('ITC', 350, { t1_quantity: 50, realised_quantity: undefined, opening_quantity: undefined })]) },
        'holdings-reading',
      );
      expect(c.verdict).toBe('problem');
      expect(c.sentence).toMatch(/disagree on the shares held for ITC/);
    });
  });

  describe('symbols that need mapping', () => {
    it('a BSE holding with the ISIN of an NSE holding is that NSE symbol', () => {
      const holdings = ok([holding('INFY', 40), holding('INFOSYS', 5, { exchange: 'BSE', isin: 'INEINFY01' })]);
      const c = run({ holdings }, 'symbols');
      expect(c.verdict).toBe('warning');
      expect(c.sentence).toMatch(/INFOSYS on BSE \(ISIN INEINFY01\) is NSE's INFY \(same ISIN/);
      expect(c.fields.holdings).toEqual([expect.objectContaining({ tradingsymbol: 'INFOSYS', exchange: 'BSE', nse_symbol: 'INFY', matched_by: 'isin' })]);
    });
    it('a BSE-only holding under a symbol NSE lists is matched by symbol, and said so', () => {
      const c = run({ holdings: ok([holding('SBIN', 10, { exchange: 'BSE' })]) }, 'symbols');
      expect(c.verdict).toBe('warning');
      expect(c.sentence).toMatch(/same symbol; Kite's instruments list has no ISIN/);
    });
    it('a BSE holding NSE does not list is a problem', () => {
      const c = run({ holdings: ok([holding('BSEONLY', 10, { exchange: 'BSE' })]) }, 'symbols');
      expect(c.verdict).toBe('problem');
      expect(c.sentence).toMatch(/NSE does not list BSEONLY on BSE/);
    });
    it('an -BE (trade-to-trade) holding maps to the EQ symbol NSE lists', () => {
      const c = run({ holdings: ok([holding('XYZ-BE', 10)]) }, 'symbols');
      expect(c.verdict).toBe('warning');
      expect(c.sentence).toMatch(/XYZ-BE is NSE's XYZ \(series suffix\)/);
    });
    it('a renamed company is matched by its instrument token', () => {
      const c = run({ holdings: ok([holding('OLDNAME', 10, { instrument_token: 'NEWNAME-token' })]) }, 'symbols');
      expect(c.verdict).toBe('warning');
      expect(c.sentence).toMatch(/OLDNAME on NSE .* is NSE's NEWNAME now \(same instrument token: renamed\)/);
    });
    it('without the instruments list: a warning, nothing matched', () => {
      expect(run({ instruments: { ok: false, error: { errorType: 'NetworkException', message: 'down' } } }, 'symbols').verdict).toBe('warning');
    });
    it('asks one ltp call for the NSE symbol of every holding', () => {
      const holdings = [holding('INFY', 1), holding('INFOSYS', 1, { exchange: 'BSE', isin: 'INEINFY01' }), holding('XYZ-BE', 1)];
      expect(
        ltpInstruments(
          holdings,
          ['INFY', 'XYZ'].map((s) => listed(s)),
        ),
      ).toEqual(['NSE:INFY', 'NSE:XYZ']);
    });
  });

  describe('what the app would refuse or leave out', () => {
    it("an earlier kite-rebalance run's open order: a new run would refuse (resume it)", () => {
      const orders = ok([order({ status: 'AMO REQ RECEIVED', tag: 'Kab12cd341S007', run_id: 'ab12cd34', transaction_type: 'SELL', filled_quantity: 0 })]);
      const c = run({ orders }, 'open-orders');
      expect(c.verdict).toBe('problem');
      expect(c.sentence).toMatch(/run ab12cd34 of kite-rebalance still has 1 open order\(s\) \(SELL 10 ITC \(AMO REQ RECEIVED, tag Kab12cd341S007\)\)/);
      expect(c.sentence).toContain('kite-rebalance resume ab12cd34');
    });
    it("someone else's open order is a warning; finished orders are fine", () => {
      expect(run({ orders: ok([order({ status: 'OPEN', filled_quantity: 0 })]) }, 'open-orders').verdict).toBe('warning');
      expect(run({ orders: ok([order({}), order({ status: 'CANCELLED AMO', run_id: 'ab12cd34', tag: 'Kab12cd341S007' })]) }, 'open-orders').verdict).toBe('ok');
    });
    it('pledged quantities are named and never sold', () => {
      const c = run({ holdings: ok([holding('SBIN', 100, { collateral_quantity: 20, collateral_type: 'pledge', realised_quantity: 100 })]) }, 'pledged');
      expect(c.verdict).toBe('warning');
      expect(c.sentence).toMatch(/^20 SBIN pledged/);
    });
    it('an unpriced holding is a problem; stale prices a warning', () => {
      const holdings = ok([holding('INFY', 40, { last_price: 0 }), holding('ITC', 300)]);
      expect(run({ holdings, ltp: { answer: denied } }, 'prices')).toMatchObject({ verdict: 'problem', sentence: expect.stringMatching(/^no price for INFY/) });
      expect(run({ ltp: { answer: denied } }, 'prices')).toMatchObject({ verdict: 'warning', sentence: expect.stringMatching(/stale price.*INFY, ITC/) });
    });
    it('non-delivery positions are not rebalanced (a warning); CNC trades today count as held', () => {
      const positions = ok([
        { tradingsymbol: 'ITC', exchange: 'NSE', product: 'CNC', quantity: -10 },
        { tradingsymbol: 'NIFTY26DECFUT', exchange: 'NFO', product: 'NRML', quantity: 75 },
      ]);
      const c = run({ positions }, 'positions');
      expect(c.verdict).toBe('warning');
      expect(c.sentence).toBe(
        "1 open non-delivery position(s) (NIFTY26DECFUT NRML 75) are not part of the rebalance; today's delivery trades count as held: ITC -10.",
      );
      expect(run({ positions: ok([{ tradingsymbol: 'ITC', exchange: 'NSE', product: 'CNC', quantity: 5 }]) }, 'positions')).toMatchObject({
        verdict: 'ok',
        sentence: "today's delivery trades count as held: ITC +5.",
      });
    });
    it('an equity segment that is not enabled is a problem; collateral margin is not cash for buys', () => {
      expect(run({ margins: ok({ enabled: false, net: 0 }) }, 'funds').verdict).toBe('problem');
      expect(run({ margins: ok({ enabled: true, net: 150000, available: { collateral: 50000 } }) }, 'funds').sentence).toMatch(/^₹1,00,000.00 available/);
    });
  });
});
