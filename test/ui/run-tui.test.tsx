import chalk from 'chalk';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../source/core/errors.js';
import type { ConfirmBatch } from '../../source/core/events.js';
import { executePlan } from '../../source/engine/index.js';
import { runTui, type TuiInput } from '../../source/ui/run-tui.js';
import { baseOptions } from '../support/engine-harness.js';
import { simWorld, type SimWorld } from '../support/sim-world.js';
import { basket, plan, scriptedEngine, snapshot } from '../support/ui-fixtures.js';
import { fakeTerminal } from '../support/fake-terminal.js';
import { KEYS, settle, tick } from '../support/ui-render.js';

/**
 * runTui end to end: the real engine and the Kite simulator behind it, keys in, outcome out. Under CI Ink writes
 * only <Static> lines and the last frame, so the flow waits on the engine's confirmation requests, not the screen.
 */

let world: SimWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

async function startOnSimulator(runId: string) {
  world = await simWorld('2026-11-23T10:00:00');
  const w = world;
  const initial = await w.initialPlan();
  const controller = new AbortController();
  const term = fakeTerminal();
  let asked = 0;
  const execute = (confirm: ConfirmBatch) =>
    executePlan({ ...w.deps, confirm: (batch) => (asked++, confirm(batch)) }, w.basket, initial, baseOptions({ runId }), controller.signal);
  const snap = await w.deps.snapshot();
  const result = runTui({
    basket: w.basket,
    snapshot: snap,
    plan: initial,
    mode: 'paper',
    broker: 'paper',
    userId: 'PA0001',
    notices: [],
    execute,
    controller,
    ...term.streams,
  });
  return { w, initial, controller, term, result, asked: () => asked };
}

/** Waits until the engine has asked to confirm `n` batches and the prompt is live for the keyboard. */
async function waitForAsk(asked: () => number, n: number): Promise<void> {
  for (const start = Date.now(); asked() < n; await tick()) {
    if (Date.now() - start > 10_000) throw new Error(`the engine asked ${asked()} time(s), not ${n}`);
  }
  await settle();
}

describe.sequential('runTui with the real engine against the simulator', () => {
  it('y for the sells, y for the buys: every order fills, outcome done with the summary', async () => {
    const { w, initial, term, result, asked } = await startOnSimulator('tuiok001');
    expect(initial.orders.some((o) => o.transaction_type === 'SELL')).toBe(true);
    await waitForAsk(asked, 1);
    // The review is on the screen before the key (a key typed earlier is kept and answers at once).
    await term.stdout.waitFor(/INFY\s+60\s+1\d{3}\.\d\d/);
    expect(w.book()).toHaveLength(0); // nothing reaches the broker before the keypress
    term.stdin.press('y');
    await waitForAsk(asked, 2);
    expect(w.book().length).toBeGreaterThan(0);
    expect(w.book().every((o) => o.transaction_type === 'SELL' && o.status === 'COMPLETE')).toBe(true);
    term.stdin.press('y');
    // Repair rounds ask again, one batch at a time: answer each new batch with y until the run ends.
    let settled = false;
    void result.finally(() => (settled = true));
    for (let answered = 2; !settled; await tick()) {
      if (answered < asked()) {
        await waitForAsk(asked, ++answered);
        term.stdin.press('y');
      }
    }
    const { outcome, summary } = await result;
    expect(outcome).toBe('done');
    expect(summary?.complete).toBe(true);
    expect(summary?.filled).toBe(w.book().length);
    expect(w.book().some((o) => o.transaction_type === 'BUY')).toBe(true);
    expect(w.book().every((o) => o.status === 'COMPLETE')).toBe(true);
    const text = term.stdout.text();
    expect(text).toMatch(/INFY\s+60\s+1\d{3}\.\d\d/);
    expect(text).toContain('Rebalance complete: every order filled.');
    expect((await w.stores.journal.getRun('tuiok001'))?.status).toBe('finished');
  });

  it('n at the sells, n at the buys: outcome declined, nothing placed, the run is closed in the journal', async () => {
    const { w, term, result, asked } = await startOnSimulator('tuino001');
    await waitForAsk(asked, 1);
    term.stdin.press(KEYS.enter); // Enter alone is not an answer
    term.stdin.press('n');
    await waitForAsk(asked, 2); // skipping the sells skips them only: the buys are asked for
    await term.stdout.waitFor('Place these buys?');
    term.stdin.press('n');
    const { outcome, summary } = await result;
    expect(outcome).toBe('declined');
    expect(summary?.placed).toBe(0);
    expect(w.book()).toHaveLength(0);
    expect((await w.stores.journal.getRun('tuino001'))?.status).toBe('finished');
  });

  it('y at the sells, n at the buys: the sells fill, outcome done and incomplete (exit 3), the idle cash is said', async () => {
    const { w, term, result, asked } = await startOnSimulator('tuiyn001');
    await waitForAsk(asked, 1);
    term.stdin.press('y');
    await waitForAsk(asked, 2);
    term.stdin.press('n');
    const { outcome, summary } = await result;
    expect(outcome).toBe('done');
    expect(summary?.complete).toBe(false);
    expect(w.book().every((o) => o.transaction_type === 'SELL' && o.status === 'COMPLETE')).toBe(true);
    expect(term.stdout.text().replace(/\s+/g, ' ')).toMatch(/Buys declined after the sells: ₹[\d,.]+ is idle in the account\./);
  });

  it('Ctrl+C at the prompt: the controller is aborted, outcome cancelled, nothing placed', async () => {
    const { w, controller, term, result, asked } = await startOnSimulator('tuicc001');
    await waitForAsk(asked, 1);
    term.stdin.press(KEYS.ctrlC);
    expect((await result).outcome).toBe('cancelled');
    expect(controller.signal.aborted).toBe(true);
    expect(w.book()).toHaveLength(0);
    expect(term.stdout.text()).toContain('Cancelled: nothing was placed.');
    expect((await w.stores.journal.getRun('tuicc001'))?.status).toBe('cancelled');
  });
});

