import { AppError } from '../../source/core/errors.js';
import type { ConfirmBatch, EngineEvent, OrderStatusView, RunSummary } from '../../source/core/events.js';
import type { Basket, Plan, PlannedOrder, Snapshot } from '../../source/core/types.js';

export const T0 = Date.parse('2026-11-25T10:00:00+05:30');

export const basket: Basket = {
  file: '/tmp/baskets/momentum.json',
  weights: { INFY: 0.5, HDFCBANK: 0.45 },
  cashWeight: 0.05,
  warnings: ['weights add up to 0.95; the remaining 5.00% is kept as cash'],
  meta: { format: 'stocks' },
};

export const snapshot: Snapshot = {
  cash: 10_000,
  lines: [],
  holdingsValue: 90_000,
  positionsValue: 0,
  totalValue: 100_000,
  unpriced: [],
  warnings: [],
};

const order = (tradingsymbol: string, side: 'BUY' | 'SELL', quantity: number, price: number, reason: string): PlannedOrder => ({
  tradingsymbol,
  exchange: 'NSE',
  transaction_type: side,
  quantity,
  price,
  value: quantity * price,
  charges: 10,
  reason,
});

export const sells = [order('ITC', 'SELL', 100, 400, 'not in the basket: sell all 100')];
export const buys = [order('INFY', 'BUY', 20, 1500, 'underweight: 20.00% → 50.00%'), order('HDFCBANK', 'BUY', 10, 2000, 'new position')];

export const plan: Plan = {
  orders: [...sells, ...buys],
  skipped: [{ tradingsymbol: 'TATASTEEL', reason: 'below the minimum order value' }],
  rows: [
    {
      tradingsymbol: 'HDFCBANK',
      price: 2000,
      stale: false,
      quantity: 12,
      currentWeight: 0.24,
      targetWeight: 0.45,
      drift: -0.21,
      plannedDelta: 10,
      weightAfter: 0.44,
    },
    { tradingsymbol: 'INFY', price: 1500, stale: true, quantity: 20, currentWeight: 0.3, targetWeight: 0.5, drift: -0.2, plannedDelta: 20, weightAfter: 0.6 },
    { tradingsymbol: 'ITC', price: 400, stale: false, quantity: 100, currentWeight: 0.4, targetWeight: 0, drift: 0.4, plannedDelta: -100, weightAfter: 0 },
  ],
  drift_before: 0.4123,
  drift_after: 0.0123,
  cash_after: 1234.5,
  charges: 56.7,
  solver: { method: 'greedy', status: 'test', ms: 1 },
};

const view = (o: PlannedOrder, i: number, status: OrderStatusView['status'], filled = 0): OrderStatusView => ({
  legId: `r1-${o.transaction_type[0]}-00${i}`,
  tag: `Kfake00011${o.transaction_type[0]}00${i}`,
  tradingsymbol: o.tradingsymbol,
  transaction_type: o.transaction_type,
  quantity: o.quantity,
  order_id: status === 'SKIPPED' ? null : `26112500000${i}${o.transaction_type === 'SELL' ? 1 : 2}`,
  status,
  filled_quantity: filled,
  average_price: filled ? o.price : null,
  status_message: status === 'SKIPPED' ? 'declined at confirmation' : null,
});

export interface FakeRun {
  /** Batches the engine has asked to confirm so far. */
  asked: number;
  answers: boolean[];
  /** While set, the fake waits for the market (waiting + countdown events) before placing the sells. */
  release(): void;
}

/**
 * A scripted stand-in for `executePlan` that behaves like the engine at the edges the TUI cares about:
 * asks to confirm sells then buys, optionally waits for the market with a countdown, emits order state changes,
 * skips declined legs, and throws AppError('cancelled') when aborted.
 */
