import { nseListing, seriesBase, type NseListing } from '../nse-listing.js';
import { failedRead, type DoctorCheck, type DoctorHolding, type DoctorInput, type DoctorInstrument } from './types.js';

export type Listing = NseListing;

/** NSE's cash-equity symbols in Kite's `/instruments/NSE` (which has no ISIN column): the run's own listing. */
export const listingOf = (instruments: readonly DoctorInstrument[]): Listing => nseListing(instruments);

export type Match =
  /** An NSE row whose symbol NSE lists as it is. */
  | { how: 'as-is'; nse: string }
  /** `XYZ-BE` held, NSE lists XYZ (or the other way round for a basket's XYZ). */
  | { how: 'series'; nse: string }
  /** Another exchange's row joined to an NSE row of the account with the same ISIN. */
  | { how: 'isin'; nse: string }
  /** Another exchange's row whose symbol NSE lists (Kite's list has no ISIN to confirm it). */
  | { how: 'symbol'; nse: string }
  /** An NSE row under an old symbol whose instrument token NSE lists under a new one (renamed). */
  | { how: 'token'; nse: string }
  | { how: 'none'; nse: null };

/** The NSE symbol each holding stands for; `listing` null = the instruments list could not be read. */
export function matchHoldings(holdings: readonly DoctorHolding[], listing: Listing | null): Map<DoctorHolding, Match> {
  const out = new Map<DoctorHolding, Match>();
  const byIsin = new Map<string, string>();
  const listed = (s: string) => listing === null || listing.symbols.has(s);
  for (const h of holdings.filter((r) => r.exchange === 'NSE')) {
    const base = seriesBase(h.tradingsymbol);
    let m: Match;
    if (base !== h.tradingsymbol && (listing === null || listing.symbols.has(base))) m = { how: 'series', nse: listing === null ? h.tradingsymbol : base };
    else if (listed(h.tradingsymbol)) m = base !== h.tradingsymbol ? { how: 'series', nse: h.tradingsymbol } : { how: 'as-is', nse: h.tradingsymbol };
    else {
      const renamed = h.instrument_token === undefined ? undefined : listing?.byToken.get(String(h.instrument_token));
      m = renamed ? { how: 'token', nse: renamed } : { how: 'none', nse: null };
    }
    out.set(h, m);
    if (m.nse && h.isin && !byIsin.has(h.isin)) byIsin.set(h.isin, m.nse);
  }
  for (const h of holdings.filter((r) => r.exchange !== 'NSE')) {
    const sameIsin = h.isin ? byIsin.get(h.isin) : undefined;
    const base = seriesBase(h.tradingsymbol);
    if (sameIsin) out.set(h, { how: 'isin', nse: sameIsin });
    else if (listing?.symbols.has(base)) out.set(h, { how: 'symbol', nse: base });
    else out.set(h, { how: 'none', nse: null });
  }
  return out;
}

/** The NSE instruments to ask one `/quote/ltp` call about: every holding's NSE symbol (≤ 1000). */
export function ltpInstruments(holdings: readonly DoctorHolding[], instruments: readonly DoctorInstrument[] | null, max = 1000): string[] {
  const matches = matchHoldings(holdings, instruments ? listingOf(instruments) : null);
  const symbols = [...new Set([...matches.values()].flatMap((m) => (m.nse ? [m.nse] : [])))].sort();
  return symbols.slice(0, max).map((s) => `NSE:${s}`);
}

const who = (h: DoctorHolding) => `${h.tradingsymbol} on ${h.exchange}${h.isin ? ` (ISIN ${h.isin})` : ''}`;

function mappingSentence(h: DoctorHolding, m: Match): string {
  switch (m.how) {
    case 'series':
      return m.nse === h.tradingsymbol
        ? `${h.tradingsymbol} trades in NSE's trade-to-trade series (a basket's ${seriesBase(h.tradingsymbol)} is this holding)`
        : `${h.tradingsymbol} is NSE's ${m.nse} (series suffix)`;
    case 'isin':
      return `${who(h)} is NSE's ${m.nse} (same ISIN as the NSE holding)`;
    case 'symbol':
      return `${who(h)} is taken as NSE's ${m.nse} (same symbol; Kite's instruments list has no ISIN to confirm it)`;
    case 'token':
      return `${who(h)} is NSE's ${m.nse} now (same instrument token: renamed)`;
    default:
      return who(h);
  }
}

