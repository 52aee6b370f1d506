import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App, type AppProps } from '../../source/ui/app.js';
import { authorisationKeys, type AuthorisationKeys } from '../../source/ui/authorisation-keys.js';
import type { ConfirmBatch, EngineEvent, OrderStatusView, RunSummary } from '../../source/core/events.js';
import { basket, plan, scriptedEngine, sells, snapshot, T0 } from '../support/ui-fixtures.js';
import { KEYS, lastRealFrame, settle, waitForFrame } from '../support/ui-render.js';

let instance: ReturnType<typeof render> | null = null;
afterEach(() => {
  instance?.unmount();
  instance = null;
});

function mount(over: Partial<AppProps> & Pick<AppProps, 'controller'>) {
  const props: AppProps = {
    basket,
    snapshot,
    plan,
    mode: 'paper',
    broker: 'paper',
    userId: 'PA0001',
    notices: ['PAPER mode: the built-in simulator stands in for Zerodha'],
    execute: null,
    ...over,
  };
  instance = render(<App {...props} />);
  return instance;
}

describe('TUI review', () => {
  it('shows the mode badge, user, holdings-vs-targets rows, planned orders with reasons, charges and cash left', async () => {
    const i = mount({ controller: new AbortController(), mode: 'dry-run' });
    const f = await waitForFrame(i, 'Dry run: nothing was placed');
    expect(f).toContain('DRY RUN');
    expect(f).toContain('PA0001');
    expect(f).toMatch(/symbol\s+price\s+held\s+weight\s+target\s+drift\s+trade\s+after/);
    expect(f).toMatch(/HDFCBANK\s+2000\.00\s+12\s+24\.00%\s+45\.00%\s+-21\.00%\s+\+10\s+44\.00%/);
    expect(f).toMatch(/INFY\s+1500\.00\*\s+20\s+30\.00%/); // stale price is marked
    expect(f).toMatch(/ITC\s+400\.00\s+100\s+40\.00%\s+0\.00%\s+40\.00%\s+-100\s+0\.00%/);
    expect(f).toContain('stale price');
    expect(f).toMatch(/SELL\s+100 ITC\s+≈ ₹40,000\.00\s+not in the basket: sell all 100/);
    expect(f).toMatch(/BUY\s+20 INFY/);
    expect(f).toContain('skip TATASTEEL: below the minimum order value');
    expect(f).toContain('Drift 41.23% → 1.23%');
    expect(f).toContain('charges ≈ ₹56.70');
    expect(f).toContain('cash left ≈ ₹1,234.50');
  });

  it('badges a live run LIVE', async () => {
    const i = mount({ controller: new AbortController(), mode: 'live' });
    expect(await waitForFrame(i, 'Nothing to trade')).toContain(' LIVE ');
  });
});

