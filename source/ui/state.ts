import type { EngineEvent, OrderStatusView, RunSummary, WaitReason } from '../core/events.js';
import { describeShortfall, type AuthorisationShortfall } from '../core/sell-authorisation.js';
import type { Plan, PlannedOrder, Side } from '../core/types.js';
import { clockTime, inr, orderLine, sideWord, waitTarget } from './format.js';
import { statusTone, type Tone } from './theme.js';

/**
 * The TUI as one pure state machine:
 * review → confirming(side, round) → executing (waiting/countdown inside) → … → done | declined | cancelled | failed.
 * The first terminal state wins; actions that do not fit the phase are ignored.
 */
export interface PendingBatch {
  round: number;
  side: Side;
  orders: PlannedOrder[];
}

export interface MarketWait {
  until: number;
  reason: WaitReason;
  detail: string;
  remainingMs: number;
}

/** Sells waiting for a CDSL authorisation (TPIN): `r` re-checks now, `s` skips them. */
export interface AuthorisationWait {
  shortfalls: AuthorisationShortfall[];
  url: string | null;
  instructions: string;
  until: number;
  remainingMs: number;
}

export interface LogLine {
  id: number;
  at: number;
  tone: Tone;
  text: string;
}

interface Shared {
  plan: Plan;
  runId: string | null;
  /** Latest view of every leg seen so far, in order of first sight. */
  orders: OrderStatusView[];
  /** Append-only: rendered once each, in <Static>. */
  log: LogLine[];
  wait: MarketWait | null;
  authorisation: AuthorisationWait | null;
  /** The engine generator has returned or thrown (or there is none): the app may exit once terminal. */
  settled: boolean;
}

export type Phase = State['phase'];

export type State = Shared &
  (
    | { phase: 'review' }
    | { phase: 'confirming'; batch: PendingBatch }
    | { phase: 'executing' }
    | { phase: 'done'; summary: RunSummary | null }
    | { phase: 'declined'; batch: { round: number; side: Side }; summary: RunSummary | null }
    | { phase: 'cancelled'; message: string; forced: boolean }
    | { phase: 'failed'; message: string; error: unknown }
  );

export type Action =
  | { type: 'engine'; event: EngineEvent }
  | { type: 'confirm-requested'; batch: PendingBatch }
  | { type: 'answered'; confirmed: boolean }
  /** Ctrl+C or a signal; a second one while cancelling forces the exit. */
  | { type: 'cancel'; message: string }
  /** The generator returned (summary) or there was nothing to execute (null). */
  | { type: 'finished'; summary: RunSummary | null }
  | { type: 'threw'; message: string; cancelled: boolean; error: unknown };

const TERMINAL = new Set<Phase>(['done', 'declined', 'cancelled', 'failed']);
export const isTerminal = (s: State): boolean => TERMINAL.has(s.phase);

export function initialState(plan: Plan, settled = false): State {
  return { phase: 'review', plan, runId: null, orders: [], log: [], wait: null, authorisation: null, settled };
}

function logged(s: State, at: number, tone: Tone, text: string): State {
  const id = (s.log.at(-1)?.id ?? 0) + 1;
  return { ...s, log: [...s.log, { id, at, tone, text: `${clockTime(at)} ${text}` }] };
}

function withOrder(s: State, o: OrderStatusView): State {
  const i = s.orders.findIndex((x) => x.legId === o.legId);
  const orders = i < 0 ? [...s.orders, o] : s.orders.map((x, j) => (j === i ? o : x));
  return { ...s, orders };
}

