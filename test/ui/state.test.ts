import { describe, expect, it } from 'vitest';
import { AppError } from '../../source/core/errors.js';
import type { EngineEvent, RunSummary } from '../../source/core/events.js';
import { buysDeclinedAfterSells, exitValue, initialState, isTerminal, reducer, type Action, type State } from '../../source/ui/state.js';
import { plan, sells, T0 } from '../support/ui-fixtures.js';

const run = (actions: Action[], from: State = initialState(plan)): State => actions.reduce(reducer, from);
const ev = (event: EngineEvent): Action => ({ type: 'engine', event });
const summary = (over: Partial<RunSummary> = {}): RunSummary => ({
  runId: 'abcd1234',
  orders: [],
  placed: 1,
  filled: 1,
  rejected: 0,
  skipped: 0,
  complete: true,
  driftAfter: 0.01,
  message: 'Rebalance complete: every order filled.',
  ...over,
});
const ask: Action = { type: 'confirm-requested', batch: { round: 1, side: 'SELL', orders: sells } };
const order = (status: 'OPEN' | 'COMPLETE'): Action =>
  ev({
    type: 'order',
    at: T0,
    order: {
      legId: 'r1-S-000',
      tag: 't',
      tradingsymbol: 'ITC',
      transaction_type: 'SELL',
      quantity: 100,
      order_id: '1',
      status,
      filled_quantity: status === 'COMPLETE' ? 100 : 0,
      average_price: null,
      status_message: null,
    },
  });

