import type { Broker } from '../broker/port.js';
import type { Clock } from '../core/clock.js';
import type { ConfirmBatch } from '../core/events.js';
import { istDate } from '../core/ist.js';
import { planRebalance } from '../core/planner/index.js';
import { plannerOptionsOf, type RunOptions } from '../core/run-options.js';
import { buildTaxBook } from '../core/tax/tax-book.js';
import type { Trade } from '../core/tax/trades.js';
import type { Basket, Plan, Snapshot } from '../core/types.js';
import type { EngineDeps } from '../engine/index.js';
import type { Stores } from '../store/index.js';
import type { Backend } from './backend.js';
import type { Connected } from './connect.js';
import { backendAuthoriser } from './backend-authoriser.js';
import type { AuthorisationKey } from '../engine/sell-authoriser.js';

/** The account's broker, replaced after a re-login; snapshots and the engine always use the current one. */
export interface BrokerHolder {
  current: Broker;
}

export function engineDeps(input: {
  backend: Backend;
  stores: Stores;
  account: Connected;
  broker: BrokerHolder;
  confirm: ConfirmBatch;
  planner: EngineDeps['planner'];
  snapshot: () => Promise<Snapshot>;
  relogin: boolean;
  /** The TUI's `r` (re-check now) and `s` (skip) while sells wait for a CDSL authorisation. */
  authorisationKeys?: { next(signal: AbortSignal): Promise<AuthorisationKey> };
}): EngineDeps {
  const { backend, stores, account, broker } = input;
  return {
    broker: broker.current,
    clock: backend.clock,
    calendar: backend.calendar,
    journal: stores.journal,
    lock: stores.lock,
    confirm: input.confirm,
    planner: input.planner,
    snapshot: input.snapshot,
    authorise: backendAuthoriser(backend, broker, input.authorisationKeys),
    ...(input.relogin
      ? {
          reauth: async () => {
            broker.current = await account.relogin();
            return broker.current;
          },
        }
      : {}),
  };
}

/**
 * The planner with a run's options, charges by the trading date of the moment it plans. With `trades` (the account's
 * imported tradebook and the journal's fills, read again for each plan), every plan carries its tax estimate and
 * weighs it (core/tax).
 */
export const plannerFor =
  (clock: Clock, trades?: () => Promise<Trade[]>) =>
  async (basket: Basket, snapshot: Snapshot, options: RunOptions): Promise<Plan> => {
    const tradeDate = istDate(clock.now());
    const taxBook = trades ? buildTaxBook({ trades: await trades(), holdings: snapshot.lines, tradeDate }) : undefined;
    return planRebalance(basket, snapshot, { ...plannerOptionsOf(options, tradeDate), ...(taxBook ? { taxBook } : {}) });
  };
