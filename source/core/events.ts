import type { OrderState } from './order-status.js';
import type { AuthorisationShortfall } from './sell-authorisation.js';
import type { Leg, Plan, PlannedOrder, Side } from './types.js';

/**
 * The engine's event stream. The headless runner and the Ink TUI both consume exactly this union:
 * every event is plain data (JSON-serialisable), ordered, and carries the clock time it happened at.
 */
export type { OrderState } from './order-status.js';

export type WaitReason = 'weekend' | 'holiday' | 'before-open' | 'after-close' | 'pre-open' | 'no-calendar-data';

export interface OrderStatusView {
  legId: string;
  tag: string;
  tradingsymbol: string;
  transaction_type: Side;
  quantity: number;
  order_id: string | null;
  status: OrderState;
  filled_quantity: number;
  average_price: number | null;
  status_message: string | null;
}

export interface WeightAfter {
  tradingsymbol: string;
  weight: number;
  target: number;
}

export interface RunSummary {
  runId: string;
  orders: OrderStatusView[];
  placed: number;
  filled: number;
  rejected: number;
  skipped: number;
  /** true when every leg ended COMPLETE (or nothing needed doing). */
  complete: boolean;
  driftAfter: number | null;
  /** ₹ cash in the account after the run (a fresh read); absent when the run stopped before one was taken. */
  cashLeft?: number;
  /** Each symbol's weight on that same fresh read, against its target; absent when none was taken. */
  weightsAfter?: WeightAfter[];
  message: string;
  /** Set when the session ended before every order was placed: when to run the basket again (epoch ms). */
  runAgainAt?: number;
}

export type EngineEvent =
  | { type: 'run-started'; at: number; runId: string; mode: 'live' | 'paper' | 'dry-run'; legs: number }
  | { type: 'waiting'; at: number; until: number; reason: WaitReason; detail: string }
  | { type: 'countdown'; at: number; until: number; remainingMs: number }
  | { type: 'wait-over'; at: number }
  | { type: 'batch'; at: number; round: number; side: Side; orders: PlannedOrder[] }
  | { type: 'batch-confirmed'; at: number; round: number; side: Side; confirmed: boolean }
  | { type: 'order'; at: number; order: OrderStatusView }
  /** An order tried again: named by its stock and side (the leg id is for the journal). */
  | { type: 'retry'; at: number; legId: string; tradingsymbol: string; side: Side; attempt: number; delayMs: number; reason: string }
  | { type: 'replanned'; at: number; round: number; plan: Plan; reason: string }
  | { type: 'cash'; at: number; available: number; note: string }
  | { type: 'warning'; at: number; message: string; hint?: string }
  | { type: 'reauth-needed'; at: number; message: string }
  /**
   * Sells need more CDSL authorisation (eDIS/TPIN) than today's: `url` is Kite's authorisation page when the
   * API gave a request id (null when it refused: `instructions` then says where to click in Kite). Re-checked
   * until `until` (clock ms).
   */
  | { type: 'authorisation-needed'; at: number; round: number; shortfalls: AuthorisationShortfall[]; url: string | null; instructions: string; until: number }
  /** One re-read of the holdings while waiting: what is still missing. */
  | { type: 'authorisation-check'; at: number; until: number; remainingMs: number; pending: AuthorisationShortfall[] }
  /** The wait is over: sells now authorised, and those left (timeout or skipped by the user, `reason`). */
  | { type: 'authorisation-done'; at: number; round: number; authorised: string[]; skipped: AuthorisationShortfall[]; reason: string | null }
  | { type: 'run-finished'; at: number; summary: RunSummary };

export type EngineEventType = EngineEvent['type'];

/** A batch of sells the engine is about to place; `refusedByKite` after Kite answered HTTP 428 for them. */
export interface AuthoriseRequest {
  round: number;
  sells: { tradingsymbol: string; quantity: number }[];
  refusedByKite: boolean;
}

/** While sells wait for a CDSL authorisation, the TUI's `r` re-checks the holdings now and `s` skips those sells. */
export type AuthorisationKey = 'recheck' | 'skip';

/**
 * Asked by the engine before placing sells: gets whatever CDSL authorisation they need (emitting the
 * `authorisation-*` events) and returns, per symbol, the quantity that may be sold now (absent = all of it).
 */
export type AuthoriseSells = (request: AuthoriseRequest, signal: AbortSignal) => AsyncGenerator<EngineEvent, ReadonlyMap<string, number>>;

/** Asked by the engine before each batch; the TUI resolves it from the keyboard, --quiet answers yes. */
export type ConfirmBatch = (batch: { round: number; side: Side; orders: PlannedOrder[]; legs: Leg[] }) => Promise<boolean>;
