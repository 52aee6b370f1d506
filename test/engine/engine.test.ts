import { describe, expect, it } from 'vitest';
import { BrokerError } from '../../source/broker/port.js';
import { AppError } from '../../source/core/errors.js';
import type { EngineEvent } from '../../source/core/events.js';
import { buyFundsBuffer, protectionPct } from '../../source/core/market-protection.js';
import { executePlan, fitBuysToCash, legTag, newRunId, resumeRun } from '../../source/engine/index.js';
import { atPrices } from '../../source/engine/funding.js';
import { baseOptions, drain, fakeWorld, fmt, ist } from '../support/engine-harness.js';
import { fakeSnapshot, simplePlan } from '../support/simple-planner.js';

const OPEN = '2026-11-23T10:00:00';

async function start(w: ReturnType<typeof fakeWorld>, over: Parameters<typeof baseOptions>[0] = {}, signal = new AbortController().signal) {
  const plan = await simplePlan(w.basket, fakeSnapshot(w.broker, w.basket));
  const opts = baseOptions({ runId: 'run00001', ...over });
  return { plan, ...(await drain(executePlan(w.deps, w.basket, plan, opts, signal))) };
}

const byTag = (w: ReturnType<typeof fakeWorld>) => {
  const m = new Map<string, number>();
  for (const o of w.broker.book) if (o.status !== 'REJECTED' || !/markets are closed/.test(o.status_message ?? '')) m.set(o.tag!, (m.get(o.tag!) ?? 0) + 1);
  return m;
};
const ofType = <T extends EngineEvent['type']>(events: EngineEvent[], t: T) => events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === t);

describe('fitBuysToCash', () => {
  const o = (s: string, q: number, p: number) => ({
    tradingsymbol: s,
    exchange: 'NSE' as const,
    transaction_type: 'BUY' as const,
    quantity: q,
    price: p,
    value: q * p,
    charges: q * p * 0.001,
    reason: '',
  });

  it('trims the largest buys until the total (with the buffer and charges) fits the cash', () => {
    // No protection: only the 0.5 % allowance for the LTP moving.
    const { orders, trimmed } = fitBuysToCash([o('A', 10, 1000), o('B', 50, 100)], 12_000, 0);
    expect(trimmed).toBe(true);
    const total = orders.reduce((s, x) => s + x.value * 1.005 + x.charges, 0);
    expect(total).toBeLessThanOrEqual(12_000);
    expect(total).toBeGreaterThan(12_000 - 1100);
    expect(orders.find((x) => x.tradingsymbol === 'B')?.quantity).toBe(50);
    expect(fitBuysToCash([o('A', 1, 1000)], 500, 0).orders).toHaveLength(0);
    expect(fitBuysToCash([o('A', 2, 100)], 1000, 0)).toMatchObject({ trimmed: false, orders: [{ quantity: 2 }] });
  });

  it('an order trimmed below the minimum order value is dropped (the smallest first) and the rest refitted with its cash', () => {
    // ₹15,000 for three ₹10,000 buys: trimmed evenly each would be ≈ ₹5,000, under the ₹6,000 minimum.
    const { orders, trimmed } = fitBuysToCash([o('A', 10, 1000), o('B', 20, 500), o('C', 100, 100)], 15_000, 0, 6_000);
    expect(trimmed).toBe(true);
    expect(orders.length).toBe(2);
    for (const x of orders) expect(x.value).toBeGreaterThanOrEqual(6_000);
    expect(orders.reduce((s, x) => s + x.value * 1.005 + x.charges, 0)).toBeLessThanOrEqual(15_000);
    // Untrimmed orders are left as planned, whatever their size.
    expect(fitBuysToCash([o('A', 2, 100)], 1000, 0, 6_000).orders).toHaveLength(1);
  });

  it('buys that fit the cash at the LTP are trimmed until they fit at the protection price (auto assumed 3 %)', () => {
    const buffer = buyFundsBuffer(-1);
    const auto = protectionPct(-1);
    // ₹20,000 of buys at the LTP + ₹20 charges: they fit ₹20,200 at the LTP (+ 0.5 %), not at LTP + 3 %.
    const buys = [o('A', 10, 1000), o('B', 100, 100)];
    expect(fitBuysToCash(buys, 20_200, 0).trimmed).toBe(false);
    const { orders, trimmed } = fitBuysToCash(buys, 20_200, auto);
    expect(trimmed).toBe(true);
    const blocked = orders.reduce((s, x) => s + x.quantity * x.price * 1.03 + x.charges, 0);
    expect(blocked).toBeLessThanOrEqual(20_200);
    expect(orders.reduce((s, x) => s + x.value * (1 + buffer) + x.charges, 0)).toBeLessThanOrEqual(20_200);
    expect(orders.find((x) => x.tradingsymbol === 'A')?.quantity).toBe(9); // the largest order gives way first
  });
});

