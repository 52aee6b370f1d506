import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App, type AppProps } from '../../source/ui/app.js';
import { authorisationKeys, type AuthorisationKeys } from '../../source/ui/authorisation-keys.js';
import type { ConfirmBatch, EngineEvent, OrderStatusView, RunSummary } from '../../source/core/events.js';
import type { PlannedOrder } from '../../source/core/types.js';
import { basket, buys, plan, scriptedEngine, sells, snapshot, T0 } from '../support/ui-fixtures.js';
import { KEYS, lastRealFrame, settle, stripAnsi, waitForFrame } from '../support/ui-render.js';

let instance: { unmount(): void } | null = null;
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
  const i = render(<App {...props} />);
  instance = i;
  return i;
}

/** A frame with every run of whitespace as one space: long lines wrap at the terminal's width. */
const flat = (f: string): string => f.replace(/\s+/g, ' ');

const summaryOf = (over: Partial<RunSummary>): RunSummary => ({
  runId: 'fake0009',
  orders: [],
  placed: 0,
  filled: 0,
  rejected: 0,
  skipped: 0,
  complete: false,
  driftAfter: 0.3,
  message: 'Finished with some orders unfilled, rejected or skipped.',
  ...over,
});

const view = (o: PlannedOrder, over: Partial<OrderStatusView>): OrderStatusView => ({
  legId: `r1-${o.transaction_type[0]}-${o.tradingsymbol}`,
  tag: 't',
  tradingsymbol: o.tradingsymbol,
  transaction_type: o.transaction_type,
  quantity: o.quantity,
  order_id: null,
  status: 'PENDING',
  filled_quantity: 0,
  average_price: null,
  status_message: null,
  ...over,
});

/** An engine whose only step is one sell confirmation, held back until `release()`: keys typed before it count. */
function gatedEngine() {
  let release = () => {};
  const gate = new Promise<void>((r) => (release = r));
  const answers: boolean[] = [];
  // eslint-disable-next-line require-yield -- an engine whose only step is the confirmation
  async function* engine(confirm: ConfirmBatch): AsyncGenerator<EngineEvent, RunSummary> {
    await gate;
    answers.push(await confirm({ round: 1, side: 'SELL', orders: sells, legs: [] }));
    return summaryOf({});
  }
  return { engine, release: () => release(), answers };
}

