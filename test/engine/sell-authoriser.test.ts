import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sellAuthoriser, type AuthorisationKey, type SellAuthoriserOptions } from '../../source/engine/sell-authoriser.js';
import { createKiteBroker } from '../../source/broker/kite-adapter.js';
import type { Broker } from '../../source/broker/port.js';
import { manualClock, type ManualClock } from '../../source/core/clock.js';
import type { AuthoriseRequest, EngineEvent } from '../../source/core/events.js';
import { SIM_TPIN } from '../../source/sim/cdsl.js';
import { loadScenario, startSimulator, type RunningSim, type ScenarioInput } from '../../source/sim/index.js';
import { ist } from '../support/engine-harness.js';
import { HOLDINGS_READINGS } from '../support/scenario-file.js';

/** The app's CDSL authorisation step against the simulator, through the real adapter. */
const ACCOUNT: ScenarioInput = {
  cash: 10_000,
  ddpi: false,
  demat_consent: 'consent',
  holdings: [
    { tradingsymbol: 'INFY', quantity: 50, isin: 'INE009A01021' },
    { tradingsymbol: 'ITC', quantity: 300, authorised_quantity: 100, isin: 'INE154A01025' },
  ],
  prices: { INFY: 1500, ITC: 400 },
};

let sim: RunningSim | undefined;
/** The holdings reading the simulator follows (both are run). */
let reading: Partial<ScenarioInput> = {};
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

interface World {
  sim: RunningSim;
  clock: ManualClock;
  broker: Broker;
  calls: string[];
}

async function world(over: Partial<ScenarioInput> = {}): Promise<World> {
  const clock = manualClock(ist('2026-11-23T10:00:00'));
  sim = await startSimulator({ clock, scenario: loadScenario({ ...ACCOUNT, ...reading, ...over }), port: 0, quiet: true });
  const real = createKiteBroker({ apiKey: sim.apiKey, accessToken: sim.issueAccessToken(), root: sim.url, clock, timeoutMs: 2_000 });
  const calls: string[] = [];
  // Records which calls the step makes, so "no authorisation needed" can be seen to ask for none.
  const broker = new Proxy(real, {
    get: (target, name: string) => {
      const f = (target as unknown as Record<string, unknown>)[name];
      return typeof f === 'function' ? (...a: unknown[]) => (calls.push(name), (f as (...x: unknown[]) => unknown).apply(target, a)) : f;
    },
  });
  return { sim, clock, broker, calls };
}

const step = (w: World, over: Partial<SellAuthoriserOptions> = {}) =>
  sellAuthoriser({
    broker: () => w.broker,
    clock: w.clock,
    requestPage: (id) => `${w.sim.url}/connect/portfolio/authorise/holdings/${w.sim.apiKey}/${id}`,
    manualPage: () => `${w.sim.url}/web/holdings/authorise`,
    paperTpin: SIM_TPIN,
    timeoutMs: 60_000,
    pollMs: 5_000,
    ...over,
  });

/** Runs the step, calling `during` on each event (the user acting meanwhile); returns the events and the answer. */
async function drive(gen: AsyncGenerator<EngineEvent, ReadonlyMap<string, number>>, during: (e: EngineEvent) => Promise<void> = async () => undefined) {
  const events: EngineEvent[] = [];
  for (;;) {
    const r = await gen.next();
    if (r.done) return { events, allowed: r.value };
    events.push(r.value);
    await during(r.value);
  }
}

const sells = (list: [string, number][], refusedByKite = false): AuthoriseRequest => ({
  round: 1,
  sells: list.map(([tradingsymbol, quantity]) => ({ tradingsymbol, quantity })),
  refusedByKite,
});
const submit = (url: string, form: [string, string][]) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form), redirect: 'manual' });
const signal = () => new AbortController().signal;