export function symbolsCheck(input: DoctorInput): DoctorCheck {
  const base = { id: 'symbols' as const, title: 'Symbols' };
  if (!input.holdings.ok)
    return { ...base, verdict: 'problem', sentence: `${failedRead('the holdings', input.holdings.error)}.`, fields: { holdings_error: input.holdings.error } };
  if (!input.instruments.ok) {
    return {
      ...base,
      verdict: 'warning',
      sentence: `${failedRead("NSE's instruments list", input.instruments.error)}: holdings cannot be matched to NSE symbols.`,
      fields: { instruments_error: input.instruments.error },
    };
  }
  const listing = listingOf(input.instruments.value);
  const matches = [...matchHoldings(input.holdings.value, listing).entries()];
  const mapped = matches.filter(([, m]) => m.how !== 'as-is' && m.how !== 'none');
  const unmatched = matches.filter(([, m]) => m.how === 'none');
  const fields = {
    nse_listed_symbols: listing.symbols.size,
    holdings: matches
      .filter(([, m]) => m.how !== 'as-is')
      .map(([h, m]) => ({
        tradingsymbol: h.tradingsymbol,
        exchange: h.exchange,
        isin: h.isin ?? null,
        instrument_token: h.instrument_token ?? null,
        nse_symbol: m.nse,
        matched_by: m.how,
      })),
  };
  const mappedText = mapped.map(([h, m]) => mappingSentence(h, m)).join('; ');
  if (unmatched.length > 0) {
    const names = unmatched.map(([h]) => who(h)).join(', ');
    return {
      ...base,
      fields,
      verdict: 'problem',
      sentence: `NSE does not list ${names}: ${unmatched.length === 1 ? 'it is' : 'they are'} not traded by the app; sell ${unmatched.length === 1 ? 'it' : 'them'} in Kite where ${unmatched.length === 1 ? 'it trades' : 'they trade'} if ${unmatched.length === 1 ? 'it' : 'they'} should go${mapped.length ? `; mapped: ${mappedText}` : ''}.`,
    };
  }
  if (mapped.length > 0) return { ...base, fields, verdict: 'warning', sentence: `${mapped.length} holding(s) need mapping to an NSE symbol: ${mappedText}.` };
  return { ...base, fields, verdict: 'ok', sentence: `all ${matches.length} holding(s) are NSE symbols as NSE lists them; no ISIN mapping needed.` };
}

/** Which holdings have a price the app can use: live LTP, else stale (holdings' or the instruments list's last price), else none. */
export function pricesCheck(input: DoctorInput): DoctorCheck {
  const base = { id: 'prices' as const, title: 'Prices' };
  if (!input.holdings.ok)
    return { ...base, verdict: 'problem', sentence: `${failedRead('the holdings', input.holdings.error)}.`, fields: { holdings_error: input.holdings.error } };
  const instruments = input.instruments.ok ? input.instruments.value : null;
  const matches = matchHoldings(input.holdings.value, instruments ? listingOf(instruments) : null);
  const dump = new Map<string, number>();
  for (const i of instruments ?? []) if (i.exchange === 'NSE' && Number(i.last_price) > 0) dump.set(i.tradingsymbol, Number(i.last_price));
  const quotes = input.ltp.answer.ok ? input.ltp.answer.value : {};
  const live: string[] = [];
  const stale: string[] = [];
  const none: string[] = [];
  const rows: Record<string, unknown>[] = [];
  for (const [h, m] of matches) {
    const ltp = m.nse ? quotes[`NSE:${m.nse}`]?.last_price : undefined;
    const source = ltp && ltp > 0 ? 'ltp' : (h.last_price ?? 0) > 0 ? 'holdings.last_price' : m.nse && dump.has(m.nse) ? 'instruments.last_price' : null;
    (source === 'ltp' ? live : source ? stale : none).push(h.tradingsymbol);
    rows.push({
      tradingsymbol: h.tradingsymbol,
      exchange: h.exchange,
      ltp: ltp ?? null,
      last_price: h.last_price ?? null,
      instruments_last_price: (m.nse && dump.get(m.nse)) ?? null,
      priced_from: source,
    });
  }
  const fields = { holdings: rows };
  if (none.length > 0) {
    return {
      ...base,
      fields,
      verdict: 'problem',
      sentence: `no price for ${none.join(', ')}: ${none.length === 1 ? 'it is' : 'they are'} left out of the plan and of the account value (\`--prices FILE\` can supply one).`,
    };
  }
  if (stale.length > 0) {
    return {
      ...base,
      fields,
      verdict: 'warning',
      sentence: `${stale.length} holding(s) only have a stale price (last price, not a live quote): ${stale.join(', ')}; the plan marks them stale.`,
    };
  }
  return { ...base, fields, verdict: 'ok', sentence: `all ${live.length} holding(s) have a live price.` };
}
