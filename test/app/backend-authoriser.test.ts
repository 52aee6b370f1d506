import { describe, expect, it } from 'vitest';
import { backendAuthoriser } from '../../source/app/backend-authoriser.js';
import type { Backend } from '../../source/app/backend.js';
import type { KiteHolding } from '../../source/broker/kite-types.js';
import type { Broker } from '../../source/broker/port.js';
import { manualClock } from '../../source/core/clock.js';
import { createCalendar } from '../../source/core/calendar.js';
import { FakeBroker } from '../support/fake-broker.js';
import { ist } from '../support/engine-harness.js';

/** A live account: Kite's page is kite.zerodha.com/connect/portfolio/authorise/holdings/<api_key>/<request_id>. */
function live(authorise: Broker['authoriseHoldings']) {
  const clock = manualClock(ist('2026-11-23T10:00:00'));
  const fake = new FakeBroker(clock, createCalendar(), 0, {}, { ITC: 400 });
  fake.user = { user_id: 'AB1234', user_name: 'A', meta: { demat_consent: 'consent' } };
  const holding = {
    tradingsymbol: 'ITC',
    exchange: 'NSE',
    isin: 'INE154A01025',
    quantity: 100,
    authorised_quantity: 0,
    authorised_date: '2026-11-20 00:00:00',
  } as KiteHolding;
  const broker: Broker = Object.assign(Object.create(fake) as Broker, {
    holdings: async () => [holding],
    orders: async () => [],
    authoriseHoldings: authorise,
  });
  const backend = {
    mode: 'live',
    auth: {
      apiKey: 'kitekey123',
      apiRoot: 'https://api.kite.trade',
      loginUrl: 'https://kite.zerodha.com/connect/login',
      redirectUrl: 'http://127.0.0.1:8080/callback',
    },
    clock,
    calendar: createCalendar(),
  } as unknown as Backend;
  return { backend, broker };
}

async function firstEvent(b: ReturnType<typeof live>) {
  const step = backendAuthoriser(b.backend, { current: b.broker });
  const gen = step({ round: 1, sells: [{ tradingsymbol: 'ITC', quantity: 60 }], refusedByKite: false }, new AbortController().signal);
  const first = await gen.next();
  await gen.return(new Map());
  // Stopped at the announcement: nothing is opened in a browser here.
  return { first: first.value };
}

describe('the authorisation step of a live account', () => {
  it("opens Kite's own page for the request id", async () => {
    const { first } = await firstEvent(live(async () => ({ request_id: 'na8QgCeQm05UHG6NL9sAGRzdfSF64UdB' })));
    expect(first).toMatchObject({
      type: 'authorisation-needed',
      url: 'https://kite.zerodha.com/connect/portfolio/authorise/holdings/kitekey123/na8QgCeQm05UHG6NL9sAGRzdfSF64UdB',
    });
  });

  it('when Kite refuses the API: no page of ours, the way through Kite web and the app', async () => {
    const { first } = await firstEvent(
      live(async () => {
        throw Object.assign(new Error('Insufficient permission for that call.'), { kind: 'app-refused' });
      }),
    );
    expect(first).toMatchObject({ type: 'authorisation-needed', url: null });
    expect((first as { instructions: string }).instructions).toContain(
      'In Kite web: Holdings → Authorisation (Kite app: Holdings → Authorise), authorise ITC 60, then enter your CDSL TPIN and OTP.',
    );
    expect((first as { instructions: string }).instructions).not.toMatch(/127\.0\.0\.1|simulator|123456/);
  });
});
