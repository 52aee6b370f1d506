import { describe, expect, it } from 'vitest';
import { BrokerError } from '../../source/broker/port.js';
import type { EngineEvent } from '../../source/core/events.js';
import { executePlan, resumeRun } from '../../source/engine/index.js';
import { newLegState } from '../../source/engine/context.js';
import { buildLegs } from '../../source/engine/index.js';
import { isLastingRefusal, refusalsFromJournal, rejectionCause, withoutRefused } from '../../source/engine/refusals.js';
import { restoreLegs } from '../../source/engine/restore.js';
import type { JournalEntry } from '../../source/store/ports.js';
import { baseOptions, drain, fakeWorld } from '../support/engine-harness.js';
import { basketOf, fakeSnapshot, simplePlan } from '../support/simple-planner.js';

const OPEN = '2026-11-23T10:00:00';
const ofType = <T extends EngineEvent['type']>(events: EngineEvent[], t: T) => events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === t);
const placedOf = (w: ReturnType<typeof fakeWorld>, symbol: string, side: 'BUY' | 'SELL') =>
  w.broker.book.filter((o) => o.tradingsymbol === symbol && o.transaction_type === side);

async function start(w: ReturnType<typeof fakeWorld>, over: Parameters<typeof baseOptions>[0] = {}) {
  const plan = await simplePlan(w.basket, fakeSnapshot(w.broker, w.basket));
  return { plan, ...(await drain(executePlan(w.deps, w.basket, plan, baseOptions({ runId: 'ref00001', ...over }), new AbortController().signal))) };
}

