/**
 * What `kite-rebalance doctor` reads from a Kite account, and what it concludes. The input shapes name only
 * the Kite fields the checks read (so core needs no Kite wire types); the app fills them from read-only calls.
 */
export type Verdict = 'ok' | 'warning' | 'problem';

export type CheckId = 'session' | 'quotes' | 'demat' | 'holdings-reading' | 'symbols' | 'prices' | 'pledged' | 'positions' | 'open-orders' | 'funds';

export interface DoctorCheck {
  id: CheckId;
  /** Short name shown before the sentence, e.g. "Quotes". */
  title: string;
  verdict: Verdict;
  /** One plain sentence (or two) saying what was found and what it means for a run. */
  sentence: string;
  /** The raw Kite fields that decided the verdict (never a token or any other secret). */
  fields: Record<string, unknown>;
}

/** How a read-only call failed (BrokerError's classification, flattened). */
export interface ReadFailure {
  errorType: string;
  httpStatus?: number;
  message: string;
}

/** One read-only call: its answer, or how it failed. */
export type Read<T> = { ok: true; value: T } | { ok: false; error: ReadFailure };

export interface DoctorProfile {
  user_id: string;
  user_name?: string;
  user_type?: string;
  broker?: string;
  meta?: { demat_consent?: unknown };
}

export interface DoctorMargins {
  enabled?: boolean;
  net?: number;
  available?: { cash?: number; live_balance?: number; collateral?: number };
}

export interface DoctorHolding {
  tradingsymbol: string;
  exchange: string;
  isin?: string;
  instrument_token?: number | string;
  quantity: number;
  t1_quantity?: number;
  realised_quantity?: number;
  opening_quantity?: number;
  used_quantity?: number;
  collateral_quantity?: number;
  collateral_type?: string;
  authorised_quantity?: number;
  authorised_date?: string;
  last_price?: number;
}

export interface DoctorPosition {
  tradingsymbol: string;
  exchange: string;
  product: string;
  quantity: number;
}

export interface DoctorOrder {
  order_id: string;
  status: string;
  tradingsymbol: string;
  exchange: string;
  product: string;
  transaction_type: string;
  quantity: number;
  filled_quantity?: number;
  tag: string | null;
  order_timestamp?: string;
  /** The kite-rebalance run whose tag this is (engine/ids.ts), or null for anyone else's order. */
  run_id: string | null;
}

export interface DoctorInstrument {
  tradingsymbol: string;
  exchange: string;
  segment: string;
  instrument_type: string;
  instrument_token: number | string;
  last_price?: number;
}

export interface DoctorInput {
  nowMs: number;
  /** Where the token came from; the token itself never enters the doctor. */
  session: { userId: string; source: 'env' | 'stored' | 'login'; validUntilMs: number };
  profile: Read<DoctorProfile>;
  margins: Read<DoctorMargins>;
  holdings: Read<DoctorHolding[]>;
  /** `positions.net` */
  positions: Read<DoctorPosition[]>;
  orders: Read<DoctorOrder[]>;
  /** The one `/quote/ltp` call: which instruments were asked for ("NSE:SYM") and the answer. */
  ltp: { instruments: string[]; answer: Read<Record<string, { last_price: number }>> };
  /** `/instruments/NSE` */
  instruments: Read<DoctorInstrument[]>;
}

export const failedRead = (what: string, e: ReadFailure): string =>
  `${what} could not be read (${e.errorType}${e.httpStatus ? ` ${e.httpStatus}` : ''}: ${e.message})`;
