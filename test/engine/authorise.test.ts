import { describe, expect, it } from 'vitest';
import { HINTS } from '../../source/broker/classify.js';
import { BrokerError } from '../../source/broker/port.js';
import type { AuthoriseRequest, AuthoriseSells, EngineEvent } from '../../source/core/events.js';
import { NOT_AUTHORISED } from '../../source/engine/authorise.js';
import { executePlan } from '../../source/engine/index.js';
import { baseOptions, drain, fakeWorld } from '../support/engine-harness.js';
import { fakeSnapshot, simplePlan } from '../support/simple-planner.js';

/**
 * The engine's CDSL authorisation step (deps.authorise): asked before sells and after a 428, it decides what is
 * placed; buys are sized from what the sells really brought.
 */
const OPEN = '2026-11-23T10:00:00';
const ofType = <T extends EngineEvent['type']>(events: EngineEvent[], t: T) => events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === t);

/** A scripted authorise step: answers each call with the next map (absent symbols: sell all), records the requests. */
function scripted(answers: Record<string, number>[]): { authorise: AuthoriseSells; requests: AuthoriseRequest[] } {
  const requests: AuthoriseRequest[] = [];
  const authorise: AuthoriseSells = async function* (req) {
    requests.push(structuredClone(req));
    yield { type: 'authorisation-done', at: 0, round: req.round, authorised: [], skipped: [], reason: null };
    return new Map(Object.entries(answers[requests.length - 1] ?? {}));
  };
  return { authorise, requests };
}

const depositoryRefusal = (symbol: string) =>
  new BrokerError('needs-authorisation', 'InputException', `5 quantity of ${symbol} needs authorisation at the depository (CDSL TPIN) before it can be sold.`, {
    httpStatus: 428,
    hint: HINTS.depository,
  });

/** The next `times` sells of `symbol` answer 428 (the order is not created); every placement is counted. */
function refuseSells(w: ReturnType<typeof fakeWorld>, symbol: string, times: number): { placed: string[] } {
  const placed: string[] = [];
  const place = w.broker.placeOrder.bind(w.broker);
  let left = times;
  w.broker.placeOrder = async (variety, p) => {
    placed.push(`${p.transaction_type} ${p.tradingsymbol}`);
    if (p.tradingsymbol === symbol && p.transaction_type === 'SELL' && left > 0) {
      left--;
      throw depositoryRefusal(symbol);
    }
    return place(variety, p);
  };
  return { placed };
}

async function run(w: ReturnType<typeof fakeWorld>, maxRounds = 1) {
  const plan = await simplePlan(w.basket, fakeSnapshot(w.broker, w.basket));
  return { plan, ...(await drain(executePlan(w.deps, w.basket, plan, baseOptions({ runId: 'auth0001', maxRounds }), new AbortController().signal))) };
}

describe('sells wait for the CDSL authorisation the authorise step reports', () => {
  it('asks before placing; sells what is authorised, cuts a partly authorised sell, skips the rest; buys fit the cash the sells really brought', async () => {
    const w = fakeWorld(OPEN); // INFY 40 @1500, TCS 10 @3500, ₹10,000 cash; the plan sells 23 INFY and 3 TCS
    const { authorise, requests } = scripted([{ INFY: 10, TCS: 0 }]);
    w.deps.authorise = authorise;
    const { plan, summary, events, error } = await run(w);
    expect(error).toBeNull();
    expect(plan.orders.filter((o) => o.transaction_type === 'SELL').map((o) => [o.tradingsymbol, o.quantity])).toEqual([
      ['INFY', 23],
      ['TCS', 3],
    ]);
    expect(requests).toEqual([
      {
        round: 1,
        sells: [
          { tradingsymbol: 'INFY', quantity: 23 },
          { tradingsymbol: 'TCS', quantity: 3 },
        ],
        refusedByKite: false,
      },
    ]);

    const sells = w.broker.book.filter((o) => o.transaction_type === 'SELL');
    expect(sells.map((o) => [o.tradingsymbol, o.quantity, o.status])).toEqual([['INFY', 10, 'COMPLETE']]);
    const tcs = summary!.orders.find((o) => o.tradingsymbol === 'TCS')!;
    expect(tcs).toMatchObject({ status: 'SKIPPED', status_message: NOT_AUTHORISED, order_id: null });
    expect(ofType(events, 'warning').some((e) => e.message === 'SELL INFY cut from 23 to the 10 authorised at CDSL')).toBe(true);

    // ₹10,000 + 10 × 1500 is all there is: the buys were sized from that, not from the plan's ₹55,000.
    const cashAfterSells = ofType(events, 'cash')[0]!;
    expect(cashAfterSells.available).toBe(25_000);
    const buys = w.broker.book.filter((o) => o.transaction_type === 'BUY');
    expect(buys.length).toBeGreaterThan(0);
    expect(buys.every((o) => o.status === 'COMPLETE')).toBe(true);
    expect(buys.reduce((s, o) => s + o.quantity * w.broker.prices[o.tradingsymbol]!, 0)).toBeLessThanOrEqual(25_000);
    const plannedBuys = plan.orders.filter((o) => o.transaction_type === 'BUY').reduce((s, o) => s + o.value, 0);
    expect(plannedBuys).toBeGreaterThan(25_000);

    expect(summary!.complete).toBe(false);
    expect(summary!.message).toMatch(/^Sells not placed for want of a CDSL authorisation: 3 TCS\./);
  });

  it('a sell skipped for want of authorisation is not asked for again in the repair rounds', async () => {
    const w = fakeWorld(OPEN);
    const { authorise, requests } = scripted([{ INFY: 10, TCS: 0 }, {}]);
    w.deps.authorise = authorise;
    const { summary, error } = await run(w, 3);
    expect(error).toBeNull();
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(requests.slice(1).every((r) => r.sells.every((s) => s.tradingsymbol !== 'TCS'))).toBe(true);
    expect(w.broker.book.filter((o) => o.tradingsymbol === 'TCS' && o.transaction_type === 'SELL')).toHaveLength(0);
    expect(summary!.complete).toBe(false);
  });

  it('nothing reported missing: every sell is placed in full', async () => {
    const w = fakeWorld(OPEN);
    const { authorise } = scripted([{}]);
    w.deps.authorise = authorise;
    const { summary } = await run(w);
    expect(w.broker.book.filter((o) => o.transaction_type === 'SELL').map((o) => [o.tradingsymbol, o.quantity])).toEqual([
      ['INFY', 23],
      ['TCS', 3],
    ]);
    expect(summary!.complete).toBe(true);
  });
});

