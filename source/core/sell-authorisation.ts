import type { AccountHolding } from './account-records.js';
import { holdingsBySnapshotSymbol } from './snapshot.js';
import type { NseListing } from './nse-listing.js';

/**
 * Sells of demat holdings without DDPI need a CDSL (eDIS) authorisation with the TPIN each day. Kite's profile
 * says `demat_consent` '' | 'consent' | 'physical', undocumented: 'consent' very likely means online eDIS
 * consent, which still needs the daily TPIN. So only a POA ('physical') or the account's own evidence counts as
 * "no authorisation needed"; everything else is compared with what is authorised today.
 */

export interface HoldingAuthorisation {
  tradingsymbol: string;
  isin: string | null;
  /** Holdings `authorised_quantity`. */
  authorisedQuantity: number;
  /** IST date (yyyy-mm-dd) of `authorised_date`, or null when Kite sent none. */
  authorisedDate: string | null;
}

export interface AccountEvidence {
  /** `profile.meta.demat_consent`, as sent. */
  dematConsent: string | undefined;
  holdings: readonly HoldingAuthorisation[];
  /** Today's executed CNC trades per symbol (from the order book): shares sold and bought. */
  tradedToday: ReadonlyMap<string, { sold: number; bought: number }>;
  /** Today, IST yyyy-mm-dd. */
  today: string;
}

export type AuthorisationBasis = { needed: false; why: string } | { needed: true; why: string };

/** What is authorised for sale today: an authorisation dated another day has lapsed. */
export const authorisedToday = (h: HoldingAuthorisation, today: string): number =>
  h.authorisedDate === null || h.authorisedDate === today ? Math.max(0, h.authorisedQuantity) : 0;

const consentWords = (c: string | undefined): string =>
  c === 'consent'
    ? 'demat_consent is "consent" (very likely online eDIS consent, which still needs a CDSL TPIN each day)'
    : c === '' || c === undefined
      ? 'no DDPI or POA on file'
      : `demat_consent is "${c}" (unknown)`;

/** Whether sells of this account need a CDSL authorisation today, and why (one line). */
export function authorisationBasis(e: AccountEvidence): AuthorisationBasis {
  if (e.dematConsent === 'physical') return { needed: false, why: 'POA on file (demat_consent "physical")' };
  // Holdings sold today with no authorisation dated today for them: the account sells without a TPIN (DDPI).
  for (const h of e.holdings) {
    const t = e.tradedToday.get(h.tradingsymbol);
    const fromHoldings = t ? t.sold - t.bought : 0;
    if (fromHoldings > 0 && h.authorisedDate !== null && h.authorisedDate !== e.today) {
      return { needed: false, why: `${fromHoldings} ${h.tradingsymbol} from holdings sold today with no CDSL authorisation dated today (DDPI)` };
    }
  }
  return { needed: true, why: consentWords(e.dematConsent) };
}

/** A planned sell that needs more CDSL authorisation than the account has today. */
export interface AuthorisationShortfall {
  tradingsymbol: string;
  isin: string | null;
  /** The quantity to sell. */
  sell: number;
  /** Authorised for sale today. */
  authorised: number;
}

/**
 * The sells that need more authorisation than today's. A sell of a symbol the holdings do not list (shares
 * bought today) needs none.
 */
export function shortfalls(
  sells: readonly { tradingsymbol: string; quantity: number }[],
  holdings: readonly HoldingAuthorisation[],
  today: string,
): AuthorisationShortfall[] {
  const bySymbol = new Map<string, { isin: string | null; authorised: number }>();
  for (const h of holdings) {
    const seen = bySymbol.get(h.tradingsymbol);
    bySymbol.set(h.tradingsymbol, { isin: seen?.isin ?? h.isin, authorised: (seen?.authorised ?? 0) + authorisedToday(h, today) });
  }
  const wanted = new Map<string, number>();
  for (const s of sells) wanted.set(s.tradingsymbol, (wanted.get(s.tradingsymbol) ?? 0) + s.quantity);
  const out: AuthorisationShortfall[] = [];
  for (const [symbol, sell] of wanted) {
    const h = bySymbol.get(symbol);
    if (h && h.authorised < sell) out.push({ tradingsymbol: symbol, isin: h.isin, sell, authorised: h.authorised });
  }
  return out;
}

/** "sell 100 ITC (40 authorised today)": what the user has to authorise, one item per sell. */
export const describeShortfall = (s: AuthorisationShortfall): string =>
  `${s.tradingsymbol} ${s.sell}${s.authorised > 0 ? ` (${s.authorised} authorised today)` : ''}`;

/** The order-book fields that show today's executed trades. */
export interface TodaysOrder {
  product: string;
  tradingsymbol: string;
  transaction_type: string;
  filled_quantity: number;
}

export function holdingAuthorisations(holdings: readonly (AccountHolding & { authorised_date?: unknown })[], listing?: NseListing): HoldingAuthorisation[] {
  // Filed under the symbol NSE trades (a BSE row, a series symbol, an old name), as in the snapshot.
  return holdingsBySnapshotSymbol(holdings, listing).map((h) => {
    const date = typeof h.authorised_date === 'string' ? /^\d{4}-\d{2}-\d{2}/.exec(h.authorised_date)?.[0] : undefined;
    return { tradingsymbol: h.tradingsymbol, isin: h.isin || null, authorisedQuantity: h.authorised_quantity ?? 0, authorisedDate: date ?? null };
  });
}

/** Executed CNC trades of today's order book (Kite's book holds only today's orders). */
export function tradedTodayBySymbol(orders: readonly TodaysOrder[]): Map<string, { sold: number; bought: number }> {
  const out = new Map<string, { sold: number; bought: number }>();
  for (const o of orders) {
    if (o.product !== 'CNC' || !(o.filled_quantity > 0)) continue;
    const t = out.get(o.tradingsymbol) ?? { sold: 0, bought: 0 };
    if (o.transaction_type === 'SELL') t.sold += o.filled_quantity;
    else t.bought += o.filled_quantity;
    out.set(o.tradingsymbol, t);
  }
  return out;
}