describe('atPrices', () => {
  it('values buys at the last price where one is known (charges follow the value), else as planned', () => {
    const o = (s: string, q: number, p: number) => ({
      tradingsymbol: s,
      exchange: 'NSE' as const,
      transaction_type: 'BUY' as const,
      quantity: q,
      price: p,
      value: q * p,
      charges: q * p * 0.001,
      reason: '',
    });
    const [a, b, c] = atPrices([o('A', 10, 1000), o('B', 5, 200), o('C', 1, 50)], { A: 1020, C: 0 });
    expect(a).toMatchObject({ quantity: 10, price: 1020, value: 10_200, charges: 10.2 });
    expect(b).toMatchObject({ quantity: 5, price: 200, value: 1000, charges: 1 });
    expect(c).toMatchObject({ price: 50, value: 50 }); // a zero price is no price
  });
});

describe('ids', () => {
  it('run ids are 8 base36 chars and tags follow K+run+round+side+leg (≤ 20 alphanumerics)', () => {
    const id = newRunId(() => 0.999);
    expect(id).toMatch(/^[a-z0-9]{8}$/);
    expect(legTag('ab12cd34', 1, 'SELL', 7)).toBe('Kab12cd341S007');
    expect(legTag('ab12cd34', 3, 'BUY', 120)).toBe('Kab12cd343B120');
    expect(() => legTag('ab12cd34', 10, 'BUY', 0)).toThrow(RangeError);
  });
});