describe('TUI reducer', () => {
  it('review → confirming → executing → confirming → done, and exits with the summary once the engine has returned', () => {
    let s = run([ev({ type: 'run-started', at: T0, runId: 'abcd1234', mode: 'paper', legs: 3 }), ask]);
    expect(s.phase).toBe('confirming');
    s = run([{ type: 'answered', confirmed: true }, order('OPEN'), order('COMPLETE')], s);
    expect(s.phase).toBe('executing');
    expect(s.orders).toHaveLength(1);
    expect(s.orders[0]?.status).toBe('COMPLETE');
    expect(s.log.filter((l) => l.order)).toHaveLength(0); // the row is live until its batch ends
    s = run([{ ...ask, batch: { round: 1, side: 'BUY', orders: [] } }], s);
    expect(s.phase).toBe('confirming');
    s = run([{ type: 'answered', confirmed: true }, ev({ type: 'run-finished', at: T0, summary: summary() })], s);
    expect(s.phase).toBe('done');
    // The run's end moved the finished row into the history, once (its OPEN step only updated it in place).
    expect(s.log.filter((l) => l.order).map((l) => l.text)).toEqual(['10:00:00 ITC SELL 100 COMPLETE filled 100/100 #1']);
    expect(exitValue(s, false)).toBeNull(); // the generator has not returned yet
    s = run([{ type: 'finished', summary: summary() }], s);
    expect(exitValue(s, false)).toEqual({ result: { outcome: 'done', summary: summary() } });
  });

  it('the log ids grow by one and lines carry the IST time', () => {
    const s = run([
      ev({ type: 'cash', at: T0, available: 1234.5, note: 'after the sells' }),
      ev({ type: 'warning', at: T0 + 61_000, message: 'Buys trimmed' }),
    ]);
    expect(s.log).toEqual([
      { id: 1, at: T0, tone: 'muted', text: '10:00:00 cash available ₹1,234.50: after the sells' },
      { id: 2, at: T0 + 61_000, tone: 'warning', text: '10:01:01 warning: Buys trimmed' },
    ]);
  });

  it('waiting and countdown set the wait; wait-over clears it', () => {
    const until = Date.parse('2026-11-30T09:14:00+05:30');
    let s = run([
      ask,
      { type: 'answered', confirmed: true },
      ev({ type: 'waiting', at: T0, until, reason: 'weekend', detail: 'weekend' }),
      ev({ type: 'countdown', at: T0 + 1000, until, remainingMs: 42_000 }),
    ]);
    expect(s.wait).toEqual({ until, reason: 'weekend', detail: 'weekend', remainingMs: 42_000 });
    s = run([ev({ type: 'wait-over', at: until })], s);
    expect(s.wait).toBeNull();
  });

  it('a replanned event replaces the plan', () => {
    const next = { ...plan, orders: [] };
    expect(run([ev({ type: 'replanned', at: T0, round: 2, plan: next, reason: 'repair' })]).plan).toBe(next);
  });

  it('answers outside the confirming phase are ignored', () => {
    const s = run([{ type: 'answered', confirmed: true }]);
    expect(s.phase).toBe('review');
    expect(run([{ type: 'answered', confirmed: false }]).phase).toBe('review');
  });

  it('`n` skips one batch only: the run goes on, the log says what it means for the next batch', () => {
    let s = run([ev({ type: 'cash', at: T0, available: 1, note: 'x' }), ask, { type: 'answered', confirmed: false }]);
    expect(s.phase).toBe('executing');
    expect(s.answered).toEqual([{ round: 1, side: 'SELL', orders: sells, confirmed: false }]);
    expect(s.log.at(-1)?.text).toMatch(
      /^10:00:00 Round 1 sells skipped \(1 order\(s\), about ₹40,000\.00\): nothing of them is placed\. Next: the buys are sized from the cash/,
    );
    s = run([{ ...ask, batch: { round: 1, side: 'BUY', orders: [] } }], s);
    expect(s.phase).toBe('confirming');
  });

  it('every batch declined and nothing placed: outcome declined (exit 0), once the engine has returned', () => {
    const none = summary({ placed: 0, filled: 0, complete: false });
    let s = run([
      ask,
      { type: 'answered', confirmed: false },
      { ...ask, batch: { round: 1, side: 'BUY', orders: [] } },
      { type: 'answered', confirmed: false },
    ]);
    s = run([ev({ type: 'run-finished', at: T0, summary: none })], s);
    expect(exitValue(s, false)).toBeNull();
    s = run([{ type: 'finished', summary: none }], s);
    expect(exitValue(s, false)).toEqual({ result: { outcome: 'declined', summary: none } });
  });

  it('buys declined after confirmed sells: outcome done with the (incomplete) summary', () => {
    const partial = summary({ complete: false, cashLeft: 250_000 });
    let s = run([ask, { type: 'answered', confirmed: true }, { ...ask, batch: { round: 1, side: 'BUY', orders: [] } }, { type: 'answered', confirmed: false }]);
    expect(buysDeclinedAfterSells(s)).toBe(true);
    s = run([ev({ type: 'run-finished', at: T0, summary: partial }), { type: 'finished', summary: partial }], s);
    expect(exitValue(s, false)).toEqual({ result: { outcome: 'done', summary: partial } });
  });

  it('a batch re-confirmed after a wait is recorded and logged, not asked', () => {
    const s = run([ask, { type: 'answered', confirmed: true }, { type: 'reconfirmed', round: 1, side: 'SELL', orders: sells, at: T0 }]);
    expect(s.phase).toBe('executing');
    expect(s.answered.map((b) => b.confirmed)).toEqual([true, true]);
    expect(s.log.at(-1)?.text).toBe('10:00:00 round 1: sells already confirmed before the wait, unchanged: placed without asking again');
  });

  it('keys typed ahead are kept until a prompt takes them; a live early `y` becomes a note', () => {
    let s = run([{ type: 'typed-ahead', key: 'place' }]);
    expect(s.typeAhead).toBe('place');
    s = run([ask], s);
    expect(s.phase === 'confirming' && s.typeAhead).toBe('place');
    s = run([{ type: 'early-place' }], s);
    expect([s.typeAhead, s.earlyPlace]).toEqual([null, true]);
    s = run([{ type: 'answered', confirmed: true }], s);
    expect([s.typeAhead, s.earlyPlace]).toEqual([null, false]);
  });

  it('the review cursor moves by a row or a page and the window follows it, within the table', () => {
    const move = (s: State, m: 'up' | 'down' | 'page-up' | 'page-down') => reducer(s, { type: 'scroll', move: m, page: 3, rows: 10 });
    let s = initialState(plan);
    s = move(move(move(s, 'down'), 'down'), 'down');
    expect([s.cursor, s.scroll]).toEqual([3, 1]);
    s = move(move(move(s, 'page-down'), 'page-down'), 'page-down');
    expect([s.cursor, s.scroll]).toEqual([9, 7]);
    s = move(s, 'up');
    expect([s.cursor, s.scroll]).toEqual([8, 7]);
    s = move(move(move(move(s, 'page-up'), 'page-up'), 'page-up'), 'page-up');
    expect([s.cursor, s.scroll]).toEqual([0, 0]);
  });

  it('orders: the time each reached the exchange is kept (the order rate); finished rows go to the history when the batch ends, once', () => {
    let s = run([order('OPEN'), order('OPEN'), order('COMPLETE'), order('COMPLETE')]);
    expect(s.placedAt).toEqual([T0]);
    expect(s.log.filter((l) => l.order)).toHaveLength(0);
    s = run([ev({ type: 'cash', at: T0 + 5, available: 1, note: 'after the sells' }), ev({ type: 'batch', at: T0 + 6, round: 1, side: 'BUY', orders: [] })], s);
    expect(s.log.filter((l) => l.order).map((l) => l.order?.status)).toEqual(['COMPLETE']);
    expect(s.log.map((l) => l.text.slice(9, 13))).toEqual(['ITC ', 'cash', 'roun']); // the row comes before the batch's end
    expect(s.filed).toEqual(['r1-S-000']);
  });

  it('an order refused before the open and tried again stays one live row: it is not filed while its batch goes on', () => {
    const refused = ev({
      type: 'order',
      at: T0,
      order: {
        legId: 'r1-S-000',
        tag: 't',
        tradingsymbol: 'ITC',
        transaction_type: 'SELL',
        quantity: 100,
        order_id: '1',
        status: 'REJECTED',
        filled_quantity: 0,
        average_price: null,
        status_message: 'markets are closed',
      },
    });
    const s = run([
      refused,
      ev({ type: 'retry', at: T0, legId: 'r1-S-000', tradingsymbol: 'ITC', side: 'SELL', attempt: 1, delayMs: 3000, reason: 'market not open yet' }),
      order('COMPLETE'),
      ev({ type: 'cash', at: T0, available: 1, note: 'x' }),
    ]);
    expect(s.log.filter((l) => l.order).map((l) => l.order?.status)).toEqual(['COMPLETE']);
  });

  it('the first terminal state wins: a cancel is not overwritten by the summary or the AbortError that follow it', () => {
    let s = run([ask, { type: 'cancel', message: 'Cancelling…' }]);
    expect(s.phase).toBe('cancelled');
    s = run([ev({ type: 'run-finished', at: T0, summary: summary() }), { type: 'finished', summary: summary() }], s);
    expect(s.phase).toBe('cancelled');
    expect(exitValue(s, false)).toEqual({ result: { outcome: 'cancelled' } });
  });

  it("the engine's cancellation message refines ours; a non-cancel error after a cancel keeps ours", () => {
    const base = run([ask, { type: 'cancel', message: 'Cancelling…' }]);
    const refined = run([{ type: 'threw', message: 'Cancelled after placing 2 order(s)', cancelled: true, error: null }], base);
    expect(refined.phase === 'cancelled' && refined.message).toBe('Cancelled after placing 2 order(s)');
    const kept = run([{ type: 'threw', message: 'socket hang up', cancelled: false, error: null }], base);
    expect(kept.phase === 'cancelled' && kept.message).toBe('Cancelling…');
  });

  it('cancelling waits for the engine to stop, unless Ctrl+C comes a second time', () => {
    let s = run([ask, { type: 'cancel', message: 'Cancelling…' }]);
    expect(exitValue(s, false)).toBeNull();
    s = run([{ type: 'cancel', message: 'again' }], s);
    expect(exitValue(s, false)).toEqual({ result: { outcome: 'cancelled' } });
  });

  it('a cancel after the run is done is ignored', () => {
    const s = run([ev({ type: 'run-finished', at: T0, summary: summary() }), { type: 'cancel', message: 'late' }]);
    expect(s.phase).toBe('done');
  });

  it('an engine failure ends in failed and exits with the error itself', () => {
    const error = new AppError('broker', 'Kite said no');
    const s = run([ask, { type: 'answered', confirmed: true }, { type: 'threw', message: 'Kite said no', cancelled: false, error }]);
    expect(s.phase).toBe('failed');
    expect(exitValue(s, false)).toEqual({ error });
  });

  it('no engine (dry run / empty plan): done at once, outcome dry-run or done', () => {
    const s = run([{ type: 'finished', summary: null }], initialState(plan));
    expect(isTerminal(s)).toBe(true);
    expect(exitValue(s, true)).toEqual({ result: { outcome: 'dry-run' } });
    expect(exitValue(s, false)).toEqual({ result: { outcome: 'done' } });
  });

  it('a second confirmation request while one is pending is ignored', () => {
    const s = run([ask, { ...ask, batch: { round: 1, side: 'BUY', orders: [] } }]);
    expect(s.phase === 'confirming' && s.batch.side).toBe('SELL');
  });
});
