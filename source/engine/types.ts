import type { Broker } from '../broker/port.js';
import type { MarketCalendar } from '../core/calendar.js';
import type { Clock } from '../core/clock.js';
import type { ConfirmBatch } from '../core/events.js';
import type { Basket, Plan, Snapshot } from '../core/types.js';
import type { AccountLock, Journal } from '../store/ports.js';

export interface EngineDeps {
  broker: Broker;
  clock: Clock;
  calendar: MarketCalendar;
  journal: Journal;
  lock: AccountLock;
  confirm: ConfirmBatch;
  /** Plans from a snapshot (the CLI closes over the planner options). */
  planner: (basket: Basket, snapshot: Snapshot) => Promise<Plan>;
  /** A fresh snapshot of the account, for sizing buys after the sells and for repair rounds. */
  snapshot: () => Promise<Snapshot>;
  random?: () => number;
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
  amo: boolean;
  /** Rounds in all, the first included (default 3). */
  maxRounds: number;
  /** ₹: stop repairing once Σ|target − current| value is at most this. */
  targetDeficit?: number;
  /** An order still OPEN this long after it went live is cancelled; its remainder goes to the next round. */
  openOrderTimeoutMs: number;
  /** Order-book polling interval (clock ms). */
  pollIntervalMs: number;
  /** Countdown tick while waiting for the market (clock ms, default 1000). */
  countdownTickMs: number;
  basketFile: string;
  /** Kite market_protection for MARKET orders: -1 = automatic (default), or 1–100 %. */
  marketProtection?: number;
  /**
   * The % Kite's automatic protection (-1) is taken to be when buys are sized against the cash (funds are blocked
   * at LTP × (1 + p %)); default AUTO_MARKET_PROTECTION_ASSUMED_PCT (core/market-protection.ts).
   */
  autoProtectionPct?: number;
}

/** Options of `resumeRun`: user and basket come from the journalled run unless given. */
export type ResumeOptions = Omit<EngineOptions, 'runId' | 'userId' | 'basketFile'> & Partial<Pick<EngineOptions, 'userId' | 'basketFile'>>;
