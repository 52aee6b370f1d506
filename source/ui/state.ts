import type { EngineEvent, OrderStatusView, RunSummary, WaitReason } from '../core/events.js';
import { isFinalStatus } from '../core/order-status.js';
import type { AuthorisationShortfall } from '../core/sell-authorisation.js';
import type { Plan, PlannedOrder, Side } from '../core/types.js';
import { declinedText, reconfirmedText } from '../present/confirm.js';
import { describeEvent, timedText } from '../present/events.js';
import type { Tone } from '../present/tone.js';

/**
 * The TUI as one pure state machine:
 * review → confirming(side, round) → executing (waiting/countdown inside) → … → done | cancelled | failed.
 * The first terminal state wins; actions that do not fit the phase are ignored.
 */
export interface PendingBatch {
  round: number;
  side: Side;
  orders: PlannedOrder[];
  /** Asked again after a wait or a re-login with different orders: what had been confirmed. */
  previous?: PlannedOrder[];
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

/** One item of the history printed once (<Static>): an event's line, or an order's finished row. */
export interface LogLine {
  id: number;
  at: number;
  tone: Tone;
  text: string;
  /** Set for an order that reached its end state: drawn as the same row it had while live. */
  order?: OrderStatusView;
}

export interface AnsweredBatch {
  round: number;
  side: Side;
  orders: PlannedOrder[];
  confirmed: boolean;
}

/** A place or decline key pressed while no prompt was on screen: the next prompt takes it. */
export type TypeAhead = 'place' | 'decline';

export type ScrollMove = 'up' | 'down' | 'page-up' | 'page-down';

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
  /** Every batch answered, in order (what was placed and what was skipped). */
  answered: AnsweredBatch[];
  typeAhead: TypeAhead | null;
  /** A `y` typed before a live prompt appeared: shown on the prompt, never applied to real orders. */
  earlyPlace: boolean;
  /** The selected row of the review table (its reason is spelled out under the table). */
  cursor: number;
  /** First row of the review table on screen. */
  scroll: number;
  /** Order ids shown on the execution rows (the `d` toggle). */
  details: boolean;
  /** The basket's reason summary spelled out on the review screen (the `b` toggle). */
  basketOpen: boolean;
  /** Clock times at which orders reached the exchange (got their id): the order rate. */
  placedAt: number[];
  /** Legs whose finished row is in the history already (the others of the batch still show on the live screen). */
  filed: string[];
  /** The clock time of the latest event. */
  lastAt: number | null;
}

export type Phase = State['phase'];

export type State = Shared &
  (
    | { phase: 'review' }
    | { phase: 'confirming'; batch: PendingBatch }
    | { phase: 'executing' }
    | { phase: 'done'; summary: RunSummary | null }
    | { phase: 'cancelled'; message: string; forced: boolean }
    | { phase: 'failed'; message: string; error: unknown }
  );

export type Action =
  | { type: 'engine'; event: EngineEvent }
  | { type: 'confirm-requested'; batch: PendingBatch }
  | { type: 'answered'; confirmed: boolean }
  /** A batch asked again unchanged after a wait or a re-login: answered yes without asking. */
  | { type: 'reconfirmed'; round: number; side: Side; orders: PlannedOrder[]; at: number }
  | { type: 'typed-ahead'; key: TypeAhead }
  | { type: 'early-place' }
  | { type: 'scroll'; move: ScrollMove; page: number; rows: number }
  | { type: 'toggle-details' }
  | { type: 'toggle-basket' }
  /** A line said outside the engine while the run is on (a re-login's progress): into the history. */
  | { type: 'notice'; text: string }
  /** Ctrl+C, q or a signal; a second one while cancelling forces the exit. */
  | { type: 'cancel'; message: string }
  /** The generator returned (summary) or there was nothing to execute (null). */
  | { type: 'finished'; summary: RunSummary | null }
  | { type: 'threw'; message: string; cancelled: boolean; error: unknown };

const TERMINAL = new Set<Phase>(['done', 'cancelled', 'failed']);
export const isTerminal = (s: State): boolean => TERMINAL.has(s.phase);

export function initialState(plan: Plan, settled = false): State {
  return {
    phase: 'review',
    plan,
    runId: null,
    orders: [],
    log: [],
    wait: null,
    authorisation: null,
    settled,
    answered: [],
    typeAhead: null,
    earlyPlace: false,
    cursor: 0,
    scroll: 0,
    details: false,
    basketOpen: false,
    placedAt: [],
    filed: [],
    lastAt: null,
  };
}

function logged(s: State, at: number, tone: Tone, text: string, order?: OrderStatusView): State {
  const id = (s.log.at(-1)?.id ?? 0) + 1;
  return { ...s, log: [...s.log, { id, at, tone, text: timedText(at, text), ...(order ? { order } : {}) }] };
}

