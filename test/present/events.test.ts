import { describe, expect, it } from 'vitest';
import type { EngineEvent, OrderStatusView } from '../../source/core/events.js';
import { formatEvent } from '../../source/headless/format.js';
import { describeEvent } from '../../source/present/events.js';
import { initialState, reducer } from '../../source/ui/state.js';
import { plan } from '../support/ui-fixtures.js';
import { orderView, SAMPLES, sampleEvents } from '../support/event-samples.js';

const TONES = ['info', 'success', 'warning', 'danger', 'muted'];

/** The line the TUI logs for one event (the reducer from its first phase), or undefined when it logs none. */
const tuiLine = (e: EngineEvent) => reducer(initialState(plan), { type: 'engine', event: e }).log.at(-1);

describe('describeEvent: one description of every engine event', () => {
  it.each(sampleEvents.map((e) => [e.type, e] as const))('%s has words and a tone', (_type, e) => {
    const d = describeEvent(e);
    expect(d.text.trim().length).toBeGreaterThan(5);
    expect(TONES).toContain(d.tone);
  });

  it.each(sampleEvents.filter((e) => e.type !== 'countdown' && e.type !== 'authorisation-check' && e.type !== 'order').map((e) => [e.type, e] as const))(
    "%s reads the same in the TUI log and on the line runner's stderr",
    (_type, e) => {
      const line = tuiLine(e);
      expect(line?.text).toBe(formatEvent(e));
      expect(line?.tone).toBe(describeEvent(e).tone);
    },
  );

  it("a finished order reads the same in the TUI's history (filed when its batch ends) and on the line runner's stderr", () => {
    const e = SAMPLES.order;
    expect(tuiLine(e)).toBeUndefined(); // live: its row updates in place
    const filed = reducer(reducer(initialState(plan), { type: 'engine', event: e }), { type: 'engine', event: SAMPLES.cash }).log.find((l) => l.order);
    expect(filed?.text).toBe(formatEvent(e));
    expect(filed?.tone).toBe(describeEvent(e).tone);
  });

  it('the TUI logs no countdown tick (its live line shows it); the line runner prints it', () => {
    expect(tuiLine(SAMPLES.countdown)).toBeUndefined();
    expect(formatEvent(SAMPLES.countdown)).toBe('10:00:00 119h 14m 00s until 09:14:00 IST');
  });

  it('the TUI logs no authorisation re-check (its live line shows what is left); the line runner prints it', () => {
    expect(tuiLine(SAMPLES['authorisation-check'])).toBeUndefined();
    expect(formatEvent(SAMPLES['authorisation-check'])).toBe('10:01:05 waiting for CDSL authorisation of INFY 20 (535s left)');
  });

  it('words every event as both front ends have shown it', () => {
    expect(sampleEvents.map((e) => formatEvent(e))).toEqual([
      '10:00:00 run ab12cd34 started (paper, 3 orders planned)',
      '10:00:00 waiting until Mon 30 Nov 2026 09:14 IST: weekend',
      '10:00:00 119h 14m 00s until 09:14:00 IST',
      '09:14:00 wait over: placing orders',
      '10:00:00 round 1: 1 sell order(s) ready',
      '10:00:00 round 1: sells confirmed',
      '10:00:00 ITC SELL 300 COMPLETE filled 300/300 @ 404.75 #1953341975595868160',
      '10:00:00 INFY BUY: trying again (attempt 3) in 1.5s: Kite busy',
      '10:00:00 round 2 re-planned: 3 order(s) (repair)',
      '10:00:00 cash available ₹1,234.50: after the sells',
      '10:00:00 warning: Buys trimmed (hint: add cash)',
      '10:00:00 session expired: the Kite session ended at 06:00 IST',
      [
        '10:00:00 CDSL authorisation (TPIN) needed before selling: ITC 300 (40 authorised today), INFY 20',
        '  open https://kite.zerodha.com/connect/portfolio/authorise/holdings/k/r and enter your CDSL TPIN',
        '  re-checking the holdings until 10:10:00 IST; sells still not authorised then are skipped',
      ].join('\n'),
      '10:01:05 waiting for CDSL authorisation of INFY 20 (535s left)',
      '10:10:00 CDSL authorisation: ITC authorised; still short: INFY 20 (not authorised by 10:10:00 IST)',
      '10:00:00 run ab12cd34 finished: Rebalance complete: every order filled.',
    ]);
  });

  it('tones an order by its state: filled success, rejected danger, skipped or cancelled warning, live muted', () => {
    const tone = (status: OrderStatusView['status']) => describeEvent({ type: 'order', at: 0, order: orderView({ status }) }).tone;
    expect([tone('COMPLETE'), tone('REJECTED'), tone('SKIPPED'), tone('CANCELLED'), tone('OPEN')]).toEqual([
      'success',
      'danger',
      'warning',
      'warning',
      'muted',
    ]);
  });

  it('without a page, the authorisation names where to click in Kite; a wait that ends with nothing left is a success', () => {
    expect(describeEvent({ ...SAMPLES['authorisation-needed'], url: null }).text.split('\n')[1]).toBe('  Open the page and enter your TPIN.');
    expect(describeEvent(SAMPLES['authorisation-done']).tone).toBe('warning');
    expect(describeEvent({ ...SAMPLES['authorisation-done'], authorised: ['ITC', 'INFY'], skipped: [], reason: null })).toEqual({
      tone: 'success',
      text: 'CDSL authorisation: ITC, INFY authorised',
    });
  });

  it('a declined batch and an incomplete run are warnings', () => {
    expect(describeEvent({ ...SAMPLES['batch-confirmed'], confirmed: false })).toEqual({ tone: 'warning', text: 'round 1: sells declined' });
    expect(describeEvent({ ...SAMPLES['run-finished'], summary: { ...SAMPLES['run-finished'].summary, complete: false } }).tone).toBe('warning');
  });
});
