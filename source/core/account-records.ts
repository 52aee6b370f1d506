/**
 * The account as the snapshot reads it: holdings, positions and equity margins, field for field as a broker
 * reports them. These are core's own shapes (the broker's wire types live in broker/ and fit them); only the
 * fields the snapshot may use are listed.
 */
export interface AccountHolding {
  tradingsymbol: string;
  exchange: string;
  /** Matches a row reported under a company's old symbol to NSE's current one (core/nse-listing.ts). */
  instrument_token: number | string;
  isin: string;
  product: string;
  quantity: number;
  used_quantity: number;
  t1_quantity: number;
  realised_quantity: number;
  authorised_quantity: number;
  opening_quantity: number;
  collateral_quantity: number;
  short_quantity?: number;
  average_price: number;
  last_price: number;
}

export interface AccountPosition {
  tradingsymbol: string;
  exchange: string;
  instrument_token?: number | string;
  product: string;
  quantity: number;
  overnight_quantity: number;
  average_price: number;
  last_price: number;
  buy_quantity: number;
  sell_quantity: number;
  day_buy_quantity: number;
  day_sell_quantity: number;
}

export interface AccountPositions {
  net: AccountPosition[];
  day: AccountPosition[];
}

export interface AccountMargins {
  net: number;
  available: {
    cash: number;
    opening_balance: number;
    live_balance: number;
    collateral: number;
  };
}