function withOrder(s: State, o: OrderStatusView, at: number): State {
  const i = s.orders.findIndex((x) => x.legId === o.legId);
  const before = i < 0 ? null : (s.orders[i] as OrderStatusView);
  const orders = i < 0 ? [...s.orders, o] : s.orders.map((x, j) => (j === i ? o : x));
  const placed = o.order_id !== null && before?.order_id !== o.order_id;
  return { ...s, orders, ...(placed ? { placedAt: [...s.placedAt, at] } : {}) };
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
      return withOrder(s, e.order, e.at);
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

/**
 * Ticks shown on a live line (countdown, authorisation re-checks) and the steps of an order (its row on the live
 * screen updates in place) do not go to the history.
 */
const LIVE_ONLY = new Set<EngineEvent['type']>(['countdown', 'authorisation-check', 'order']);
/**
 * Where a batch's work ends: its finished rows move into the history then, all together and in order. Until
 * then a row stays live, so an order refused before the open and tried again stays one row that changes.
 */
const BATCH_ENDS = new Set<EngineEvent['type']>(['batch', 'cash', 'replanned', 'waiting', 'authorisation-needed', 'reauth-needed', 'run-finished']);

/** The finished rows not yet in the history, written to it now. */
export function fileFinished(s: State, at: number): State {
  const done = s.orders.filter((o) => isFinalStatus(o.status) && !s.filed.includes(o.legId));
  let next: State = { ...s, filed: [...s.filed, ...done.map((o) => o.legId)] };
  for (const o of done) {
    const { tone, text } = describeEvent({ type: 'order', at, order: o });
    next = logged(next, at, tone, text, o);
  }
  return next;
}

function onEvent(s: State, e: EngineEvent): State {
  const before = BATCH_ENDS.has(e.type) ? fileFinished(s, e.at) : s;
  const next = { ...applyEvent(before, e), lastAt: e.at };
  if (LIVE_ONLY.has(e.type)) return next;
  const { tone, text } = describeEvent(e);
  return logged(next, e.at, tone, text);
}

/** Moves the selected row (a page moves the window with it) and keeps it inside the window of `page` rows. */
function scrolled(s: State, move: ScrollMove, page: number, rows: number): State {
  const paging = move === 'page-up' || move === 'page-down';
  const step = move === 'up' ? -1 : move === 'down' ? 1 : move === 'page-up' ? -page : page;
  const cursor = Math.min(Math.max(0, rows - 1), Math.max(0, s.cursor + step));
  const from = paging ? s.scroll + step : s.scroll;
  const top = cursor < from ? cursor : cursor >= from + page ? cursor - page + 1 : from;
  return { ...s, cursor, scroll: Math.min(Math.max(0, rows - page), Math.max(0, top)) };
}

export function reducer(s: State, a: Action): State {
  switch (a.type) {
    case 'engine':
      return isTerminal(s) ? s : onEvent(s, a.event);
    case 'confirm-requested':
      if (s.phase !== 'review' && s.phase !== 'executing') return s;
      return { ...s, phase: 'confirming', batch: a.batch, earlyPlace: false };
    case 'answered': {
      if (s.phase !== 'confirming') return s;
      const { round, side, orders } = s.batch;
      const next: State = {
        ...s,
        phase: 'executing',
        answered: [...s.answered, { round, side, orders, confirmed: a.confirmed }],
        typeAhead: null,
        earlyPlace: false,
      };
      return a.confirmed ? next : logged(next, s.lastAt ?? 0, 'warning', declinedText(round, side, orders));
    }
    case 'reconfirmed': {
      if (s.phase !== 'review' && s.phase !== 'executing') return s;
      const next: State = { ...s, answered: [...s.answered, { round: a.round, side: a.side, orders: a.orders, confirmed: true }] };
      return logged(next, a.at, 'success', reconfirmedText(a.round, a.side));
    }
    case 'typed-ahead':
      return isTerminal(s) ? s : { ...s, typeAhead: a.key };
    case 'early-place':
      return s.phase === 'confirming' ? { ...s, typeAhead: null, earlyPlace: true } : s;
    case 'scroll':
      return scrolled(s, a.move, a.page, a.rows);
    case 'toggle-details':
      return { ...s, details: !s.details };
    case 'toggle-basket':
      return { ...s, basketOpen: !s.basketOpen };
    case 'notice':
      return logged(s, s.lastAt ?? 0, 'warning', a.text);
    case 'cancel': {
      if (s.phase === 'cancelled') return { ...s, forced: true };
      if (isTerminal(s)) return s;
      return { ...fileFinished(s, s.lastAt ?? 0), phase: 'cancelled', message: a.message, forced: false, wait: null };
    }
    case 'finished': {
      if (s.phase === 'done') return { ...s, settled: true, summary: s.summary ?? a.summary };
      if (isTerminal(s)) return { ...s, settled: true };
      return { ...fileFinished(s, s.lastAt ?? 0), phase: 'done', summary: a.summary, settled: true, wait: null };
    }
    case 'threw': {
      // The engine's own cancellation message says what was placed and what to do next: it refines ours.
      if (s.phase === 'cancelled') return { ...s, settled: true, ...(a.cancelled ? { message: a.message } : {}) };
      if (isTerminal(s)) return { ...s, settled: true };
      const filed = fileFinished(s, s.lastAt ?? 0);
      if (a.cancelled) return { ...filed, phase: 'cancelled', message: a.message, forced: false, settled: true, wait: null };
      return { ...filed, phase: 'failed', message: a.message, error: a.error, settled: true, wait: null };
    }
  }
}

/** The buys were declined after sells had been placed: the sale proceeds sit idle. */
export function buysDeclinedAfterSells(s: Pick<State, 'answered'>): boolean {
  return s.answered.some((b) => b.side === 'BUY' && !b.confirmed) && s.answered.some((b) => b.side === 'SELL' && b.confirmed);
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
    case 'done': {
      if (dryRun) return { result: { outcome: 'dry-run' } };
      // Every batch declined, nothing placed: the user chose to do nothing (exit 0).
      const declinedAll = s.answered.length > 0 && s.answered.every((b) => !b.confirmed) && (s.summary?.placed ?? 0) === 0;
      const outcome = declinedAll ? 'declined' : 'done';
      return { result: s.summary ? { outcome, summary: s.summary } : { outcome } };
    }
    case 'failed':
      return { error: s.error };
    default:
      return null;
  }
}
