import { afterEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { EngineEvent, RunSummary } from '../../source/core/events.js';
import { executePlan } from '../../source/engine/index.js';
import { baseOptions, drain, ist } from '../support/engine-harness.js';
import { simWorld, type SimWorld } from '../support/sim-world.js';

/** Acceptance against the Kite-compatible simulator + the real adapter + the embedded store, on a manual clock. */

let world: SimWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

const ofType = <T extends EngineEvent['type']>(events: EngineEvent[], t: T) => events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === t);
const kiteMs = (s: string) => DateTime.fromFormat(s, 'yyyy-MM-dd HH:mm:ss', { zone: 'Asia/Kolkata' }).toMillis();

async function run(w: SimWorld, over: Parameters<typeof baseOptions>[0] = {}, signal = new AbortController().signal) {
  const plan = await w.initialPlan();
  const r = await drain(executePlan(w.deps, w.basket, plan, baseOptions({ runId: 'acc00001', ...over }), signal));
  return { plan, ...r };
}

/** Exactly one order in the simulator's book per leg that was placed (orders refused before the open aside). */
function expectOneOrderPerLeg(w: SimWorld, summary: RunSummary | null) {
  const book = w.book().filter((o) => !/markets are closed/.test(o.status_message ?? ''));
  const tags = book.map((o) => o.tag);
  expect(new Set(tags).size).toBe(tags.length);
  const placedLegs = summary!.orders.filter((o) => o.order_id !== null);
  expect(new Set(tags)).toEqual(new Set(placedLegs.map((o) => o.tag)));
  for (const leg of placedLegs) expect(book.find((o) => o.tag === leg.tag)?.order_id).toBe(leg.order_id);
}

/** Sells complete before the first buy reaches the broker; buys never spend more than the cash there. */
function expectSellsThenBuys(w: SimWorld, events: EngineEvent[]) {
  for (const round of new Set(w.book().map((o) => o.tag!.slice(9, 10)))) {
    const book = w.book().filter((o) => o.tag!.slice(9, 10) === round && o.status !== 'REJECTED');
    const sells = book.filter((o) => o.transaction_type === 'SELL');
    const buys = book.filter((o) => o.transaction_type === 'BUY');
    if (!sells.length || !buys.length) continue;
    const lastSellDone = Math.max(...sells.map((o) => kiteMs(o.order_timestamp)));
    const firstBuy = Math.min(...buys.map((o) => kiteMs(w.firstSeen(o.order_id))));
    expect(sells.every((o) => o.status === 'COMPLETE' || o.status === 'CANCELLED')).toBe(true);
    expect(firstBuy).toBeGreaterThanOrEqual(lastSellDone);
  }
  const cashSeen = ofType(events, 'cash');
  expect(cashSeen.length).toBeGreaterThan(0);
  expect(w.sim.state.cash()).toBeGreaterThanOrEqual(0);
}