describe('HTTP 428 on a sell', () => {
  it('leads to the authorisation step for that sell, then one more placement once it is authorised', async () => {
    const w = fakeWorld(OPEN);
    const { placed } = refuseSells(w, 'INFY', 1);
    const { authorise, requests } = scripted([{}, {}]);
    w.deps.authorise = authorise;
    const { summary, error } = await run(w);
    expect(error).toBeNull();
    expect(requests).toEqual([
      {
        round: 1,
        sells: [
          { tradingsymbol: 'INFY', quantity: 23 },
          { tradingsymbol: 'TCS', quantity: 3 },
        ],
        refusedByKite: false,
      },
      { round: 1, sells: [{ tradingsymbol: 'INFY', quantity: 23 }], refusedByKite: true },
    ]);
    expect(placed.filter((p) => p.startsWith('SELL'))).toEqual(['SELL INFY', 'SELL TCS', 'SELL INFY']);
    const infy = w.broker.book.filter((o) => o.tradingsymbol === 'INFY');
    expect(infy.map((o) => [o.transaction_type, o.quantity, o.status])).toEqual([['SELL', 23, 'COMPLETE']]);
    expect(summary!.complete).toBe(true);
  });

  it('is never retried blindly: not authorised → skipped, placed once', async () => {
    const w = fakeWorld(OPEN);
    const { placed } = refuseSells(w, 'INFY', 1);
    const { authorise } = scripted([{}, { INFY: 0 }]);
    w.deps.authorise = authorise;
    const { summary } = await run(w);
    expect(placed.filter((p) => p === 'SELL INFY')).toHaveLength(1);
    expect(summary!.orders.find((o) => o.tradingsymbol === 'INFY')).toMatchObject({ status: 'SKIPPED', status_message: NOT_AUTHORISED });
    expect(summary!.complete).toBe(false);
  });

  it('refused again after the authorisation → rejected with the hint, no third try, not asked again', async () => {
    const w = fakeWorld(OPEN);
    const { placed } = refuseSells(w, 'INFY', 5);
    const { authorise, requests } = scripted([{}, {}, {}]);
    w.deps.authorise = authorise;
    const { summary } = await run(w, 3);
    expect(requests.filter((r) => r.sells.some((s) => s.tradingsymbol === 'INFY'))).toHaveLength(2);
    expect(placed.filter((p) => p === 'SELL INFY')).toHaveLength(2);
    expect(summary!.orders.find((o) => o.tradingsymbol === 'INFY')).toMatchObject({ status: 'REJECTED' });
    expect(summary!.message).toContain('CDSL TPIN');
  });

  it('without an authorise step (as before) a 428 is a refusal, placed once', async () => {
    const w = fakeWorld(OPEN);
    const { placed } = refuseSells(w, 'INFY', 5);
    const { summary } = await run(w, 3);
    expect(summary!.orders.find((o) => o.tradingsymbol === 'INFY')).toMatchObject({ status: 'REJECTED' });
    expect(placed.filter((p) => p === 'SELL INFY')).toHaveLength(1);
  });
});
