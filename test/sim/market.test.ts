import { afterEach, describe, expect, it } from 'vitest';
import { kiteError, rawGet, startTestSim, type TestSim } from '../support/test-sim.js';

let t: TestSim;
afterEach(() => t?.close());

describe('/quote/ltp', () => {
  it('answers repeated i= with + and %26 decoded (M&M), unknown symbols omitted', async () => {
    t = await startTestSim({ unknown_symbols: ['GONE'], prices: { INFY: 1500, 'M&M': 3200, 'NIFTY 50': 24000 } });
    const ltp = await t.kite.getLTP(['NSE:INFY', 'NSE:M&M', 'NSE:NIFTY 50', 'NSE:GONE', 'BSE:INFY', 'NSE:bad symbol!']);
    expect(Object.keys(ltp).sort()).toEqual(['NSE:INFY', 'NSE:M&M', 'NSE:NIFTY 50']);
    expect(ltp['NSE:M&M']!.last_price).toBeGreaterThan(3000);
    expect(ltp['NSE:M&M']!.last_price).toBeLessThan(3400);
    // the same request spelled by hand, the way the client puts it on the wire
    t.clock.advance(1_000);
    const raw = await rawGet(t, '/quote/ltp?i=NSE%3AM%26M&i=NSE%3ANIFTY+50');
    expect(Object.keys(raw.body.data).sort()).toEqual(['NSE:M&M', 'NSE:NIFTY 50']);
  });

  it('more than 1000 instruments is a 400 InputException', async () => {
    t = await startTestSim();
    const many = Array.from({ length: 1001 }, (_, i) => `NSE:SYM${i}`);
    expect((await kiteError(t.kite.getLTP(many))).error_type).toBe('InputException');
    t.clock.advance(1_000);
    expect(Object.keys(await t.kite.getLTP(many.slice(0, 1000)))).toHaveLength(1000);
  });

  it('ltp_permission=false answers 403 PermissionException like a Personal (free) plan', async () => {
    t = await startTestSim({ ltp_permission: false });
    const res = await rawGet(t, '/quote/ltp?i=NSE%3AINFY');
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      status: 'error',
      message: 'Insufficient permission for that call.',
      error_type: 'PermissionException',
      data: null,
    });
  });
});

describe('prices', () => {
  it('the same seed gives the same prices at the same clock time; another seed does not', async () => {
    const a = await startTestSim({ seed: 42 });
    const b = await startTestSim({ seed: 42 });
    const c = await startTestSim({ seed: 43 });
    try {
      const syms = ['NSE:INFY', 'NSE:TCS', 'NSE:SYNTHX', 'NSE:ANOTHERONE'];
      for (let i = 0; i < 5; i++) {
        for (const s of [a, b, c]) s.clock.advance(37_000);
        const [pa, pb, pc] = await Promise.all([a.kite.getLTP(syms), b.kite.getLTP(syms), c.kite.getLTP(syms)]);
        expect(pa).toEqual(pb);
        expect(pa['NSE:SYNTHX']!.last_price).not.toBe(pc['NSE:SYNTHX']!.last_price);
      }
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('prices move with the clock, stay on the tick grid and near the scenario price', async () => {
    t = await startTestSim({ volatility: 0.02 });
    const seen = new Set<number>();
    for (let i = 0; i < 30; i++) {
      t.clock.advance(60_000);
      const p = t.sim.state.ltp('INFY');
      seen.add(p);
      expect(Math.abs(p / 1500 - 1)).toBeLessThan(0.1);
      expect(Math.round(p * 10) / 10).toBeCloseTo(p, 9); // ₹0.10 tick above ₹1000
    }
    expect(seen.size).toBeGreaterThan(5);
  });

  it('volatility 0 freezes prices at the scenario value', async () => {
    t = await startTestSim({ volatility: 0 });
    t.clock.advance(3_600_000);
    expect((await t.kite.getLTP(['NSE:INFY']))['NSE:INFY']!.last_price).toBe(1500);
  });

  it('a valid symbol missing from the scenario gets a deterministic synthetic price in ₹10…₹15000', async () => {
    t = await startTestSim();
    const syms = Array.from({ length: 50 }, (_, i) => `NSE:ZZTEST${i}`);
    const ltp = await t.kite.getLTP(syms);
    expect(Object.keys(ltp)).toHaveLength(50);
    for (const s of syms) {
      const anchor = t.sim.state.prices.anchor(s.slice(4));
      expect(anchor).toBeGreaterThanOrEqual(10);
      expect(anchor).toBeLessThanOrEqual(15_000);
    }
  });
});

describe('/instruments', () => {
  it("NSE EQ rows have last_price 0 by default, as in Kite's official mock", async () => {
    t = await startTestSim({ prices: { INFY: 1500, NEWCO: 123.45 } });
    const list = await t.kite.getInstruments('NSE');
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((i) => i.last_price === 0)).toBe(true);
  });

  it('the client parses the CSV (text/csv exactly, no blank trailing row) and lists the scenario symbols', async () => {
    t = await startTestSim({ prices: { INFY: 1500, NEWCO: 123.45 }, instruments_last_price: 'previous_close' });
    const raw = await rawGet(t, '/instruments/NSE');
    expect(raw.contentType).toBe('text/csv');
    const list = await t.kite.getInstruments('NSE');
    expect(Array.isArray(list)).toBe(true);
    expect(list.every((i) => i.tradingsymbol !== '' && i.tradingsymbol !== undefined)).toBe(true);
    const newco = list.find((i) => i.tradingsymbol === 'NEWCO')!;
    expect(newco).toMatchObject({ exchange: 'NSE', segment: 'NSE', instrument_type: 'EQ', lot_size: 1, tick_size: 0.01, last_price: 123.45 });
    expect(list.find((i) => i.tradingsymbol === 'M&M')?.name).toBe('MAHINDRA & MAHINDRA');
    const token = (await t.kite.getLTP(['NSE:NEWCO']))['NSE:NEWCO']!.instrument_token;
    expect(String(token)).toBe(String(newco.instrument_token));
    t.clock.advance(1_000);
    expect(await t.kite.getInstruments()).toHaveLength(list.length);
  });
});