export function scriptedEngine(
  signal: AbortSignal,
  opts: { wait?: boolean; cashLeft?: number } = {},
): { run: FakeRun; execute: (confirm: ConfirmBatch) => AsyncGenerator<EngineEvent, RunSummary> } {
  let release = () => {};
  const released = new Promise<void>((r) => (release = r));
  const run: FakeRun = { asked: 0, answers: [], release: () => release() };
  const views: OrderStatusView[] = [];
  let at = T0;
  const abortable = <T>(p: Promise<T>) =>
    Promise.race([
      p,
      new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () => reject(new AppError('cancelled', 'Cancelled: nothing was placed.')), { once: true }),
      ),
    ]);

  async function* batch(side: 'SELL' | 'BUY', orders: PlannedOrder[], confirm: ConfirmBatch): AsyncGenerator<EngineEvent, boolean> {
    yield { type: 'batch', at, round: 1, side, orders };
    run.asked++;
    const ok = await abortable(confirm({ round: 1, side, orders, legs: [] }));
    run.answers.push(ok);
    yield { type: 'batch-confirmed', at, round: 1, side, confirmed: ok };
    for (const [i, o] of orders.entries()) {
      if (!ok) {
        const v = view(o, i, 'SKIPPED');
        views.push(v);
        yield { type: 'order', at, order: v };
        continue;
      }
      yield { type: 'order', at, order: view(o, i, 'OPEN') };
      at += 1000;
      const done = view(o, i, 'COMPLETE', o.quantity);
      views.push(done);
      yield { type: 'order', at, order: done };
    }
    return ok;
  }

  async function* execute(confirm: ConfirmBatch): AsyncGenerator<EngineEvent, RunSummary> {
    try {
      return yield* steps(confirm);
    } catch (e) {
      // As the engine does: whatever interrupted it, an aborted run ends in one AppError('cancelled').
      if (signal.aborted)
        throw new AppError('cancelled', views.some((v) => v.order_id) ? 'Cancelled after placing some orders' : 'Cancelled: nothing was placed.');
      throw e;
    }
  }

  async function* steps(confirm: ConfirmBatch): AsyncGenerator<EngineEvent, RunSummary> {
    yield { type: 'run-started', at, runId: 'fake0001', mode: 'paper', legs: 3 };
    const soldOk = yield* batch('SELL', sells, confirm);
    if (opts.wait) {
      const until = Date.parse('2026-11-30T09:14:00+05:30');
      yield { type: 'waiting', at, until, reason: 'weekend', detail: 'weekend' };
      yield { type: 'countdown', at, until, remainingMs: 2 * 3600_000 + 3 * 60_000 + 10_000 };
      await abortable(released);
      yield { type: 'wait-over', at: until };
    }
    yield { type: 'cash', at, available: 50_000, note: 'after the sells' };
    yield* batch('BUY', buys, confirm);
    const filled = views.filter((v) => v.status === 'COMPLETE').length;
    const summary: RunSummary = {
      runId: 'fake0001',
      orders: views,
      placed: views.filter((v) => v.order_id).length,
      filled,
      rejected: 0,
      skipped: views.length - filled,
      complete: filled === views.length,
      driftAfter: soldOk ? 0.0123 : 0.41,
      ...(opts.cashLeft !== undefined ? { cashLeft: opts.cashLeft } : {}),
      weightsAfter: [
        { tradingsymbol: 'INFY', weight: 0.49, target: 0.5 },
        { tradingsymbol: 'ITC', weight: soldOk ? 0 : 0.4, target: 0 },
      ],
      message: filled === views.length ? 'Rebalance complete: every order filled.' : 'Stopped after a declined batch: no repair rounds.',
    };
    yield { type: 'run-finished', at, summary };
    return summary;
  }
  return { run, execute };
}

/** A plan of `n` symbols (for scrolling): drifts spread both ways, the largest on the last symbol. */
export function widePlan(n: number): Plan {
  const rows = Array.from({ length: n }, (_, i) => {
    const drift = ((i % 2 ? -1 : 1) * (i + 1)) / 1000;
    return {
      tradingsymbol: `SYM${String(i).padStart(2, '0')}`,
      price: 100 + i,
      stale: false,
      quantity: 10 * (i + 1),
      currentWeight: 0.03 + drift,
      targetWeight: 0.03,
      drift,
      plannedDelta: i % 3 === 0 ? -(i + 1) : 0,
      weightAfter: 0.03,
    };
  });
  return { ...plan, orders: [], skipped: [], rows };
}
