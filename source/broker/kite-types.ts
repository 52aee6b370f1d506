/**
 * Wire shapes of the Kite Connect v3 payloads the app reads (see ../shared/kite-mocks). Only the fields
 * we use are required; the rest are optional so that real responses with extra fields still fit. They live
 * here only: core has its own shapes (core/account-records.ts) that these fit.
 */
export interface KiteHolding {
  tradingsymbol: string;
  exchange: string;
  instrument_token: number;
  isin: string;
  product: string;
  quantity: number;
  used_quantity: number;
  t1_quantity: number;
  realised_quantity: number;
  authorised_quantity: number;
  authorised_date?: string;
  opening_quantity: number;
  collateral_quantity: number;
  collateral_type?: string;
  short_quantity?: number;
  average_price: number;
  last_price: number;
  close_price: number;
  pnl: number;
  day_change?: number;
  day_change_percentage?: number;
  discrepancy?: boolean;
  authorisation?: Record<string, unknown>;
}

export interface KitePosition {
  tradingsymbol: string;
  exchange: string;
  instrument_token: number;
  product: string;
  quantity: number;
  overnight_quantity: number;
  multiplier: number;
  average_price: number;
  close_price: number;
  last_price: number;
  value: number;
  pnl: number;
  m2m: number;
  unrealised: number;
  realised: number;
  buy_quantity: number;
  buy_price: number;
  buy_value: number;
  sell_quantity: number;
  sell_price: number;
  sell_value: number;
  day_buy_quantity: number;
  day_sell_quantity: number;
}

export interface KitePositions {
  net: KitePosition[];
  day: KitePosition[];
}

export interface KiteEquityMargins {
  enabled: boolean;
  net: number;
  available: {
    adhoc_margin: number;
    cash: number;
    opening_balance: number;
    live_balance: number;
    collateral: number;
    intraday_payin: number;
  };
  utilised: Record<string, number>;
}

export interface KiteLtp {
  instrument_token: number;
  last_price: number;
}

export interface KiteInstrument {
  instrument_token: string | number;
  exchange_token: string | number;
  tradingsymbol: string;
  name: string;
  last_price: number;
  expiry: string;
  strike: number;
  tick_size: number;
  lot_size: number;
  instrument_type: string;
  segment: string;
  exchange: string;
}

export interface KiteOrder {
  order_id: string;
  exchange_order_id: string | null;
  parent_order_id: string | null;
  /** Verbatim; what each status means is the table in core/order-status.ts (a status missing there is unknown). */
  status: string;
  status_message: string | null;
  status_message_raw: string | null;
  order_timestamp: string | Date;
  exchange_timestamp: string | Date | null;
  variety: string;
  exchange: string;
  tradingsymbol: string;
  instrument_token: number;
  order_type: string;
  transaction_type: 'BUY' | 'SELL';
  validity: string;
  product: string;
  quantity: number;
  price: number;
  trigger_price: number;
  average_price: number;
  filled_quantity: number;
  pending_quantity: number;
  cancelled_quantity: number;
  market_protection: number;
  tag: string | null;
  tags?: string[];
}

export interface KiteProfile {
  user_id: string;
  user_name: string;
  user_shortname?: string;
  email?: string;
  broker?: string;
  /** demat_consent (undocumented): '' (neither DDPI nor POA), 'consent' (very likely online eDIS consent, not DDPI), 'physical' (POA). */
  meta?: { demat_consent?: string };
}

export interface KiteSession extends KiteProfile {
  access_token: string;
  public_token?: string;
  login_time?: string | Date;
  api_key?: string;
}

export type Variety = 'regular' | 'amo';

export interface PlaceOrderParams {
  exchange: 'NSE';
  tradingsymbol: string;
  transaction_type: 'BUY' | 'SELL';
  quantity: number;
  product: 'CNC';
  order_type: 'MARKET' | 'LIMIT';
  validity: 'DAY';
  market_protection?: number;
  price?: number;
  tag?: string;
}

/** Kite's virtual contract note (POST /charges/orders) input and output, trimmed. */
export interface ChargesOrderInput {
  order_id?: string;
  exchange: string;
  tradingsymbol: string;
  transaction_type: 'BUY' | 'SELL';
  variety: string;
  product: string;
  order_type: string;
  quantity: number;
  average_price: number;
}