describe('executePlan (scripted broker)', () => {
  it('places sells, waits for them to complete, then buys within the cash really there; journals before and after', async () => {
    const w = fakeWorld(OPEN);
    const { summary, events, plan, error } = await start(w, { maxRounds: 1 });
    expect(error).toBeNull();
    expect(plan.orders.filter((o) => o.transaction_type === 'SELL').length).toBe(2);
    const book = w.broker.book;
    const firstBuy = book.findIndex((o) => o.transaction_type === 'BUY');
    expect(firstBuy).toBeGreaterThan(0);
    expect(book.slice(0, firstBuy).every((o) => o.transaction_type === 'SELL' && o.status === 'COMPLETE')).toBe(true);
    expect(book.every((o) => o.status === 'COMPLETE' && o.order_type === 'MARKET' && o.market_protection === -1 && o.product === 'CNC')).toBe(true);
    expect(w.broker.cash).toBeGreaterThanOrEqual(0);
    expect(summary?.complete).toBe(true);
    expect(summary?.filled).toBe(book.length);
    expect([...byTag(w).values()].every((n) => n === 1)).toBe(true);
    // intent strictly before placed, for every leg
    for (const o of book) {
      const seqs = w.journal.log.filter((e) => e.tag === o.tag).map((e) => e.type);
      expect(seqs.indexOf('intent')).toBeLessThan(seqs.indexOf('placed'));
    }
    expect(events[0]?.type).toBe('run-started');
    expect(events.at(-1)?.type).toBe('run-finished');
    expect(ofType(events, 'cash')[0]?.available).toBeCloseTo(55_000, 2);
    expect(w.lock.held.size).toBe(0);
    expect((await w.journal.getRun('run00001'))?.status).toBe('finished');
  });

  it('a rejected sell shrinks the buys to the real cash', async () => {
    const w = fakeWorld(OPEN);
    w.broker.rejectSymbols.set('INFY', 'Insufficient holdings. You can sell at most 0 INFY.');
    const { summary, events } = await start(w, { maxRounds: 1 });
    const buys = w.broker.book.filter((o) => o.transaction_type === 'BUY');
    const spent = buys.filter((o) => o.status === 'COMPLETE').reduce((s, o) => s + o.average_price * o.filled_quantity, 0);
    // 10 000 cash + 3 TCS sold at 3 500 = 20 500, not the 55 000 the plan expected
    expect(spent).toBeLessThanOrEqual(20_500);
    expect(buys.every((o) => o.status === 'COMPLETE')).toBe(true);
    expect(ofType(events, 'replanned').length).toBe(1);
    expect(summary?.complete).toBe(false);
    expect(summary?.orders.find((o) => o.tradingsymbol === 'INFY')?.status_message).toMatch(/Insufficient holdings/);
  });

  it('an ambiguous failure after the OMS accepted the order is resolved from the order book: one order per leg', async () => {
    const w = fakeWorld(OPEN);
    w.broker.faults.push({ method: 'placeOrder', afterAccept: true, error: new BrokerError('ambiguous', 'NetworkException', 'timeout') });
    w.broker.faults.push({ method: 'placeOrder', error: new BrokerError('ambiguous', 'NetworkException', 'socket hang up') });
    const { summary } = await start(w, { maxRounds: 1 });
    expect(summary?.complete).toBe(true);
    expect([...byTag(w).values()].every((n) => n === 1)).toBe(true);
    expect(w.broker.book.length).toBe(summary?.orders.length);
    expect(w.journal.log.some((e) => e.type === 'placed' && (e.data as { adopted: boolean }).adopted)).toBe(true);
  });

  it('an accepted order that reaches the order book late is still found before placing again', async () => {
    const w = fakeWorld(OPEN);
    // The OMS lists a new order only 3 s after accepting it: later than the first look (2 s after the failure).
    const orders = w.broker.orders.bind(w.broker);
    w.broker.orders = async () => (await orders()).filter((o) => w.clock.now() - (o as { placedAt: number }).placedAt >= 3_000);
    w.broker.faults.push({ method: 'placeOrder', afterAccept: true, error: new BrokerError('ambiguous', 'NetworkException', 'timeout') });
    const { summary } = await start(w, { maxRounds: 1 });
    expect(summary?.complete).toBe(true);
    expect([...byTag(w).values()].every((n) => n === 1)).toBe(true);
    expect(w.broker.book.length).toBe(summary?.orders.length);
  });

  it("transient errors are retried with backoff; permanent ones are not, and show Kite's message and hint", async () => {
    const w = fakeWorld(OPEN);
    w.broker.faults.push({ method: 'placeOrder', error: new BrokerError('transient', 'NetworkException', 'Too many requests', { httpStatus: 429 }) });
    w.broker.faults.push({ method: 'placeOrder', error: new BrokerError('transient', 'NetworkException', 'Too many requests', { httpStatus: 429 }) });
    const { events } = await start(w, { maxRounds: 1 });
    const retries = ofType(events, 'retry');
    expect(retries.map((r) => r.attempt)).toEqual([1, 2]);
    expect(retries[1]!.delayMs).toBeGreaterThan(retries[0]!.delayMs);
    expect([...byTag(w).values()].every((n) => n === 1)).toBe(true);

    const p = fakeWorld(OPEN);
    p.broker.faults.push({
      method: 'placeOrder',
      error: new BrokerError('permanent', 'InputException', 'Invalid `tradingsymbol`.', { hint: 'Check the basket symbol' }),
    });
    const r = await start(p, { maxRounds: 1 });
    const warn = ofType(r.events, 'warning').find((e) => e.message.includes('Invalid `tradingsymbol`'));
    expect(warn?.hint).toBe('Check the basket symbol');
    expect(r.summary?.rejected).toBe(1);
    expect(p.broker.placeCalls).toBe(r.summary!.orders.length);
  });

  it('TokenException stops placing; resume after re-login continues without placing anything twice', async () => {
    const w = fakeWorld(OPEN);
    w.broker.faults.push({ method: 'placeOrder', error: new BrokerError('session-expired', 'TokenException', 'Incorrect `api_key` or `access_token`.') });
    const first = await start(w, { maxRounds: 1 });
    expect(ofType(first.events, 'reauth-needed')).toHaveLength(1);
    expect(first.summary?.complete).toBe(false);
    expect(first.summary?.message).toContain('kite-rebalance resume run00001');
    expect(w.broker.book).toHaveLength(0);
    const second = await drain(resumeRun(w.deps, 'run00001', baseOptions({ maxRounds: 1 }), new AbortController().signal));
    expect(second.error).toBeNull();
    expect(second.summary?.complete).toBe(true);
    expect([...byTag(w).values()].every((n) => n === 1)).toBe(true);
  });

  it('a crash between placement and the journal write is reconciled on resume (order adopted by tag, not re-placed)', async () => {
    const w = fakeWorld(OPEN);
    let crashed = false;
    w.journal.failAppend = (e) => e.type === 'placed' && e.tag?.includes('B000') === true && !crashed && (crashed = true);
    const first = await start(w, { maxRounds: 1 });
    expect(first.error).toBeInstanceOf(Error);
    const ordersBefore = w.broker.book.length;
    expect(w.broker.book.at(-1)?.tag).toBe('Krun000011B000');
    w.journal.failAppend = null;
    w.lock.held.clear(); // the crashed process's lock would be stale
    const second = await drain(resumeRun(w.deps, 'run00001', baseOptions({ maxRounds: 1 }), new AbortController().signal));
    expect(second.error).toBeNull();
    expect(second.summary?.complete).toBe(true);
    expect(w.broker.book.length).toBe(ordersBefore + 1); // only the second buy was still to place
    expect([...byTag(w).values()].every((n) => n === 1)).toBe(true);
  });

  it('an order left OPEN past the timeout is cancelled and its remainder re-planned in the next round', async () => {
    const w = fakeWorld(OPEN);
    w.broker.stayOpen.add('ITC');
    const seen: number[] = [];
    w.deps.confirm = async (b) => {
      seen.push(b.round);
      if (b.round === 2) w.broker.stayOpen.clear();
      return true;
    };
    const { summary, events } = await start(w, { openOrderTimeoutMs: 60_000, maxRounds: 2 });
    const itc = w.broker.book.filter((o) => o.tradingsymbol === 'ITC');
    expect(itc.map((o) => o.status)).toEqual(['CANCELLED', 'COMPLETE']);
    expect(itc[1]!.tag).toBe('Krun000012B000');
    expect(ofType(events, 'warning').some((e) => /Cancelled BUY ITC/.test(e.message))).toBe(true);
    expect(seen).toContain(2);
    expect(summary?.complete).toBe(true);
  });

  it('a declined sell batch: buys still fit the real cash, and no repair round follows', async () => {
    const w = fakeWorld(OPEN);
    w.deps.confirm = async (b) => b.side === 'BUY';
    const { summary, events } = await start(w, { maxRounds: 3 });
    expect(w.broker.book.every((o) => o.transaction_type === 'BUY' && o.status === 'COMPLETE')).toBe(true);
    expect(w.broker.cash).toBeGreaterThanOrEqual(0);
    expect(w.broker.book.reduce((s, o) => s + o.average_price * o.filled_quantity, 0)).toBeLessThanOrEqual(10_000);
    expect(
      summary?.orders.filter((o) => o.transaction_type === 'SELL').every((o) => o.status === 'SKIPPED' && o.status_message === 'declined at confirmation'),
    ).toBe(true);
    expect(ofType(events, 'batch').every((b) => b.round === 1)).toBe(true);
    expect(summary?.complete).toBe(false);
    expect(summary?.message).toMatch(/declined/);
  });

  it('stops repairing when the residual is not worth its cost', async () => {
    const w = fakeWorld(OPEN);
    const { summary, events } = await start(w, { maxRounds: 3 });
    expect(ofType(events, 'batch').every((b) => b.round === 1)).toBe(true);
    expect(summary?.complete).toBe(true);
    expect(w.journal.log.some((e) => e.type === 'note' && JSON.stringify(e.data).includes('repair_check'))).toBe(true);
  });

  it('bad options and unknown runs are one-line usage errors, before anything is placed', async () => {
    const w = fakeWorld(OPEN);
    for (const bad of [
      { maxRounds: 0 },
      { maxRounds: 10 },
      { maxRounds: 2.5 },
      { marketProtection: 0 },
      { autoProtectionPct: 0 },
      { autoProtectionPct: 101 },
      { pollIntervalMs: 0 },
      { runId: 'Not-An-Id' },
    ]) {
      const { error } = await start(w, bad);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).kind).toBe('usage');
    }
    const r = await drain(resumeRun(w.deps, 'zzzzzzzz', baseOptions(), new AbortController().signal));
    expect((r.error as AppError).message).toMatch(/No run "zzzzzzzz"/);
    expect(w.broker.book).toHaveLength(0);
    expect(w.lock.acquired).toBe(0);
  });

  it('refuses to start when another run holds the account lock, naming the holder', async () => {
    const w = fakeWorld(OPEN);
    await w.lock.acquire('PA0001', { runId: 'other123', pid: 4242, host: 'box' });
    const { error } = await start(w);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/other123.*4242.*box/);
    expect(w.broker.book).toHaveLength(0);
  });
});

