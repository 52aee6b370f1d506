/**
 * Domain types shared by every layer. Amounts are rupees as JS numbers rounded to paise (2 dp) at the
 * edges; code that sums money converts to integer paise with `money.ts`. Quantities are integers.
 */
export type Side = 'BUY' | 'SELL';

export interface BasketMeta {
  format: 'stocks' | 'weights';
  reasonSummary?: string;
  creationDate?: string;
}

export interface Basket {
  file: string;
  /** NSE symbol → target weight (0..1). Duplicates already merged. */
  weights: Record<string, number>;
  /** 1 − Σ weights (≥ 0): the part of the account the basket wants in cash. */
  cashWeight: number;
  warnings: string[];
  meta: BasketMeta;
}

export type PriceSource = 'ltp' | 'holdings' | 'positions' | 'instruments' | 'file';

export interface PriceQuote {
  price: number;
  source: PriceSource;
  /** true when not a live quote (holdings/positions/instruments fallback, or the user's --prices file). */
  stale: boolean;
}

/** One symbol of the account as the planner sees it (NSE, holdings and CNC positions merged). */
export interface SnapshotLine {
  tradingsymbol: string;
  /** 'BSE' only for a holding NSE does not list (never traded). */
  exchange: 'NSE' | 'BSE';
  isin?: string;
  /** Kite's average cost per share of the holding (₹), when it reports one: the tax estimate's cost without lots. */
  averagePrice?: number;
  /** Held now: shares held at the start of the day (T1 and pledged included) + today's net CNC position. */
  quantity: number;
  /** What may be sold now (excludes collateral/pledged and unauthorised quantity). */
  sellable: number;
  t1Quantity: number;
  collateralQuantity: number;
  /** Quantity that needs CDSL authorisation before it can be sold (no DDPI). */
  unauthorisedQuantity: number;
  /**
   * Why this symbol must not be traded at all (neither bought nor sold): the holdings fields leave the number
   * held unknown, or NSE does not list it. `quantity` is then the lowest reading.
   */
  untradable?: string;
  price: number | null;
  priceSource: PriceSource | null;
  stale: boolean;
  notes: string[];
}

export interface Snapshot {
  /** Cash available for buying now. */
  cash: number;
  lines: SnapshotLine[];
  holdingsValue: number;
  positionsValue: number;
  totalValue: number;
  /** Symbols (held or targeted) for which no price could be found: reported, left out. */
  unpriced: string[];
  warnings: string[];
}

export interface PlannedOrder {
  tradingsymbol: string;
  exchange: 'NSE';
  transaction_type: Side;
  quantity: number;
  /** The price the plan assumed. */
  price: number;
  /**
   * Share of a buy's value kept aside for the price moving, when more than the usual slippage buffer: set for buys
   * priced from a `--prices` file (the previous close).
   */
  price_buffer?: number;
  value: number;
  /** Estimated charges of this order (₹), DP charge included for sells. */
  charges: number;
  reason: string;
  /** Sells, when the plan estimates tax (core/tax): the FIFO lots sold, their gains and the tax this sell adds. */
  tax?: OrderTax;
}

/** The capital-gains tax estimate of one planned sell (docs/tax.md). Money in ₹. */
export interface OrderTax {
  lots: { bought: string | null; quantity: number; cost: number; gain: number; term: 'short' | 'long' }[];
  gain: number;
  short_term_gain: number;
  long_term_gain: number;
  /** Tax and cess this sell adds to the year's, after the year's realised gains and the sells listed before it. */
  tax: number;
  /** Shares sold whose purchase date is unknown (counted short-term). */
  unknown_date: number;
}

/** The plan's tax estimate: totals, the financial year so far, and the long-term exemption left. Money in ₹. */
export interface PlanTax {
  financial_year: string;
  /** Where the lots come from: the imported tradebook, or Kite's average price (holding periods unknown). */
  lots_from: 'tradebook' | 'average-price';
  realised_short_term: number;
  realised_long_term: number;
  short_term_gain: number;
  long_term_gain: number;
  tax: number;
  exemption: number;
  exemption_left_before: number;
  exemption_left_after: number;
  tax_weight: number;
  max_tax: number | null;
  notes: string[];
}

export interface SkippedSymbol {
  tradingsymbol: string;
  reason: string;
}

/** Per-symbol view for the holdings-vs-targets table. Weights are fractions of total value. */
export interface PlanRow {
  tradingsymbol: string;
  price: number | null;
  stale: boolean;
  quantity: number;
  currentWeight: number;
  targetWeight: number;
  drift: number; // currentWeight − targetWeight
  plannedDelta: number; // signed shares
  weightAfter: number;
}

export interface PlannerOptions {
  minOrderValue: number; // ₹ (default: core/run-options.ts)
  cashReserve: number; // ₹ kept aside
  /** Fraction of buy value kept aside for the price moving (slippage), default 0.005. */
  slippageBuffer: number;
  /**
   * % above the LTP at which Kite blocks a MARKET buy's funds (its market protection; the app passes the % assumed
   * for auto, core/market-protection.ts); default 0. Compounds with the slippage buffer.
   */
  marketProtectionPct: number;
  buyOnly: boolean;
  /** |current − target| weight below which a symbol is left alone. */
  driftBand: number;
  /** MILP time limit; default 1500 ms. The greedy result stands when the solver runs out of time. */
  timeLimitMs: number;
  /** ISO date (IST) used for the charge schedule. */
  tradeDate: string;
  /** With a tax book: what a rupee of estimated tax costs against a rupee of drift (0 = tax-blind). Default 1. */
  taxWeight: number;
  /** With a tax book: the plan's estimated tax may not exceed this (₹); null = no cap. */
  maxTax: number | null;
}

export interface Plan {
  orders: PlannedOrder[];
  skipped: SkippedSymbol[];
  rows: PlanRow[];
  drift_before: number;
  drift_after: number;
  cash_after: number;
  charges: number;
  /** Present when the plan was made with a tax book (core/tax). */
  tax?: PlanTax;
  solver: { method: 'milp' | 'greedy' | 'none'; status: string; ms: number; objective?: number };
}

/** A leg is one intended order of a run: the unit of idempotency. */
export interface Leg {
  /** Stable id within a run, e.g. "r1-S-003". */
  legId: string;
  /** Kite tag (≤ 20 chars, alphanumeric) derived from run id and leg. */
  tag: string;
  round: number;
  order: PlannedOrder;
}