const ESC = String.fromCharCode(27);
const FOREGROUND = new RegExp(`${ESC}\\[(3\\d|9\\d)m`);

describe('runTui outcomes', () => {
  const base = (over: Partial<TuiInput>): TuiInput => ({
    basket,
    snapshot,
    plan,
    mode: 'paper',
    broker: 'paper',
    userId: 'PA0001',
    notices: [],
    execute: null,
    controller: new AbortController(),
    ...over,
  });

  it('a dry run shows the review and resolves dry-run', async () => {
    const term = fakeTerminal();
    expect(await runTui(base({ mode: 'dry-run', ...term.streams }))).toEqual({ outcome: 'dry-run' });
    expect(term.stdout.text()).toContain('DRY RUN');
    expect(term.stdout.text()).toContain('Dry run: nothing was placed. Add --paper without --dry-run to place these orders.');
  });

  it('a signal from outside (the controller aborted) cancels a run waiting at the prompt', async () => {
    const term = fakeTerminal();
    const controller = new AbortController();
    const { run, execute } = scriptedEngine(controller.signal);
    const result = runTui(base({ execute, controller, ...term.streams }));
    await waitForAsk(() => run.asked, 1);
    controller.abort(new Error('cancelled (SIGTERM)'));
    expect(await result).toEqual({ outcome: 'cancelled' });
  });

  it('colour follows the level the CLI derives from NO_COLOR / FORCE_COLOR: none at 0, the palette at 1; PAPER visible either way', async () => {
    const level = chalk.level;
    try {
      const plainTerm = fakeTerminal();
      await runTui(base({ mode: 'dry-run', colorLevel: 0, ...plainTerm.streams }));
      const raw = plainTerm.stdout.raw();
      expect(raw).toContain(' PAPER + DRY RUN ');
      expect(raw).not.toMatch(FOREGROUND); // no foreground colour at all
      const colourTerm = fakeTerminal();
      await runTui(base({ mode: 'dry-run', colorLevel: 1, ...colourTerm.streams }));
      expect(colourTerm.stdout.raw()).toContain(`${ESC}[33m`); // the dry-run badge's warning colour
    } finally {
      chalk.level = level;
    }
  });

  it('an engine failure rejects with the engine error', async () => {
    const term = fakeTerminal();
    // eslint-disable-next-line require-yield -- an engine that fails before its first event
    async function* failing(): AsyncGenerator<never, never> {
      throw new AppError('broker', 'Kite refused the order book read');
    }
    await expect(runTui(base({ execute: () => failing(), ...term.streams }))).rejects.toThrow('Kite refused the order book read');
    expect(term.stdout.text()).toContain('Failed: Kite refused the order book read');
  });
});