describe('permanent refusals are not retried in later rounds', () => {
  it('a sell the OMS rejects for good is placed once; later rounds leave it out, say so, and list it as skipped', async () => {
    const w = fakeWorld(OPEN);
    w.broker.rejectSymbols.set('INFY', 'Insufficient holdings. You can sell at most 0 INFY.');
    w.broker.stayOpen.add('ITC'); // cancelled after the timeout: its remainder makes round 2 happen
    w.deps.confirm = async (b) => {
      if (b.round === 2) w.broker.stayOpen.clear();
      return true;
    };
    const { summary, events, error } = await start(w, { maxRounds: 3, openOrderTimeoutMs: 60_000 });
    expect(error).toBeNull();
    expect(placedOf(w, 'INFY', 'SELL')).toHaveLength(1);
    const repairs = ofType(events, 'replanned').filter((e) => /repair round/.test(e.reason));
    expect(repairs.length).toBeGreaterThan(0);
    for (const r of repairs) {
      expect(r.plan.orders.some((o) => o.tradingsymbol === 'INFY' && o.transaction_type === 'SELL')).toBe(false);
      expect(r.plan.skipped.find((s) => s.tradingsymbol === 'INFY')?.reason).toMatch(/SELL refused by Kite earlier in this run: Insufficient holdings/);
    }
    const warned = ofType(events, 'warning').filter((e) => /^Not placing SELL INFY again/.test(e.message));
    expect(warned).toHaveLength(1);
    expect(warned[0]!.message).toContain('Insufficient holdings');
    expect(warned[0]!.hint).toBeTruthy();
    expect(summary!.orders.filter((o) => o.tradingsymbol === 'INFY')).toMatchObject([
      { status: 'REJECTED', status_message: expect.stringMatching(/Insufficient holdings/) },
    ]);
    expect(summary!.message).toMatch(/Refused by Kite and not retried: SELL INFY \(Insufficient holdings/);
  });

  it('a passing rejection (exchange busy) is not remembered: the next round places it again', async () => {
    const w = fakeWorld(OPEN);
    w.broker.rejectSymbols.set('INFY', 'Order rejected due to high load at the exchange, please try again.');
    w.deps.confirm = async (b) => {
      if (b.round === 2) w.broker.rejectSymbols.clear();
      return true;
    };
    const { events } = await start(w, { maxRounds: 2 });
    expect(placedOf(w, 'INFY', 'SELL').map((o) => o.status)).toEqual(['REJECTED', 'COMPLETE']);
    expect(ofType(events, 'warning').some((e) => /Not placing/.test(e.message))).toBe(false);
  });

  it('resume keeps the memory (derived from the journal): the refused sell is not placed again', async () => {
    const w = fakeWorld(OPEN);
    w.broker.rejectSymbols.set('INFY', 'Insufficient holdings. You can sell at most 0 INFY.');
    let expired = false;
    w.deps.confirm = async (b) => {
      // The session dies as the first buys go out: the run stops and is resumed later.
      if (b.side === 'BUY' && !expired) {
        expired = true;
        w.broker.faults.push({ method: 'placeOrder', error: new BrokerError('session-expired', 'TokenException', 'Incorrect `api_key` or `access_token`.') });
      }
      return true;
    };
    const first = await start(w, { maxRounds: 3 });
    expect(ofType(first.events, 'reauth-needed')).toHaveLength(1);
    expect(first.summary?.driftAfter).toBeNull();
    w.broker.rejectSymbols.clear(); // were it placed again, it would now go through
    const second = await drain(resumeRun(w.deps, 'ref00001', baseOptions({ maxRounds: 3 }), new AbortController().signal));
    expect(second.error).toBeNull();
    expect(placedOf(w, 'INFY', 'SELL')).toHaveLength(1);
    expect(
      ofType(second.events, 'warning').some((e) => /^Not placing SELL INFY again in this run: Kite refused it \(Insufficient holdings/.test(e.message)),
    ).toBe(true);
    expect(second.summary!.message).toMatch(/Refused by Kite and not retried: SELL INFY/);
  });

  it('a synchronous permanent error (HoldingException) is remembered; "markets are closed" is not a lasting reason', async () => {
    const lasting = (message: string | null) => isLastingRefusal('SELL', rejectionCause(message).kind);
    expect(lasting('Your order could not be placed as the markets are closed. Place an AMO instead.')).toBe(false);
    expect(lasting('Insufficient holdings.')).toBe(true);
    expect(lasting(null)).toBe(true);
    const w = fakeWorld(OPEN);
    w.broker.faults.push({
      method: 'placeOrder',
      error: new BrokerError('permanent', 'HoldingException', 'Holdings not authorised for sale.', { httpStatus: 428, hint: 'Authorise with CDSL TPIN' }),
    });
    w.broker.stayOpen.add('ITC');
    w.deps.confirm = async (b) => {
      if (b.round === 2) w.broker.stayOpen.clear();
      return true;
    };
    const { summary, plan, events } = await start(w, { maxRounds: 3, openOrderTimeoutMs: 60_000 });
    const first = plan.orders[0]!; // the first leg placed got the 428
    expect(first.transaction_type).toBe('SELL');
    expect(placedOf(w, first.tradingsymbol, 'SELL')).toHaveLength(0);
    expect(ofType(events, 'batch').some((b) => b.round === 2)).toBe(true);
    expect(
      ofType(events, 'batch')
        .flatMap((b) => b.orders)
        .filter((o) => o.tradingsymbol === first.tradingsymbol && o.transaction_type === 'SELL'),
    ).toHaveLength(1);
    expect(ofType(events, 'warning').find((e) => e.message.startsWith(`Not placing SELL ${first.tradingsymbol} again`))?.hint).toBe('Authorise with CDSL TPIN');
    expect(summary!.message).toContain('Authorise with CDSL TPIN');
  });
});

describe('the refusals a resumed run remembers', () => {
  it("a refusal of the moment (the app, the day's order cap) is not carried into a resumed run; a lasting one is", () => {
    const orders = ['INFY', 'TCS', 'ITC'].map((s) => ({
      tradingsymbol: s,
      exchange: 'NSE' as const,
      transaction_type: 'SELL' as const,
      quantity: 1,
      price: 100,
      value: 100,
      charges: 1,
      reason: '',
    }));
    const legs = buildLegs('res00001', 1, 'SELL', orders);
    const at = '2026-11-23T04:30:00.000Z';
    const rejected = (legIndex: number, kind: string, message: string): JournalEntry[] => {
      const leg = legs[legIndex]!;
      return [
        { run_id: 'res00001', at, type: 'place-failed', leg_id: leg.legId, data: { final: true, kind, message } },
        { run_id: 'res00001', at, type: 'order-state', leg_id: leg.legId, data: { ...newLegState(leg).view, status: 'REJECTED', status_message: message } },
      ];
    };
    const entries = [
      ...rejected(0, 'order-cap', 'Maximum allowed order requests exceeded'),
      ...rejected(1, 'app-refused', 'Orders are allowed only from the static IP registered for this app.'),
      ...rejected(2, 'needs-authorisation', '1 quantity of ITC needs authorisation at the depository (CDSL TPIN) before it can be sold.'),
    ];
    expect([...refusalsFromJournal(restoreLegs(legs, entries), entries).keys()]).toEqual(['SELL ITC']);
  });
});

describe('withoutRefused', () => {
  it('drops refused orders and recomputes charges, cash and drift after for what is left', async () => {
    const w = fakeWorld(OPEN);
    const plan = await simplePlan(w.basket, fakeSnapshot(w.broker, w.basket));
    const sell = plan.orders.find((o) => o.tradingsymbol === 'INFY' && o.transaction_type === 'SELL')!;
    const refusals = new Map([['SELL INFY', { symbol: 'INFY', side: 'SELL' as const, message: 'Insufficient holdings.' }]]);
    const { plan: left, dropped } = withoutRefused(plan, refusals, w.basket);
    expect(dropped.map((d) => d.order)).toEqual([sell]);
    expect(left.orders).toEqual(plan.orders.filter((o) => o !== sell));
    expect(left.charges).toBeCloseTo(plan.charges - sell.charges, 2);
    expect(left.cash_after).toBeCloseTo(plan.cash_after - (sell.value - sell.charges), 2);
    expect(left.rows.find((r) => r.tradingsymbol === 'INFY')!.plannedDelta).toBe(0);
    expect(left.drift_after).toBeGreaterThan(plan.drift_after); // INFY stays overweight
    expect(left.skipped).toContainEqual({ tradingsymbol: 'INFY', reason: 'SELL refused by Kite earlier in this run: Insufficient holdings.' });
    // Nothing refused: the very same plan.
    expect(withoutRefused(plan, new Map(), basketOf({ INFY: 1 })).plan).toBe(plan);
  });
});

describe('driftAfter', () => {
  it('a completed run reports the drift of a fresh snapshot', async () => {
    const w = fakeWorld(OPEN);
    const { summary, plan } = await start(w, { maxRounds: 1 });
    const fresh = await simplePlan(w.basket, fakeSnapshot(w.broker, w.basket));
    expect(summary!.driftAfter).toBeCloseTo(fresh.drift_before, 9);
    expect(summary!.driftAfter).toBeLessThan(plan.drift_before);
  });

  it('a run stopped by the close with nothing placed reports the account as it is, not the planned drift', async () => {
    const w = fakeWorld('2026-07-27T15:29:30');
    w.broker.rejectSymbols.set('INFY', 'Insufficient holdings.').set('TCS', 'Insufficient holdings.');
    w.deps.confirm = async (b) => {
      if (b.side === 'BUY') w.clock.advance(60_000); // the confirmation runs past the close
      return true;
    };
    const { summary, plan } = await start(w);
    expect(w.broker.book.filter((o) => o.status !== 'REJECTED')).toHaveLength(0);
    expect(summary!.message).toMatch(/market closed/);
    expect(summary!.driftAfter).toBeCloseTo(plan.drift_before, 9);
    expect(summary!.driftAfter).not.toBeCloseTo(plan.drift_after, 3);
  });

  it('is null when the run stops early and no fresh snapshot can be read', async () => {
    const w = fakeWorld('2026-07-27T15:29:30');
    w.deps.confirm = async (b) => {
      if (b.side === 'BUY') w.clock.advance(60_000);
      return true;
    };
    w.deps.snapshot = () => Promise.reject(new BrokerError('transient', 'NetworkException', 'Gateway timed out', { httpStatus: 504 }));
    const { summary, error } = await start(w);
    expect(error).toBeNull();
    expect(summary!.driftAfter).toBeNull();
  });
});

describe('which refusals last for the run', () => {
  it('a buy refused for funds is sized again in the next round; sells refused for funds or holdings are not retried', async () => {
    const lasting = (side: 'BUY' | 'SELL', message: string) => isLastingRefusal(side, rejectionCause(message).kind);
    const funds = 'Insufficient funds. Required margin is 95417.84 but available margin is 74251.80. Check the orderbook for open orders.';
    expect(lasting('BUY', funds)).toBe(false);
    expect(lasting('SELL', funds)).toBe(true);
    expect(lasting('SELL', '60 quantity needs authorisation at depository')).toBe(true);
    expect(lasting('BUY', 'Your order could not be placed as the markets are closed. Place an AMO instead.')).toBe(false);
    expect(lasting('BUY', 'Maximum allowed order requests exceeded')).toBe(true);
  });
});

describe('a refusal for the whole app or machine', () => {
  it('static IP not whitelisted: the first refusal stops the run, nothing else is tried', async () => {
    const { simWorld } = await import('../support/sim-world.js');
    const w = await simWorld('2026-11-23T10:00:00', { static_ip_ok: false });
    try {
      const plan = await w.initialPlan();
      const run = await drain(executePlan(w.deps, w.basket, plan, baseOptions({ runId: 'ip000001', maxRounds: 2 }), new AbortController().signal));
      expect(String((run.error as Error)?.message)).toMatch(/Kite refuses orders from this app or machine: .*nothing more was placed/);
      expect((run.error as { hint?: string }).hint).toMatch(/IP/);
      expect(w.placements.length).toBe(1);
      expect((await w.stores.journal.getRun('ip000001'))?.status).toBe('failed');
    } finally {
      await w.close();
    }
  });

  it("the day's order cap (answered with HTTP 429) stops the run at once: the refused order is not retried as a rate limit", async () => {
    const { simWorld } = await import('../support/sim-world.js');
    const w = await simWorld('2026-11-23T10:00:00', { limits: { orders_per_day: 1 } });
    try {
      const plan = await w.initialPlan();
      expect(plan.orders.length).toBeGreaterThan(1);
      const run = await drain(executePlan(w.deps, w.basket, plan, baseOptions({ runId: 'cap00001', maxRounds: 2 }), new AbortController().signal));
      expect(String((run.error as Error)?.message)).toMatch(/daily order cap .*Maximum allowed order requests exceeded.*nothing more was placed/);
      expect(w.placements.map((p) => p.status)).toEqual([200, 429]);
      expect(ofType(run.events, 'retry')).toHaveLength(0);
    } finally {
      await w.close();
    }
  });
});

describe("the day's order cap reached with an order still open", () => {
  it('the open order is still seen to its end (cancelled after the timeout) before the run stops', async () => {
    const { simWorld } = await import('../support/sim-world.js');
    const w = await simWorld('2026-11-23T10:00:00', { limits: { orders_per_day: 1 }, fill: { delay_ms: 400, stay_open: ['ITC', 'TATASTEEL'] } });
    try {
      const plan = await w.initialPlan();
      expect(plan.orders.length).toBeGreaterThan(1);
      const run = await drain(
        executePlan(w.deps, w.basket, plan, baseOptions({ runId: 'cap00002', maxRounds: 2, openOrderTimeoutMs: 60_000 }), new AbortController().signal),
      );
      expect(String((run.error as Error)?.message)).toMatch(/daily order cap/);
      const book = w.book();
      expect(book).toHaveLength(1);
      expect(book[0]!.status).toBe('CANCELLED');
    } finally {
      await w.close();
    }
  });
});
