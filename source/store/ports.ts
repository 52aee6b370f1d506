/**
 * Storage ports. Two implementations each: embedded (a 0600 JSON file under KITE_REBALANCE_HOME, atomic
 * writes, safe under two processes) and MongoDB (collections `zerodha_tokens`, `rebalance_runs`, `rebalance_lots`).
 */
import type { Trade } from '../core/tax/trades.js';

/** Same fields as the original tool's MongoDB document, so a user can move between stores. */
export interface TokenRecord {
  user_id: string;
  encrypted_access_token: string; // Fernet token (urlsafe base64)
  created_time: string; // ISO instant
  is_active: boolean;
  expires_at?: string; // ISO instant: 06:00 IST the day after login
  user_name?: string;
  api_key?: string; // which app the token belongs to (a token is only valid for its api_key)
}

export interface TokenStore {
  /** All records, most recently created first. */
  list(): Promise<TokenRecord[]>;
  get(userId: string): Promise<TokenRecord | null>;
  /** Insert or replace by user_id (unique). */
  upsert(record: TokenRecord): Promise<void>;
  deactivate(userId: string): Promise<void>;
  close(): Promise<void>;
}

export type RunStatus = 'planned' | 'running' | 'finished' | 'failed' | 'cancelled';

export interface RunRecord {
  run_id: string;
  user_id: string;
  mode: 'live' | 'paper' | 'dry-run';
  basket_file: string;
  created_at: string; // ISO
  updated_at: string; // ISO
  status: RunStatus;
  /** The plan and legs as JSON (Plan, Leg[]): enough to resume. */
  plan: unknown;
  legs: unknown[];
  /** The run options (core/run-options.ts) it was started with; `resume` uses them. Absent in older records. */
  options?: unknown;
  summary?: unknown;
}

/** Append-only entries: an intent before each placement, the broker's answer after, state changes. */
export interface JournalEntry {
  run_id: string;
  seq?: number; // assigned by the store
  at: string; // ISO
  type: 'intent' | 'placed' | 'place-failed' | 'order-state' | 'note' | 'status';
  leg_id?: string;
  tag?: string;
  order_id?: string;
  data?: unknown;
}

export interface Journal {
  createRun(run: RunRecord): Promise<void>;
  updateRun(runId: string, patch: Partial<Omit<RunRecord, 'run_id'>>): Promise<void>;
  getRun(runId: string): Promise<RunRecord | null>;
  listRuns(limit?: number): Promise<RunRecord[]>;
  append(entry: JournalEntry): Promise<void>;
  entries(runId: string): Promise<JournalEntry[]>;
  close(): Promise<void>;
}

export interface LockHandle {
  release(): Promise<void>;
}

/** One run per account: acquire fails with an AppError('store') naming the holder (pid/host/run id). */
export interface AccountLock {
  acquire(accountId: string, holder: { runId: string; pid: number; host: string }, leaseMs?: number): Promise<LockHandle>;
  /** The run holding the account's lock now (a stale lock counts as free), or null. */
  holder(accountId: string): Promise<{ runId: string } | null>;
}

/**
 * The trades imported from an account's Console tradebook (`kite-rebalance lots import`); the lots are derived from
 * them by FIFO (core/tax), together with the fills in the journal.
 */
export interface LotStore {
  /** The account's imported trades, oldest first ([] when none). */
  trades(accountId: string): Promise<Trade[]>;
  /**
   * Adds trades, skipping those whose exchange and trade id are already stored; all or nothing, safe under two
   * processes. Returns how many were added.
   */
  addTrades(accountId: string, trades: readonly Trade[]): Promise<number>;
}