describe('TUI confirmation and execution (scripted engine)', () => {
  it('`y` confirms the sells, the engine proceeds, `y` confirms the buys, orders stream into the log, the summary renders', async () => {
    const controller = new AbortController();
    const { run, execute } = scriptedEngine(controller.signal);
    const i = mount({ controller, execute });
    let f = await waitForFrame(i, 'Place these sells?');
    expect(f).toMatch(/Round 1: 1 sell, about ₹40,000\.00/);
    expect(run.answers).toEqual([]);
    i.stdin.write('y');
    f = await waitForFrame(i, 'Place these buys?');
    expect(run.answers).toEqual([true]);
    expect(f).toMatch(/\d\d:\d\d:\d\d ITC SELL 100 COMPLETE filled 100\/100 @ 400\.00/);
    expect(f).toMatch(/Round 1: 2 buys, about ₹50,000\.00/);
    i.stdin.write('y');
    f = await waitForFrame(i, 'Rebalance complete');
    expect(run.answers).toEqual([true, true]);
    expect(f).toMatch(/INFY BUY 20 COMPLETE filled 20\/20/);
    expect(f).toMatch(/placed 3 · filled 3 · rejected 0 · skipped 0/);
    expect(f).toContain('drift after ≈ 1.23%');
    expect(controller.signal.aborted).toBe(false);
  });

  it('Enter alone does not confirm; other keys neither (nor r/s, the authorisation keys)', async () => {
    const controller = new AbortController();
    const { run, execute } = scriptedEngine(controller.signal);
    const i = mount({ controller, execute });
    await waitForFrame(i, 'Place these sells?');
    i.stdin.write(KEYS.enter);
    await waitForFrame(i, 'Enter alone does nothing: press y to place these sells, or n to decline.');
    i.stdin.write(' ');
    i.stdin.write('x');
    i.stdin.write('r');
    i.stdin.write('s');
    await settle(20);
    expect(run.answers).toEqual([]);
    expect(lastRealFrame(i)).toContain('Place these sells?');
    expect(lastRealFrame(i)).not.toContain('COMPLETE');
  });

  it('`n` declines: nothing placed, later batches are declined without asking', async () => {
    const controller = new AbortController();
    const { run, execute } = scriptedEngine(controller.signal);
    const i = mount({ controller, execute });
    await waitForFrame(i, 'Place these sells?');
    i.stdin.write('n');
    const f = await waitForFrame(i, 'declined: nothing more placed');
    await settle();
    expect(run.answers).toEqual([false, false]);
    expect(f).toContain('Round 1 sells declined');
    expect(lastRealFrame(i)).not.toContain('Place these buys?');
    expect(lastRealFrame(i)).not.toMatch(/COMPLETE|Placed before that/);
  });

  it('Esc declines too', async () => {
    const controller = new AbortController();
    const { run, execute } = scriptedEngine(controller.signal);
    const i = mount({ controller, execute });
    await waitForFrame(i, 'Place these sells?');
    i.stdin.write(KEYS.esc);
    await waitForFrame(i, 'declined: nothing more placed');
    expect(run.answers[0]).toBe(false);
  });

  it('Ctrl+C at the prompt aborts the shared controller and shows the cancellation', async () => {
    const controller = new AbortController();
    const { run, execute } = scriptedEngine(controller.signal);
    const i = mount({ controller, execute });
    await waitForFrame(i, 'Place these sells?');
    i.stdin.write(KEYS.ctrlC);
    const f = await waitForFrame(i, 'Cancelled: nothing was placed.');
    expect(controller.signal.aborted).toBe(true);
    expect(run.answers).toEqual([]);
    expect(f).not.toContain('Place these sells?');
  });

  it('a countdown event renders the countdown line with the Ctrl+C hint; Ctrl+C there cancels', async () => {
    const controller = new AbortController();
    const { execute } = scriptedEngine(controller.signal, { wait: true });
    const i = mount({ controller, execute });
    await waitForFrame(i, 'Place these sells?');
    i.stdin.write('y');
    const f = await waitForFrame(i, 'waiting until Mon 30 Nov 2026 09:14 IST: weekend — 2h 03m 10s');
    expect(f).toContain('Ctrl+C to cancel');
    i.stdin.write(KEYS.ctrlC);
    await waitForFrame(i, 'Cancelled');
    expect(controller.signal.aborted).toBe(true);
    expect(lastRealFrame(i)).not.toContain('2h 03m 10s — ');
  });

  it('the countdown ends when the market opens and execution continues', async () => {
    const controller = new AbortController();
    const { run, execute } = scriptedEngine(controller.signal, { wait: true });
    const i = mount({ controller, execute });
    await waitForFrame(i, 'Place these sells?');
    i.stdin.write('y');
    await waitForFrame(i, '2h 03m 10s');
    run.release();
    await waitForFrame(i, 'Place these buys?');
    expect(lastRealFrame(i)).not.toContain('2h 03m 10s');
    expect(lastRealFrame(i)).toContain('wait over: placing orders');
  });
});