describe('market hours (scripted broker)', () => {
  it('Friday 16:00 waits until Monday 09:14 with a countdown, then places', async () => {
    const w = fakeWorld('2026-11-20T16:00:00');
    const { events, summary } = await start(w, { maxRounds: 1 });
    const waiting = ofType(events, 'waiting')[0]!;
    expect(fmt(waiting.until)).toBe('Mon 2026-11-23 09:14:00');
    expect(waiting.detail).toContain('market closed for the day');
    const ticks = ofType(events, 'countdown');
    expect(ticks.length).toBeGreaterThan(10);
    expect(ticks.at(-1)!.remainingMs).toBe(0);
    expect(ticks.every((t, i) => i === 0 || t.remainingMs < ticks[i - 1]!.remainingMs)).toBe(true);
    expect(Math.min(...w.broker.book.map((o) => o.placedAt))).toBeGreaterThanOrEqual(ist('2026-11-23T09:14:00'));
    expect(summary?.complete).toBe(true);
  });

  it('09:14:30: tries at once; refusals before the open are retried every few seconds and succeed from 09:15', async () => {
    const w = fakeWorld('2026-11-23T09:14:30');
    const { events, summary } = await start(w, { maxRounds: 1 });
    expect(ofType(events, 'waiting')).toHaveLength(0);
    const refused = w.broker.book.filter((o) => o.status === 'REJECTED');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((o) => o.placedAt < ist('2026-11-23T09:15:00'))).toBe(true);
    expect(ofType(events, 'retry').every((r) => r.delayMs === 3000)).toBe(true);
    const filled = w.broker.book.filter((o) => o.status === 'COMPLETE');
    expect(filled.every((o) => o.placedAt >= ist('2026-11-23T09:15:00'))).toBe(true);
    expect([...byTag(w).values()].every((n) => n === 1)).toBe(true);
    expect(summary?.complete).toBe(true);
  });

  it('a synchronous "markets are closed" refusal just before the open is retried every few seconds', async () => {
    const w = fakeWorld('2026-11-23T09:14:40');
    w.broker.faults.push({
      method: 'placeOrder',
      error: new BrokerError('market-closed', 'InputException', 'Markets are closed right now. Use GTT for placing long standing orders instead.'),
    });
    const { events, summary } = await start(w, { maxRounds: 1 });
    expect(ofType(events, 'retry')[0]).toMatchObject({ delayMs: 3000, reason: expect.stringMatching(/Markets are closed/) });
    expect(summary?.complete).toBe(true);
    expect([...byTag(w).values()].every((n) => n === 1)).toBe(true);
  });

  it('at 15:30 the rest is skipped and reported (before the 2026-08-03 closing auction)', async () => {
    const w = fakeWorld('2026-07-27T15:29:30');
    w.deps.confirm = async (b) => {
      if (b.side === 'BUY') w.clock.advance(60_000); // a slow confirmation runs past the close
      return true;
    };
    const { summary, events } = await start(w);
    expect(w.broker.book.every((o) => o.transaction_type === 'SELL')).toBe(true);
    const buys = summary!.orders.filter((o) => o.transaction_type === 'BUY');
    expect(buys.length).toBeGreaterThan(0);
    expect(buys.every((o) => o.status === 'SKIPPED' && /market closed/.test(o.status_message ?? ''))).toBe(true);
    expect(summary?.complete).toBe(false);
    expect(summary?.skipped).toBe(buys.length);
    expect(ofType(events, 'waiting')).toHaveLength(0);
  });

  it('--amo places after-market orders now; they fill at the open', async () => {
    const w = fakeWorld('2026-11-20T17:00:00');
    const { summary } = await start(w, { amo: true, maxRounds: 1 });
    const sells = w.broker.book.filter((o) => o.transaction_type === 'SELL');
    expect(sells.every((o) => o.variety === 'amo' && o.placedAt === ist('2026-11-20T17:00:00') && o.status === 'COMPLETE')).toBe(true);
    expect(summary?.complete).toBe(true);
  });

  it('Ctrl+C during the wait exits cleanly with nothing placed', async () => {
    const w = fakeWorld('2026-11-21T10:00:00');
    const ac = new AbortController();
    const plan = await simplePlan(w.basket, fakeSnapshot(w.broker, w.basket));
    const { error, events } = await drain(executePlan(w.deps, w.basket, plan, baseOptions({ runId: 'run00002' }), ac.signal), (e) => {
      if (e.type === 'countdown') ac.abort();
    });
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe('cancelled');
    expect((error as AppError).message).toMatch(/nothing was placed/);
    expect(ofType(events, 'waiting')[0]?.reason).toBe('weekend');
    expect(w.broker.book).toHaveLength(0);
    expect(w.lock.held.size).toBe(0);
    expect((await w.journal.getRun('run00002'))?.status).toBe('cancelled');
  });
});
