import type { Broker } from '../broker/port.js';
import type { MarketCalendar } from '../core/calendar.js';
import type { Clock } from '../core/clock.js';
import type { AuthoriseSells, ConfirmBatch } from '../core/events.js';
import type { RunOptions } from '../core/run-options.js';
import type { Basket, Plan, Snapshot } from '../core/types.js';
import type { AccountLock, Journal } from '../store/ports.js';

export interface EngineDeps {
  broker: Broker;
  clock: Clock;
  calendar: MarketCalendar;
  journal: Journal;
  lock: AccountLock;
  confirm: ConfirmBatch;
  /** Plans from a snapshot with the run's options (the ones journalled with the run, also on resume). */
  planner: (basket: Basket, snapshot: Snapshot, options: RunOptions) => Promise<Plan>;
  /** A fresh snapshot of the account, for sizing buys after the sells and for repair rounds. */
  snapshot: () => Promise<Snapshot>;
  random?: () => number;
  /**
   * Gets the CDSL authorisation (eDIS/TPIN) sells need before they are placed, and again after Kite refuses
   * one for want of it (HTTP 428). Without it, sells are placed as they are and a 428 is a refusal.
   */
  authorise?: AuthoriseSells;
  /**
   * Called after a TokenException (e.g. a wait crossed 06:00 IST, when Kite tokens expire): log in again and
   * return a broker with the new session, or null to stop (the run can be resumed later). The TUI provides
   * it; the headless runner does not (it fails cleanly). `snapshot` must use the new session too.
   */
  reauth?: () => Promise<Broker | null>;
}

export interface EngineOptions {
  runId?: string;
  userId: string;
  mode: 'live' | 'paper';
  /** What the run was asked to do (amo, rounds, target deficit, market protection, planner options): journalled. */
  run: RunOptions;
  /** An order still OPEN this long after it went live is cancelled; its remainder goes to the next round. */
  openOrderTimeoutMs: number;
  /** Order-book polling interval (clock ms). */
  pollIntervalMs: number;
  /** Countdown tick while waiting for the market (clock ms, default 1000). */
  countdownTickMs: number;
  basketFile: string;
  /**
   * Clock ms by which the run must be done waiting: the end of a Kite session that cannot be renewed (an
   * unattended run, or one on KITE_ACCESS_TOKEN). A wait for the market that would end later stops the run
   * before it waits, saying what was placed and how to continue. Unset: the run may wait as long as it needs.
   */
  mustFinishBy?: number;
}

/** Options of `resumeRun`: the run options come from the journalled run, user and basket too unless given. */
export type ResumeOptions = Omit<EngineOptions, 'runId' | 'userId' | 'basketFile' | 'run'> & Partial<Pick<EngineOptions, 'userId' | 'basketFile'>>;