describe('TUI with a rejected order', () => {
  it('logs the rejection with its reason and the summary counts it; the run is not complete', async () => {
    const rejected: OrderStatusView = {
      legId: 'r1-S-000',
      tag: 'Kfake00011S000',
      tradingsymbol: 'ITC',
      transaction_type: 'SELL',
      quantity: 100,
      order_id: '261125000001',
      status: 'REJECTED',
      filled_quantity: 0,
      average_price: null,
      status_message: 'Insufficient holdings',
    };
    async function* engine(confirm: ConfirmBatch): AsyncGenerator<EngineEvent, RunSummary> {
      yield { type: 'batch', at: T0, round: 1, side: 'SELL', orders: sells };
      await confirm({ round: 1, side: 'SELL', orders: sells, legs: [] });
      yield { type: 'order', at: T0, order: rejected };
      const summary: RunSummary = {
        runId: 'fake0002',
        orders: [rejected],
        placed: 1,
        filled: 0,
        rejected: 1,
        skipped: 0,
        complete: false,
        driftAfter: 0.4,
        message: 'Finished with some orders unfilled, rejected or skipped.',
      };
      yield { type: 'run-finished', at: T0, summary };
      return summary;
    }
    const i = mount({ controller: new AbortController(), execute: engine });
    await waitForFrame(i, 'Place these sells?');
    i.stdin.write('y');
    const f = await waitForFrame(i, 'Finished with some orders unfilled');
    expect(f).toContain('10:00:00 ITC SELL 100 REJECTED #261125000001 (Insufficient holdings)');
    expect(f).toMatch(/placed 1 · filled 0 · rejected 1 · skipped 0/);
    expect(f).toMatch(/SELL\s+100 ITC\s+REJECTED 0\/100 \(Insufficient holdings\)/);
  });
});

describe('TUI while sells wait for a CDSL authorisation', () => {
  /** An engine whose authorise step waits on the TUI's keys, as the app's step does (engine/sell-authoriser.ts). */
  function waitingEngine(keys: AuthorisationKeys, signal: AbortSignal) {
    const got: string[] = [];
    async function* engine(confirm: ConfirmBatch): AsyncGenerator<EngineEvent, RunSummary> {
      yield { type: 'batch', at: T0, round: 1, side: 'SELL', orders: sells };
      await confirm({ round: 1, side: 'SELL', orders: sells, legs: [] });
      const short = [{ tradingsymbol: 'ITC', isin: 'INE154A01025', sell: 100, authorised: 0 }];
      yield {
        type: 'authorisation-needed',
        at: T0,
        round: 1,
        shortfalls: short,
        url: null,
        instructions: 'In Kite web: Holdings → Authorisation, authorise ITC 100, then enter your CDSL TPIN and OTP.',
        until: T0 + 600_000,
      };
      for (;;) {
        const key = await keys.next(signal);
        got.push(key);
        if (key === 'skip') break;
        yield { type: 'authorisation-check', at: T0 + 5_000, until: T0 + 600_000, remainingMs: 595_000, pending: short };
      }
      yield { type: 'authorisation-done', at: T0 + 6_000, round: 1, authorised: [], skipped: short, reason: 'skipped by you' };
      const summary: RunSummary = {
        runId: 'fake0003',
        orders: [],
        placed: 0,
        filled: 0,
        rejected: 0,
        skipped: 1,
        complete: false,
        driftAfter: null,
        message: 'Sells not placed for want of a CDSL authorisation: 100 ITC.',
      };
      yield { type: 'run-finished', at: T0 + 7_000, summary };
      return summary;
    }
    return { engine, got };
  }

  it('shows what to authorise, where, the time left and the keys; `r` re-checks, `s` skips; other keys do nothing', async () => {
    const controller = new AbortController();
    const keys = authorisationKeys();
    const { engine, got } = waitingEngine(keys, controller.signal);
    const i = mount({ controller, execute: engine, authorisationKeys: keys });
    await waitForFrame(i, 'Place these sells?');
    i.stdin.write('y');
    let f = await waitForFrame(i, 'r re-check now · s skip these sells');
    expect(f).toMatch(/CDSL authorisation \(TPIN\) needed before selling: ITC 100 — (0h )?10m 00s left/);
    expect(f).toContain('In Kite web: Holdings → Authorisation, authorise ITC 100');
    i.stdin.write('x');
    i.stdin.write('y');
    await settle(20);
    expect(got).toEqual([]);
    i.stdin.write('r');
    await waitForFrame(i, /9m 55s left/);
    expect(got).toEqual(['recheck']);
    i.stdin.write('s');
    f = await waitForFrame(i, 'Sells not placed for want of a CDSL authorisation');
    expect(got).toEqual(['recheck', 'skip']);
    expect(f).toMatch(/CDSL authorisation: nothing authorised; still short: ITC 100 \(skipped by you\)/);
    expect(f).not.toContain('r re-check now');
  });
});
