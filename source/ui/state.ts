import type { EngineEvent, OrderStatusView, RunSummary, WaitReason } from '../core/events.js';
import type { AuthorisationShortfall } from '../core/sell-authorisation.js';
import type { Plan, PlannedOrder, Side } from '../core/types.js';
import { describeEvent, timedText } from '../present/events.js';
import type { Tone } from '../present/tone.js';

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
  return { ...s, log: [...s.log, { id, at, tone, text: timedText(at, text) }] };
}

function withOrder(s: State, o: OrderStatusView): State {
  const i = s.orders.findIndex((x) => x.legId === o.legId);
  const orders = i < 0 ? [...s.orders, o] : s.orders.map((x, j) => (j === i ? o : x));
  return { ...s, orders };
}

/** What an engine event changes in the run's state (its words come from describeEvent). */
function applyEvent(s: State, e: EngineEvent): State {
  switch (e.type) {
    case 'run-started':
      return { ...s, runId: e.runId };
    case 'waiting':
      return { ...s, wait: { until: e.until, reason: e.reason, detail: e.detail, remainingMs: e.until - e.at } };
    case 'countdown':
      return s.wait ? { ...s, wait: { ...s.wait, until: e.until, remainingMs: e.remainingMs } } : s;
    case 'wait-over':
      return { ...s, wait: null };
    case 'order':
      return withOrder(s, e.order);
    case 'replanned':
      return { ...s, plan: e.plan };
    case 'authorisation-needed':
      return { ...s, authorisation: { shortfalls: e.shortfalls, url: e.url, instructions: e.instructions, until: e.until, remainingMs: e.until - e.at } };
    case 'authorisation-check':
      return s.authorisation ? { ...s, authorisation: { ...s.authorisation, shortfalls: e.pending, until: e.until, remainingMs: e.remainingMs } } : s;
    case 'authorisation-done':
      return { ...s, authorisation: null };
    case 'run-finished':
      return { ...s, phase: 'done', summary: e.summary, wait: null };
    default:
      return s;
  }
}

/** Ticks the TUI shows on a live line (the countdown, the authorisation wait) rather than in its log. */
const LIVE_ONLY = new Set<EngineEvent['type']>(['countdown', 'authorisation-check']);

/** Engine events while the run is live: state updates plus one log line each, except the live-line ticks. */
function onEvent(s: State, e: EngineEvent): State {
  const next = applyEvent(s, e);
  if (LIVE_ONLY.has(e.type)) return next;
  const { tone, text } = describeEvent(e);
  return logged(next, e.at, tone, text);
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