describe.sequential('engine against the simulator', () => {
  it('a normal run: sells first, buys within the real cash, one order per leg, no HTTP 429, journalled', async () => {
    world = await simWorld('2026-11-23T10:00:00');
    const { summary, events, error, plan } = await run(world);
    expect(error).toBeNull();
    expect(plan.orders.some((o) => o.transaction_type === 'SELL') && plan.orders.some((o) => o.transaction_type === 'BUY')).toBe(true);
    expect(summary?.filled).toBeGreaterThan(0);
    expect(summary?.rejected).toBe(0);
    expectOneOrderPerLeg(world, summary);
    expectSellsThenBuys(world, events);
    expect(world.count429()).toBe(0);
    const orders = world.book();
    expect(orders.every((o) => o.variety === 'regular' && /^Kacc00001[1-3][SB]\d{3}$/.test(o.tag!))).toBe(true);
    const run1 = await world.stores.journal.getRun('acc00001');
    expect(run1?.status).toBe('finished');
    const entries = await world.stores.journal.entries('acc00001');
    expect(entries.filter((e) => e.type === 'intent').length).toBeGreaterThanOrEqual(orders.length);
    expect(entries.filter((e) => e.type === 'placed').length).toBe(orders.length);
  });

  it('Friday 16:00 waits (countdown) until Monday 09:14 and places', async () => {
    world = await simWorld('2026-11-20T16:00:00');
    const { events, summary } = await run(world, { maxRounds: 1 });
    const waiting = ofType(events, 'waiting')[0]!;
    expect(waiting.until).toBe(ist('2026-11-23T09:14:00'));
    expect(ofType(events, 'countdown').length).toBeGreaterThan(100);
    const firstOrder = Math.min(...world.book().map((o) => kiteMs(world!.firstSeen(o.order_id))));
    expect(firstOrder).toBeGreaterThanOrEqual(ist('2026-11-23T09:14:00'));
    expect(firstOrder).toBeLessThan(ist('2026-11-23T09:20:00'));
    expect(summary?.filled).toBeGreaterThan(0);
    expectOneOrderPerLeg(world, summary);
  });

  it('the Tuesday 2026-11-24 holiday is skipped: Monday after the close waits until Wednesday 09:14', async () => {
    world = await simWorld('2026-11-23T16:00:00');
    const { events, summary } = await run(world, { maxRounds: 1, countdownTickMs: 600_000 });
    const waiting = ofType(events, 'waiting')[0]!;
    expect(waiting.until).toBe(ist('2026-11-25T09:14:00'));
    expect(waiting.detail).toContain('NSE holiday: Prakash Gurpurb Sri Guru Nanak Dev');
    expect(Math.min(...world.book().map((o) => kiteMs(world!.firstSeen(o.order_id))))).toBeGreaterThanOrEqual(ist('2026-11-25T09:14:00'));
    expect(summary?.filled).toBeGreaterThan(0);
  });

  it('09:14:30 tries at once; the orders refused before the open are retried and succeed from 09:15', async () => {
    world = await simWorld('2026-11-23T09:14:30');
    const { events, summary } = await run(world, { maxRounds: 1 });
    expect(ofType(events, 'waiting')).toHaveLength(0);
    const book = world.book();
    const refused = book.filter((o) => /markets are closed/.test(o.status_message ?? ''));
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((o) => kiteMs(world!.firstSeen(o.order_id)) < ist('2026-11-23T09:15:00'))).toBe(true);
    const done = book.filter((o) => o.status === 'COMPLETE');
    expect(done.length).toBeGreaterThan(0);
    expect(done.every((o) => kiteMs(world!.firstSeen(o.order_id)) >= ist('2026-11-23T09:15:00'))).toBe(true);
    expectOneOrderPerLeg(world, summary);
  });

  it('at 15:30 the rest is skipped and reported (before the 2026-08-03 closing auction)', async () => {
    world = await simWorld('2026-07-27T15:29:00');
    const w = world;
    w.deps.confirm = async (b) => {
      if (b.side === 'BUY') w.clock.advance(2 * 60_000);
      return true;
    };
    const { summary, events } = await run(w);
    const buys = summary!.orders.filter((o) => o.transaction_type === 'BUY');
    expect(buys.length).toBeGreaterThan(0);
    expect(buys.every((o) => o.status === 'SKIPPED' && /market closed/.test(o.status_message ?? ''))).toBe(true);
    expect(w.book().every((o) => o.transaction_type === 'SELL')).toBe(true);
    expect(summary?.complete).toBe(false);
    expect(summary?.message).toMatch(/market closed/i);
    expect(ofType(events, 'run-finished')).toHaveLength(1);
  });

  describe('the closing auction session (NSE, from 2026-08-03)', () => {
    /** The sells go out at 15:10; confirming the buys takes six minutes, past 15:15 (but not past 15:30). */
    async function runFrom1510(date: string) {
      world = await simWorld(`${date}T15:10:00`);
      const w = world;
      w.deps.confirm = async (b) => {
        if (b.side === 'BUY') w.clock.advance(6 * 60_000);
        return true;
      };
      return { w, ...(await run(w)) };
    }

    it('a run at 15:10 after the date places what it can by 15:15, reports the rest and when to run again', async () => {
      const { w, summary, events, error } = await runFrom1510('2026-11-23');
      expect(error).toBeNull();
      const sells = w.book().filter((o) => o.transaction_type === 'SELL');
      expect(sells.length).toBeGreaterThan(0);
      expect(sells.every((o) => o.status === 'COMPLETE' && kiteMs(w.firstSeen(o.order_id)) < ist('2026-11-23T15:15:00'))).toBe(true);
      // Nothing reached the broker at or after 15:15.
      expect(w.book().every((o) => kiteMs(w.firstSeen(o.order_id)) < ist('2026-11-23T15:15:00'))).toBe(true);
      const buys = summary!.orders.filter((o) => o.transaction_type === 'BUY');
      expect(buys.length).toBeGreaterThan(0);
      expect(buys.every((o) => o.status === 'SKIPPED' && /continuous trading ended \(15:15 IST, NSE closing auction\)/.test(o.status_message ?? ''))).toBe(
        true,
      );
      expect(summary!.complete).toBe(false);
      // 2026-11-24 is a holiday: the next session is Wednesday's.
      expect(summary!.message).toMatch(/Continuous trading ended at 15:15 IST \(NSE closing auction session/);
      expect(summary!.message).toContain('Run the basket again from 09:14 IST on Wed 25 Nov 2026');
      expect(summary!.runAgainAt).toBe(ist('2026-11-25T09:14:00'));
      expect(ofType(events, 'waiting')).toHaveLength(0);
      expect((await w.stores.journal.getRun('acc00001'))?.status).toBe('finished');
    });

    it('the same run before the date keeps going to 15:30: the buys are placed at 15:16 and fill', async () => {
      const { w, summary, error } = await runFrom1510('2026-07-27');
      expect(error).toBeNull();
      const buys = w.book().filter((o) => o.transaction_type === 'BUY');
      expect(buys.length).toBeGreaterThan(0);
      expect(buys.every((o) => kiteMs(w.firstSeen(o.order_id)) >= ist('2026-07-27T15:16:00') && o.status === 'COMPLETE')).toBe(true);
      expect(summary!.orders.some((o) => o.status === 'SKIPPED')).toBe(false);
      expect(summary!.runAgainAt).toBeUndefined();
    });

    it('a run started at 15:20 after the date places nothing today and waits for the next session', async () => {
      world = await simWorld('2026-11-23T15:20:00');
      const { events, summary } = await run(world, { maxRounds: 1, countdownTickMs: 600_000 });
      const waiting = ofType(events, 'waiting')[0]!;
      expect(waiting.until).toBe(ist('2026-11-25T09:14:00'));
      expect(waiting.detail).toMatch(/continuous trading ended at 15:15 IST/);
      expect(Math.min(...world.book().map((o) => kiteMs(world!.firstSeen(o.order_id))))).toBeGreaterThanOrEqual(ist('2026-11-25T09:14:00'));
      expect(summary?.filled).toBeGreaterThan(0);
    });
  });

  it('--amo places after-market orders now, and they fill at the open', async () => {
    world = await simWorld('2026-11-20T17:00:00');
    const { summary, events } = await run(world, { amo: true, maxRounds: 1, countdownTickMs: 600_000 });
    const amos = world.book().filter((o) => o.variety === 'amo');
    expect(amos.length).toBeGreaterThan(0);
    expect(amos.every((o) => kiteMs(world!.firstSeen(o.order_id)) === ist('2026-11-20T17:00:00'))).toBe(true);
    expect(amos.every((o) => o.status === 'COMPLETE' && kiteMs(o.order_timestamp) >= ist('2026-11-23T09:15:00'))).toBe(true);
    expect(ofType(events, 'waiting').some((e) => /after-market orders/.test(e.detail))).toBe(true);
    expect(summary?.filled).toBeGreaterThan(0);
    expectOneOrderPerLeg(world, summary);
  });

  it('a rejected sell shrinks the buys to the cash really there', async () => {
    // INFY held but only 10 of them may be sold: the planned INFY sell is rejected by the OMS
    world = await simWorld('2026-11-23T10:00:00', {
      holdings: [
        { tradingsymbol: 'INFY', quantity: 60, average_price: 1420.5, collateral_quantity: 50 },
        { tradingsymbol: 'ITC', quantity: 300, average_price: 412.15 },
        { tradingsymbol: 'TATASTEEL', quantity: 400, average_price: 138.4 },
      ],
    });
    const w = world;
    const plan = await w.initialPlan();
    // Plan as if 40 INFY were sellable (50 are pledged), so that the broker refuses the sell.
    const inflated = { ...plan };
    const infySell = {
      tradingsymbol: 'INFY',
      exchange: 'NSE' as const,
      transaction_type: 'SELL' as const,
      quantity: 40,
      price: 1512.4,
      value: 60496,
      charges: 80,
      reason: 'test',
    };
    inflated.orders = [infySell, ...plan.orders.filter((o) => o.tradingsymbol !== 'INFY')];
    const r = await drain(executePlan(w.deps, w.basket, inflated, baseOptions({ runId: 'acc00002', maxRounds: 1 }), new AbortController().signal));
    expect(r.error).toBeNull();
    const infy = w.book().find((o) => o.tradingsymbol === 'INFY');
    expect(infy?.status).toBe('REJECTED');
    expect(r.summary!.orders.find((o) => o.tradingsymbol === 'INFY')?.status_message).toMatch(/Insufficient holdings/);
    expect(ofType(r.events, 'replanned').length).toBe(1);
    const cashAfterSells = ofType(r.events, 'cash')[0]!.available;
    const spent = w
      .book()
      .filter((o) => o.transaction_type === 'BUY' && o.status === 'COMPLETE')
      .reduce((s, o) => s + o.filled_quantity * o.average_price, 0);
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(cashAfterSells);
    const plannedBuys = inflated.orders.filter((o) => o.transaction_type === 'BUY').reduce((s, o) => s + o.value, 0);
    expect(spent).toBeLessThan(plannedBuys);
    expect(
      w
        .book()
        .filter((o) => o.transaction_type === 'BUY')
        .every((o) => o.status === 'COMPLETE'),
    ).toBe(true);
  });

  it('an order left OPEN (partial fill) is cancelled after the timeout and its remainder is bought in repair rounds (≤ --max-rounds)', async () => {
    world = await simWorld('2026-11-23T10:00:00', { fill: { delay_ms: 400, partial: { HDFCBANK: 0.5 } } });
    const { summary, events } = await run(world, { maxRounds: 3, openOrderTimeoutMs: 60_000 });
    const hdfc = world.book().filter((o) => o.tradingsymbol === 'HDFCBANK');
    expect(hdfc.length).toBeGreaterThanOrEqual(2);
    expect(hdfc.length).toBeLessThanOrEqual(3);
    expect(hdfc[0]!.status).toBe('CANCELLED');
    expect(hdfc[0]!.filled_quantity).toBeGreaterThan(0);
    expect(hdfc.map((o) => o.tag!.slice(9, 10))).toEqual(['1', '2', '3'].slice(0, hdfc.length));
    expect(ofType(events, 'replanned').filter((e) => /repair round/.test(e.reason)).length).toBe(hdfc.length - 1);
    expect(ofType(events, 'warning').some((e) => /Cancelled BUY HDFCBANK/.test(e.message))).toBe(true);
    expectOneOrderPerLeg(world, summary);
    expect(world.count429()).toBe(0);
  });

  it('ddpi off: sells Kite refuses (HTTP 428) are tried once per symbol and side across all rounds, and reported with the hint', async () => {
    // Nothing authorised at CDSL: every sell answers 428. The HDFCBANK partial fill forces repair rounds.
    world = await simWorld('2026-11-23T10:00:00', { ddpi: false, fill: { delay_ms: 400, partial: { HDFCBANK: 0.5 } } });
    const w = world;
    const { summary, events, error, plan } = await run(w, { maxRounds: 3, openOrderTimeoutMs: 60_000 });
    expect(error).toBeNull();
    const plannedSells = plan.orders
      .filter((o) => o.transaction_type === 'SELL')
      .map((o) => o.tradingsymbol)
      .sort();
    expect(plannedSells).toEqual(expect.arrayContaining(['INFY', 'ITC']));
    const sellAttempts = w.placements.filter((p) => p.transaction_type === 'SELL');
    expect(sellAttempts.every((p) => p.status === 428)).toBe(true);
    expect(sellAttempts.map((p) => p.tradingsymbol).sort()).toEqual(plannedSells); // exactly one attempt each
    expect(w.book().filter((o) => o.transaction_type === 'SELL')).toHaveLength(0);
    // The repair rounds did run (HDFCBANK's remainder), without the refused sells.
    const rounds = new Set(w.placements.map((p) => p.tag.slice(9, 10)));
    expect(rounds.size).toBeGreaterThan(1);
    const refusedLegs = summary!.orders.filter((o) => o.transaction_type === 'SELL');
    expect(refusedLegs.every((o) => o.status === 'REJECTED' && /authorisation at the depository/.test(o.status_message ?? ''))).toBe(true);
    expect(summary!.rejected).toBe(plannedSells.length);
    expect(summary!.message).toMatch(/Refused by Kite and not retried: .*SELL INFY/);
    expect(summary!.message).toContain('CDSL TPIN');
    const leftOut = ofType(events, 'warning').filter((e) => /^Not placing SELL/.test(e.message));
    expect(leftOut.map((e) => e.message.split(' ')[3]).sort()).toEqual(plannedSells);
    expect(leftOut.every((e) => /CDSL TPIN/.test(e.hint ?? '') && /needs authorisation/.test(e.message))).toBe(true);
    expect(
      ofType(events, 'replanned')
        .filter((e) => /repair round/.test(e.reason))
        .every((e) => e.plan.orders.every((o) => o.transaction_type === 'BUY')),
    ).toBe(true);
  });

  it('--target-deficit met: no repair round', async () => {
    world = await simWorld('2026-11-23T10:00:00', { fill: { delay_ms: 400, partial: { HDFCBANK: 0.5 } } });
    const { events } = await run(world, { maxRounds: 3, openOrderTimeoutMs: 60_000, targetDeficit: 1_000_000 });
    expect(world.book().every((o) => o.tag!.slice(9, 10) === '1')).toBe(true);
    expect(ofType(events, 'replanned').filter((e) => /repair round/.test(e.reason))).toHaveLength(0);
  });
});