describe('TUI review', () => {
  it('a dry run on paper: PAPER + DRY RUN, holdings sorted by drift with value, drift bar and reason, totals, the dry-run line', async () => {
    const i = mount({ controller: new AbortController(), mode: 'dry-run' });
    const f = await waitForFrame(i, 'Dry run: nothing was placed');
    expect(f).toContain(' PAPER + DRY RUN ');
    expect(f).toContain('PA0001');
    expect(f).toMatch(/symbol\s+held\s+LTP\s+value\s+weight\s+target\s+drift\s+trade\s+after\s+reason/);
    // Largest drift first: ITC (+40%), then HDFCBANK (−21%), then INFY (−20%); the bar leans the drift's way.
    const order = ['ITC', 'HDFCBANK', 'INFY'].map((s) => f.search(new RegExp(`\\n\\s*${s}\\s+\\d`)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(f).toMatch(/ITC\s+100\s+400\.00\s+₹40,000\s+40\.00%\s+0\.00%\s+│████\s+-100\s+0\.00%\s+not in the basket: sell all/);
    expect(f).toMatch(/HDFCBANK\s+12\s+2000\.00\s+₹24,000\s+24\.00%\s+45\.00%\s+██│\s+\+10\s+44\.00%\s+new position/);
    expect(f).toMatch(/INFY\s+20\s+1500\.00\*/); // a stale price is marked
    expect(f).toContain('Drift 41.23% → 1.23%');
  });

  it('a live run is badged LIVE on every screen', async () => {
    const i = mount({ controller: new AbortController(), mode: 'live', broker: 'live' });
    expect(await waitForFrame(i, 'Nothing to trade')).toContain(' LIVE  Summary');
  });
});

describe('TUI confirmation', () => {
  it('the confirmation box carries the mode: PAPER on paper, LIVE (real money) on a live run', async () => {
    const paper = new AbortController();
    let i = mount({ controller: paper, execute: scriptedEngine(paper.signal).execute });
    let f = await waitForFrame(i, 'Place these sells?');
    expect(f).toMatch(/│ {2}PAPER {2}the built-in simulator: no real money\s+│/);
    i.unmount();
    const live = new AbortController();
    i = mount({ controller: live, mode: 'live', broker: 'live', execute: scriptedEngine(live.signal).execute });
    f = await waitForFrame(i, 'Place these sells?');
    expect(f).toMatch(/║ {2}LIVE {2}real orders at Zerodha, real money\s+║/);
    expect(f).toContain('Place these sells? y place · n/Esc skip this batch · q quit');
  });

  it('`y` places the sells, `y` the buys: rows update in place, finished rows go to the history, the summary and exit code render', async () => {
    const controller = new AbortController();
    const { run, execute } = scriptedEngine(controller.signal);
    const i = mount({ controller, execute });
    let f = await waitForFrame(i, 'Place these sells?');
    expect(f).toMatch(/Round 1: 1 sell, about ₹40,000\.00/);
    expect(run.answers).toEqual([]);
    i.stdin.write('y');
    f = await waitForFrame(i, 'Place these buys?');
    expect(run.answers).toEqual([true]);
    expect(f).toMatch(/\d\d:\d\d:\d\d SELL\s+100 ITC\s+complete @ 400\.00/);
    expect(f).toMatch(/1\/1 orders finished/);
    i.stdin.write('y');
    f = await waitForFrame(i, 'exit code 0');
    expect(run.answers).toEqual([true, true]);
    expect(f).toMatch(/BUY\s+20 INFY\s+complete @ 1500\.00/);
    expect(f).toMatch(/placed 3 · filled 3 · rejected 0 · skipped 0/);
    expect(f).toMatch(/INFY\s+49\.00%\s+50\.00%\s+████│\s+-1\.00%/);
    expect(f).toMatch(/drift 41\.23% → 1\.23%/);
    expect(f).toMatch(/charges paid ≈ ₹\d+\.\d\d/);
    expect(f).toContain('Next: Nothing more to do.\nRun fake0001 · exit code 0 (done)');
    expect(f).not.toContain('resume');
    expect(controller.signal.aborted).toBe(false);
    // PAPER is on every screen of a paper run, whatever the screen.
    const screens = i.frames.map(stripAnsi).filter((x) => x.trim());
    expect(screens.every((x) => / PAPER {2}(Review|Confirm round 1|Placing orders|Summary) /.test(x))).toBe(true);
  });

  it('Enter alone does not confirm; other keys neither (nor r/s, the authorisation keys)', async () => {
    const controller = new AbortController();
    const { run, execute } = scriptedEngine(controller.signal);
    const i = mount({ controller, execute });
    await waitForFrame(i, 'Place these sells?');
    i.stdin.write(KEYS.enter);
    await waitForFrame(i, 'Enter alone does nothing: press y to place these sells, or n to skip them.');
    for (const k of [' ', 'x', 'r', 's']) i.stdin.write(k);
    await settle(20);
    expect(run.answers).toEqual([]);
    expect(lastRealFrame(i)).toContain('Place these sells?');
    expect(lastRealFrame(i)).not.toContain('complete');
  });

  it('`n` skips the sells only: it says what that means, then asks for the buys', async () => {
    const controller = new AbortController();
    const { run, execute } = scriptedEngine(controller.signal);
    const i = mount({ controller, execute });
    await waitForFrame(i, 'Place these sells?');
    i.stdin.write('n');
    const f = await waitForFrame(i, 'Place these buys?');
    expect(run.answers).toEqual([false]);
    expect(flat(f)).toContain(
      "Round 1 sells skipped (1 order(s), about ₹40,000.00): nothing of them is placed. Next: the buys are sized from the cash in the account now, without these sales' proceeds.",
    );
    expect(f).toMatch(/SELL\s+100 ITC\s+skipped: declined at confirmation/);
  });

  it('`n` on the buys after placed sells: the run ends saying how much cash is idle, exit code 3', async () => {
    const controller = new AbortController();
    const { run, execute } = scriptedEngine(controller.signal, { cashLeft: 52_345.5 });
    const i = mount({ controller, execute });
    await waitForFrame(i, 'Place these sells?');
    i.stdin.write('y');
    await waitForFrame(i, 'Place these buys?');
    i.stdin.write('n');
    const f = await waitForFrame(i, /exit code 3/);
    expect(run.answers).toEqual([true, false]);
    expect(flat(f)).toContain('Buys declined after the sells: ₹52,345.50 is idle in the account. Run the basket again to invest it.');
    expect(f).toMatch(/Not filled \(2\):/);
    expect(f).toMatch(/BUY INFY 20: skipped: declined at confirmation/);
    expect(f).toContain('exit code 3 (partly done)');
  });

  it('Esc skips too', async () => {
    const controller = new AbortController();
    const { run, execute } = scriptedEngine(controller.signal);
    const i = mount({ controller, execute });
    await waitForFrame(i, 'Place these sells?');
    i.stdin.write(KEYS.esc);
    await waitForFrame(i, 'Place these buys?');
    expect(run.answers[0]).toBe(false);
  });

  it('`q` at the prompt quits: the controller aborts, nothing placed', async () => {
    const controller = new AbortController();
    const { run, execute } = scriptedEngine(controller.signal);
    const i = mount({ controller, execute });
    await waitForFrame(i, 'Place these sells?');
    i.stdin.write('q');
    const f = await waitForFrame(i, 'Cancelled: nothing was placed.');
    expect(controller.signal.aborted).toBe(true);
    expect(run.answers).toEqual([]);
    expect(f).not.toContain('Place these sells?');
  });

  it('Ctrl+C at the prompt aborts the shared controller and shows the cancellation', async () => {
    const controller = new AbortController();
    const { run, execute } = scriptedEngine(controller.signal);
    const i = mount({ controller, execute });
    await waitForFrame(i, 'Place these sells?');
    i.stdin.write(KEYS.ctrlC);
    await waitForFrame(i, 'Cancelled: nothing was placed.');
    expect(controller.signal.aborted).toBe(true);
    expect(run.answers).toEqual([]);
  });

  it('a `y` typed before a paper prompt is kept and places the batch once it is shown', async () => {
    const controller = new AbortController();
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const answers: boolean[] = [];
    async function* engine(confirm: ConfirmBatch): AsyncGenerator<EngineEvent, RunSummary> {
      yield { type: 'run-started', at: T0, runId: 'early001', mode: 'paper', legs: 1 };
      await gate;
      answers.push(await confirm({ round: 1, side: 'SELL', orders: sells, legs: [] }));
      return summaryOf({});
    }
    const i = mount({ controller, execute: engine });
    await waitForFrame(i, 'Preparing the run…');
    i.stdin.write('y');
    await settle();
    release();
    await waitForFrame(i, 'exit code');
    expect(answers).toEqual([true]);
  });

  it('on a live run an early `y` is not applied to real orders: the prompt asks for one more `y`', async () => {
    const controller = new AbortController();
    const { engine, release, answers } = gatedEngine();
    const i = mount({ controller, mode: 'live', broker: 'live', execute: engine });
    await waitForFrame(i, 'Preparing the run…');
    i.stdin.write('y');
    await settle();
    release();
    await waitForFrame(i, 'You pressed y before these sells were shown: press y again to place them.');
    await settle(10);
    expect(answers).toEqual([]);
    i.stdin.write('y');
    await waitForFrame(i, 'exit code');
    expect(answers).toEqual([true]);
  });

  it('an early `n` skips the next batch when it comes', async () => {
    const controller = new AbortController();
    const { engine, release, answers } = gatedEngine();
    const i = mount({ controller, mode: 'live', broker: 'live', execute: engine });
    await waitForFrame(i, 'Preparing the run…');
    i.stdin.write('n');
    await settle();
    release();
    await waitForFrame(i, 'exit code');
    expect(answers).toEqual([false]);
  });

  it('a batch asked again after a wait is placed without asking when unchanged, and asked with the differences when not', async () => {
    const controller = new AbortController();
    const answers: boolean[] = [];
    const bigger = [{ ...sells[0], quantity: 120 } as PlannedOrder];
    async function* engine(confirm: ConfirmBatch): AsyncGenerator<EngineEvent, RunSummary> {
      yield { type: 'batch', at: T0, round: 1, side: 'SELL', orders: sells };
      answers.push(await confirm({ round: 1, side: 'SELL', orders: sells, legs: [] }));
      yield { type: 'reauth-needed', at: T0 + 1000, message: 'Kite session expired; logging in again' };
      answers.push(await confirm({ round: 1, side: 'SELL', orders: sells, legs: [] }));
      answers.push(await confirm({ round: 1, side: 'SELL', orders: bigger, legs: [] }));
      return summaryOf({});
    }
    const i = mount({ controller, execute: engine });
    await waitForFrame(i, 'Place these sells?');
    i.stdin.write('y');
    const f = await waitForFrame(i, 'Changed since you confirmed them before the wait:');
    expect(answers).toEqual([true, true]);
    expect(f).toContain('round 1: sells already confirmed before the wait, unchanged: placed without asking again');
    expect(f).toContain('~ ITC SELL 100 → 120 (+20)');
    i.stdin.write('y');
    await waitForFrame(i, 'exit code');
    expect(answers).toEqual([true, true, true]);
  });
});

describe('TUI execution', () => {
  it('one row per order in words (queued, placed, partly filled, rejected with Kite’s words), progress, rate; `d` shows ids', async () => {
    const controller = new AbortController();
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const [infy, hdfc] = buys as [PlannedOrder, PlannedOrder];
    async function* engine(confirm: ConfirmBatch): AsyncGenerator<EngineEvent, RunSummary> {
      yield { type: 'batch', at: T0, round: 1, side: 'BUY', orders: buys };
      await confirm({ round: 1, side: 'BUY', orders: buys, legs: [] });
      yield { type: 'order', at: T0, order: view(infy, {}) };
      yield { type: 'order', at: T0, order: view(hdfc, {}) };
      yield { type: 'order', at: T0 + 100, order: view(infy, { order_id: '2611250000071', status: 'PUT ORDER REQ RECEIVED' }) };
      yield { type: 'order', at: T0 + 200, order: view(infy, { order_id: '2611250000071', status: 'OPEN', filled_quantity: 5, average_price: 1500 }) };
      yield { type: 'order', at: T0 + 300, order: view(hdfc, { order_id: '2611250000072', status: 'REJECTED', status_message: 'Insufficient funds' }) };
      yield { type: 'retry', at: T0 + 400, legId: 'r1-B-003', tradingsymbol: 'INFY', side: 'BUY', attempt: 1, delayMs: 1000, reason: 'Kite busy' };
      await gate;
      return summaryOf({});
    }
    const i = mount({ controller, execute: engine });
    await waitForFrame(i, 'Place these buys?');
    i.stdin.write('y');
    let f = await waitForFrame(i, /partly filled 5\/20 @ 1500\.00/);
    // In flight first, then the batch's finished rows: both live until the batch ends.
    expect(f).toMatch(/\nBUY\s+20 INFY\s+partly filled 5\/20 @ 1500\.00\nBUY\s+10 HDFCBANK\s+rejected: Insufficient funds\n/);
    expect(f).toContain('INFY BUY: trying again (attempt 2) in 1.0s: Kite busy');
    expect(f).not.toContain('r1-B-003');
    expect(f).toMatch(/█+░+ 1\/2 orders finished/);
    expect(f).toMatch(/₹7,500 of ₹50,000 traded/);
    expect(f).toContain('order rate 2/s of 10/s · 2/min of 400/min');
    expect(f).toContain('d order ids · q quit · Ctrl+C cancel');
    expect(f).not.toContain('2611250000071');
    i.stdin.write('d');
    f = await waitForFrame(i, '#2611250000071');
    expect(f).toMatch(/INFY\s+partly filled 5\/20 @ 1500\.00 #2611250000071/);
    release();
  });

  it('Ctrl+C during execution lists the orders still open at the exchange (stock, quantity, id)', async () => {
    const controller = new AbortController();
    const [infy] = buys as [PlannedOrder];
    async function* engine(confirm: ConfirmBatch): AsyncGenerator<EngineEvent, RunSummary> {
      await confirm({ round: 1, side: 'BUY', orders: buys, legs: [] });
      yield { type: 'order', at: T0, order: view(infy, { order_id: '2611250000071', status: 'OPEN', filled_quantity: 5, average_price: 1500 }) };
      await new Promise((_, reject) => controller.signal.addEventListener('abort', () => reject(new Error('aborted'))));
      throw new Error('unreachable');
    }
    const i = mount({ controller, execute: engine });
    await waitForFrame(i, 'Place these buys?');
    i.stdin.write('y');
    await waitForFrame(i, 'partly filled');
    i.stdin.write(KEYS.ctrlC);
    const f = await waitForFrame(i, 'Still open at the exchange');
    expect(f).toContain('BUY INFY 15 of 20 open (order id 2611250000071)');
    expect(controller.signal.aborted).toBe(true);
  });
});

describe('TUI wait for the market', () => {
  it('a big hh:mm:ss countdown, the reason, what happens then; Ctrl+C cancels', async () => {
    const controller = new AbortController();
    const { execute } = scriptedEngine(controller.signal, { wait: true });
    const i = mount({ controller, execute, sessionExpiresAt: Date.parse('2026-11-26T06:00:00+05:30') });
    await waitForFrame(i, 'Place these sells?');
    i.stdin.write('y');
    const f = await waitForFrame(i, '2h 03m 10s until Mon 30 Nov 2026 09:14 IST');
    expect(f).toContain(' PAPER  Waiting for the market');
    // 02:03:10 in block digits: the first row of "0", "2", ":", "0", "3"…
    expect(f).toContain('█▀█ ▀▀█     █▀█ ▀▀█     ▀█  █▀█');
    expect(f).toContain('Why: NSE is closed for the weekend (weekend)');
    expect(f).toContain('Then: the 1 confirmed sell goes as market orders, not asked again.');
    expect(f).toContain('Kite session ends first, Thu 26 Nov 2026 06:00 IST: you log in again then.');
    expect(f).toContain('q quit · Ctrl+C cancel');
    i.stdin.write(KEYS.ctrlC);
    await waitForFrame(i, 'Cancelled');
    expect(controller.signal.aborted).toBe(true);
    expect(lastRealFrame(i)).not.toContain('2h 03m 10s');
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
  it('shows the rejection with Kite’s words; the summary lists it under Not filled; exit code 3', async () => {
    const rejected = view(sells[0] as PlannedOrder, { order_id: '261125000001', status: 'REJECTED', status_message: 'Insufficient holdings' });
    async function* engine(confirm: ConfirmBatch): AsyncGenerator<EngineEvent, RunSummary> {
      yield { type: 'batch', at: T0, round: 1, side: 'SELL', orders: sells };
      await confirm({ round: 1, side: 'SELL', orders: sells, legs: [] });
      yield { type: 'order', at: T0, order: rejected };
      const summary = summaryOf({ orders: [rejected], placed: 1, rejected: 1 });
      yield { type: 'run-finished', at: T0, summary };
      return summary;
    }
    const i = mount({ controller: new AbortController(), execute: engine });
    await waitForFrame(i, 'Place these sells?');
    i.stdin.write('y');
    const f = await waitForFrame(i, 'exit code 3');
    expect(f).toMatch(/10:00:00 SELL\s+100 ITC\s+rejected: Insufficient holdings/);
    expect(f).toMatch(/placed 1 · filled 0 · rejected 1 · skipped 0/);
    expect(f).toContain('SELL ITC 100: rejected: Insufficient holdings');
    expect(f).toContain('Next: Check the orders above, then run the basket again to place what is left.');
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
      const summary = summaryOf({ skipped: 1, message: 'Sells not placed for want of a CDSL authorisation: 100 ITC.' });
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
    await settle(20);
    expect(got).toEqual([]);
    i.stdin.write('r');
    await waitForFrame(i, /9m 55s left/);
    expect(got).toEqual(['recheck']);
    i.stdin.write('s');
    f = await waitForFrame(i, 'Sells not placed for want of a CDSL authorisation');
    expect(got).toEqual(['recheck', 'skip']);
    expect(f).toMatch(/CDSL authorisation: nothing authorised; still short: ITC 100 \(skipped by you\)/);
    expect(stripAnsi(f)).not.toContain('r re-check now');
  });
});