describe.each(HOLDINGS_READINGS)('sells that need a CDSL authorisation ($reading)', ({ switches }) => {
  beforeEach(() => {
    reading = switches;
  });

  it('API allowed: asks Kite for exactly the short ISINs and quantities, opens its page, and returns once the TPIN has been given', async () => {
    const w = await world({ holdings_authorise_api: 'allowed' });
    const opened: string[] = [];
    const gen = step(w, { openBrowser: async (url) => void opened.push(url) })(
      sells([
        ['INFY', 20],
        ['ITC', 80],
      ]),
      signal(),
    );
    const { events, allowed } = await drive(gen, async (e) => {
      if (e.type === 'authorisation-needed') {
        expect(e.shortfalls).toEqual([{ tradingsymbol: 'INFY', isin: 'INE009A01021', sell: 20, authorised: 0 }]); // ITC: 100 authorised today
        expect(w.sim.state.cdsl.pending(e.url!.split('/').at(-1)!)).toEqual([{ isin: 'INE009A01021', tradingsymbol: 'INFY', quantity: 20 }]);
        expect(opened).toEqual([]); // announced (printed) first, then opened
      }
      // The user types the TPIN after the first re-check.
      if (e.type === 'authorisation-check' && e.pending.length) expect((await submit(opened[0]!, [['tpin', SIM_TPIN]])).status).toBe(302);
    });
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatch(new RegExp(`^${w.sim.url}/connect/portfolio/authorise/holdings/paper_api_key/[A-Za-z0-9]{32}$`));
    expect(events.map((e) => e.type)).toEqual(['authorisation-needed', 'authorisation-check', 'authorisation-check', 'authorisation-done']);
    expect(events.at(-1)).toMatchObject({ authorised: ['INFY', 'ITC'], skipped: [], reason: null });
    expect(allowed.size).toBe(0); // nothing held back
  });

  it('API refused (403): says what to authorise and where, then sees the authorisation made by hand', async () => {
    const w = await world();
    const gen = step(w)(sells([['INFY', 20]]), signal());
    const { events, allowed } = await drive(gen, async (e) => {
      if (e.type === 'authorisation-needed') {
        expect(e.url).toBeNull();
        expect(e.instructions).toBe(
          `Kite refused the authorisation request (Insufficient permission for that call.). Open ${w.sim.url}/web/holdings/authorise (the simulator's Kite web: Holdings → Authorisation), authorise INFY 20 with the TPIN ${SIM_TPIN}.`,
        );
        await submit(`${w.sim.url}/web/holdings/authorise`, [
          ['isin', 'INE009A01021'],
          ['quantity', '20'],
          ['tpin', SIM_TPIN],
        ]);
      }
    });
    expect(events.at(-1)).toMatchObject({ type: 'authorisation-done', authorised: ['INFY'], skipped: [] });
    expect(allowed.size).toBe(0);
  });

  it('live wording when Kite refuses the API: where to click in Kite web and the app', async () => {
    const w = await world();
    const { events } = await drive(step(w, { manualPage: undefined, paperTpin: undefined, timeoutMs: 1 })(sells([['INFY', 20]]), signal()));
    expect(events[0]).toMatchObject({
      type: 'authorisation-needed',
      instructions:
        'Kite refused the authorisation request (Insufficient permission for that call.). In Kite web: Holdings → Authorisation (Kite app: Holdings → Authorise), authorise INFY 20, then enter your CDSL TPIN and OTP.',
    });
  });

  it('nobody authorises: the holdings are re-read until the timeout, then the sells are held back (only what is authorised may go)', async () => {
    const w = await world();
    const start = w.clock.now();
    const { events, allowed } = await drive(
      step(w)(
        sells([
          ['INFY', 20],
          ['ITC', 150],
        ]),
        signal(),
      ),
    );
    expect(w.clock.now() - start).toBe(60_000);
    expect(events.filter((e) => e.type === 'authorisation-check')).toHaveLength(12);
    expect(events.at(-1)).toMatchObject({ type: 'authorisation-done', authorised: [], reason: 'not authorised by 10:01:00 IST' });
    expect(Object.fromEntries(allowed)).toEqual({ INFY: 0, ITC: 100 });
  });

  it('the TUI: `r` re-checks at once, `s` skips the sells', async () => {
    const w = await world();
    const keys: AuthorisationKey[] = ['recheck', 'skip'];
    const gen = step(w, { keys: { next: async () => keys.shift() ?? new Promise<never>(() => undefined) } })(sells([['INFY', 20]]), signal());
    const start = w.clock.now();
    const { events, allowed } = await drive(gen);
    expect(w.clock.now()).toBe(start);
    expect(events.map((e) => e.type)).toEqual(['authorisation-needed', 'authorisation-check', 'authorisation-done']);
    expect(events.at(-1)).toMatchObject({ reason: 'skipped by you' });
    expect(allowed.get('INFY')).toBe(0);
  });

  it('a POA ("physical") needs none: no authorisation is asked for', async () => {
    const w = await world({ demat_consent: 'physical', ddpi: true });
    const { events, allowed } = await drive(step(w)(sells([['INFY', 20]]), signal()));
    expect(events).toEqual([]);
    expect(allowed.size).toBe(0);
    expect(w.calls).toEqual(['profile']);
  });

  it('"consent" is not DDPI: with nothing authorised the step asks for it', async () => {
    const w = await world({ demat_consent: 'consent', ddpi: true });
    const { events } = await drive(step(w, { timeoutMs: 1 })(sells([['INFY', 20]]), signal()));
    expect(events[0]).toMatchObject({ type: 'authorisation-needed' });
    expect(w.calls).toContain('authoriseHoldings');
  });

  it('after a 428 although the holdings show enough authorised: held back at once, no wait, no retry', async () => {
    const w = await world();
    const { events, allowed } = await drive(step(w)(sells([['ITC', 50]], true), signal()));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'authorisation-done',
      skipped: [{ tradingsymbol: 'ITC', sell: 50 }],
      reason: expect.stringMatching(/although the holdings show it authorised/),
    });
    expect(allowed.get('ITC')).toBe(0);
    expect(w.calls).not.toContain('authoriseHoldings');
  });
});