/** Engine events while the run is live: state updates plus one log line where a person wants one. */
function onEvent(s: State, e: EngineEvent): State {
  switch (e.type) {
    case 'run-started':
      return logged({ ...s, runId: e.runId }, e.at, 'muted', `run ${e.runId} started (${e.mode}, ${e.legs} orders planned)`);
    case 'waiting':
      return logged({ ...s, wait: { until: e.until, reason: e.reason, detail: e.detail, remainingMs: e.until - e.at } }, e.at, 'warning', `waiting until ${waitTarget(e.until)}: ${e.detail}`);
    case 'countdown':
      return s.wait ? { ...s, wait: { ...s.wait, until: e.until, remainingMs: e.remainingMs } } : s;
    case 'wait-over':
      return logged({ ...s, wait: null }, e.at, 'info', 'wait over: placing orders');
    case 'batch':
      return logged(s, e.at, 'info', `round ${e.round}: ${e.orders.length} ${sideWord(e.side, false)} order(s) ready`);
    case 'batch-confirmed':
      return logged(s, e.at, e.confirmed ? 'success' : 'warning', `round ${e.round}: ${sideWord(e.side)} ${e.confirmed ? 'confirmed' : 'declined'}`);
    case 'order':
      return logged(withOrder(s, e.order), e.at, statusTone(e.order.status), orderLine(e.order));
    case 'retry':
      return logged(s, e.at, 'warning', `retry ${e.legId} #${e.attempt} in ${(e.delayMs / 1000).toFixed(1)}s: ${e.reason}`);
    case 'replanned':
      return logged({ ...s, plan: e.plan }, e.at, 'info', `round ${e.round} re-planned: ${e.plan.orders.length} order(s) (${e.reason})`);
    case 'cash':
      return logged(s, e.at, 'muted', `cash available ${inr(e.available)}: ${e.note}`);
    case 'warning':
      return logged(s, e.at, 'warning', `warning: ${e.message}${e.hint ? ` (hint: ${e.hint})` : ''}`);
    case 'reauth-needed':
      return logged(s, e.at, 'warning', `session expired: ${e.message}`);
    case 'authorisation-needed': {
      const authorisation = { shortfalls: e.shortfalls, url: e.url, instructions: e.instructions, until: e.until, remainingMs: e.until - e.at };
      return logged({ ...s, authorisation }, e.at, 'warning', `CDSL authorisation (TPIN) needed before selling: ${e.shortfalls.map(describeShortfall).join(', ')}`);
    }
    case 'authorisation-check':
      return s.authorisation ? { ...s, authorisation: { ...s.authorisation, shortfalls: e.pending, until: e.until, remainingMs: e.remainingMs } } : s;
    case 'authorisation-done':
      return logged(
        { ...s, authorisation: null },
        e.at,
        e.skipped.length ? 'warning' : 'success',
        `CDSL authorisation: ${e.authorised.length ? `${e.authorised.join(', ')} authorised` : 'nothing authorised'}${e.skipped.length ? `; still short: ${e.skipped.map(describeShortfall).join(', ')} (${e.reason ?? 'not authorised'})` : ''}`,
      );
    case 'run-finished':
      return logged({ ...s, phase: 'done', summary: e.summary, wait: null }, e.at, e.summary.complete ? 'success' : 'warning', `run ${e.summary.runId} finished: ${e.summary.message}`);
  }
}

export function reducer(s: State, a: Action): State {
  switch (a.type) {
    case 'engine':
      if (!isTerminal(s)) return onEvent(s, a.event);
      // After a decline the engine still finishes the run (skips, journal): keep its summary, nothing else.
      if (s.phase === 'declined' && a.event.type === 'run-finished') return { ...s, summary: a.event.summary };
      return s;
    case 'confirm-requested':
      if (s.phase !== 'review' && s.phase !== 'executing') return s;
      return { ...s, phase: 'confirming', batch: a.batch };
    case 'answered':
      if (s.phase !== 'confirming') return s;
      if (a.confirmed) return { ...s, phase: 'executing' };
      return { ...s, phase: 'declined', batch: { round: s.batch.round, side: s.batch.side }, summary: null, wait: null };
    case 'cancel':
      if (s.phase === 'cancelled') return { ...s, forced: true };
      if (isTerminal(s)) return s;
      return { ...s, phase: 'cancelled', message: a.message, forced: false, wait: null };
    case 'finished':
      if (s.phase === 'done' || s.phase === 'declined') return { ...s, settled: true, summary: s.summary ?? a.summary };
      if (isTerminal(s)) return { ...s, settled: true };
      return { ...s, phase: 'done', summary: a.summary, settled: true, wait: null };
    case 'threw':
      // The engine's own cancellation message says what was placed and how to resume: it refines ours.
      if (s.phase === 'cancelled') return { ...s, settled: true, ...(a.cancelled ? { message: a.message } : {}) };
      if (isTerminal(s)) return { ...s, settled: true };
      if (a.cancelled) return { ...s, phase: 'cancelled', message: a.message, forced: false, settled: true, wait: null };
      return { ...s, phase: 'failed', message: a.message, error: a.error, settled: true, wait: null };
  }
}

export type TuiOutcome = 'done' | 'declined' | 'cancelled' | 'dry-run';
export interface TuiResult {
  outcome: TuiOutcome;
  summary?: RunSummary;
}

/** What the app hands back on exit; null while it must keep running. A failure exits with its error instead. */
export function exitValue(s: State, dryRun: boolean): { result: TuiResult } | { error: unknown } | null {
  if (s.phase === 'cancelled' && (s.settled || s.forced)) return { result: { outcome: 'cancelled' } };
  if (!s.settled) return null;
  switch (s.phase) {
    case 'done':
      if (dryRun) return { result: { outcome: 'dry-run' } };
      return { result: s.summary ? { outcome: 'done', summary: s.summary } : { outcome: 'done' } };
    case 'declined':
      return { result: s.summary ? { outcome: 'declined', summary: s.summary } : { outcome: 'declined' } };
    case 'failed':
      return { error: s.error };
    default:
      return null;
  }
}
