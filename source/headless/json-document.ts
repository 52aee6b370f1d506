import type { RunSummary } from '../core/events.js';
import type { Basket, Plan, Snapshot } from '../core/types.js';

/** The --json document of docs/architecture.md: the only thing written to stdout with --json. */
export interface JsonDocument {
  mode: 'dry-run' | 'live' | 'paper';
  user_id: string | null;
  basket: { file: string; weights: Record<string, number>; cash_weight: number; warnings: string[]; meta: Basket['meta'] };
  snapshot: {
    cash: number;
    holdings_value: number;
    positions_value: number;
    total_value: number;
    holdings: {
      tradingsymbol: string;
      exchange: string;
      quantity: number;
      sellable: number;
      t1_quantity: number;
      collateral_quantity: number;
      unauthorised_quantity: number;
      /** Why the symbol is not traded at all (holdings fields contradict each other, not listed on NSE). */
      untradable?: string;
      price: number | null;
      price_source: string | null;
      stale: boolean;
      notes: string[];
    }[];
    unpriced: string[];
    warnings: string[];
  } | null;
  plan: (Omit<Plan, 'rows' | 'solver'> & { rows: Plan['rows']; solver: Plan['solver'] }) | null;
  /** `cash_left`: ₹ in the account after the run, null when it was not read again. */
  execution: { run_id: string; complete: boolean; message: string; cash_left: number | null; orders: RunSummary['orders']; run_again_at?: string } | null;
  error?: { kind: string; message: string; hint?: string };
}

export function jsonDocument(input: {
  mode: JsonDocument['mode'];
  userId: string | null;
  basket: Basket;
  snapshot?: Snapshot;
  plan?: Plan;
  summary?: RunSummary;
}): JsonDocument {
  const { basket, snapshot, plan, summary } = input;
  return {
    mode: input.mode,
    user_id: input.userId,
    basket: { file: basket.file, weights: basket.weights, cash_weight: basket.cashWeight, warnings: basket.warnings, meta: basket.meta },
    snapshot: snapshot
      ? {
          cash: snapshot.cash,
          holdings_value: snapshot.holdingsValue,
          positions_value: snapshot.positionsValue,
          total_value: snapshot.totalValue,
          holdings: snapshot.lines.map((l) => ({
            tradingsymbol: l.tradingsymbol,
            exchange: l.exchange,
            quantity: l.quantity,
            sellable: l.sellable,
            t1_quantity: l.t1Quantity,
            collateral_quantity: l.collateralQuantity,
            unauthorised_quantity: l.unauthorisedQuantity,
            ...(l.untradable ? { untradable: l.untradable } : {}),
            price: l.price,
            price_source: l.priceSource,
            stale: l.stale,
            notes: l.notes,
          })),
          unpriced: snapshot.unpriced,
          warnings: snapshot.warnings,
        }
      : null,
    plan: plan ?? null,
    execution: summary
      ? {
          run_id: summary.runId,
          complete: summary.complete,
          message: summary.message,
          cash_left: summary.cashLeft ?? null,
          orders: summary.orders,
          ...(summary.runAgainAt !== undefined ? { run_again_at: new Date(summary.runAgainAt).toISOString() } : {}),
        }
      : null,
  };
}
