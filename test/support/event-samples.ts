import type { EngineEvent, EngineEventType, OrderStatusView, RunSummary } from '../../source/core/events.js';
import { plan, sells, T0 } from './ui-fixtures.js';

export const UNTIL = Date.parse('2026-11-30T09:14:00+05:30');

const short = [
  { tradingsymbol: 'ITC', isin: 'INE154A01025', sell: 300, authorised: 40 },
  { tradingsymbol: 'INFY', isin: 'INE009A01021', sell: 20, authorised: 0 },
];

export const orderView = (over: Partial<OrderStatusView> = {}): OrderStatusView => ({
  legId: 'r1-S-000',
  tag: 'Kab12cd341S000',
  tradingsymbol: 'ITC',
  transaction_type: 'SELL',
  quantity: 300,
  order_id: '1953341975595868160',
  status: 'COMPLETE',
  filled_quantity: 300,
  average_price: 404.75,
  status_message: null,
  ...over,
});

const summary: RunSummary = {
  runId: 'ab12cd34',
  orders: [],
  placed: 1,
  filled: 1,
  rejected: 0,
  skipped: 0,
  complete: true,
  driftAfter: 0.0123,
  message: 'Rebalance complete: every order filled.',
};

/** One event of every type: the mapped type makes a new EngineEvent type a compile error here until it has a sample. */
export const SAMPLES: { [K in EngineEventType]: Extract<EngineEvent, { type: K }> } = {
  'run-started': { type: 'run-started', at: T0, runId: 'ab12cd34', mode: 'paper', legs: 3 },
  waiting: { type: 'waiting', at: T0, until: UNTIL, reason: 'weekend', detail: 'weekend' },
  countdown: { type: 'countdown', at: T0, until: UNTIL, remainingMs: UNTIL - T0 },
  'wait-over': { type: 'wait-over', at: UNTIL },
  batch: { type: 'batch', at: T0, round: 1, side: 'SELL', orders: sells },
  'batch-confirmed': { type: 'batch-confirmed', at: T0, round: 1, side: 'SELL', confirmed: true },
  order: { type: 'order', at: T0, order: orderView() },
  retry: { type: 'retry', at: T0, legId: 'r1-B-003', tradingsymbol: 'INFY', side: 'BUY', attempt: 2, delayMs: 1500, reason: 'Kite busy' },
  replanned: { type: 'replanned', at: T0, round: 2, plan, reason: 'repair' },
  cash: { type: 'cash', at: T0, available: 1234.5, note: 'after the sells' },
  warning: { type: 'warning', at: T0, message: 'Buys trimmed', hint: 'add cash' },
  'reauth-needed': { type: 'reauth-needed', at: T0, message: 'the Kite session ended at 06:00 IST' },
  'authorisation-needed': {
    type: 'authorisation-needed',
    at: T0,
    round: 1,
    shortfalls: short,
    url: 'https://kite.zerodha.com/connect/portfolio/authorise/holdings/k/r',
    instructions: 'Open the page and enter your TPIN.',
    until: T0 + 600_000,
  },
  'authorisation-check': { type: 'authorisation-check', at: T0 + 65_000, until: T0 + 600_000, remainingMs: 535_000, pending: short.slice(1) },
  'authorisation-done': {
    type: 'authorisation-done',
    at: T0 + 600_000,
    round: 1,
    authorised: ['ITC'],
    skipped: short.slice(1),
    reason: 'not authorised by 10:10:00 IST',
  },
  'run-finished': { type: 'run-finished', at: T0, summary },
};

export const EVENT_TYPES = Object.keys(SAMPLES) as EngineEventType[];
export const sampleEvents: EngineEvent[] = Object.values(SAMPLES);
