import { DateTime } from 'luxon';
import { formatInr } from '../money.js';
import { failedRead, type DoctorCheck, type DoctorInput, type ReadFailure } from './types.js';

const IST = 'Asia/Kolkata';
export const istDate = (ms: number): string => DateTime.fromMillis(ms, { zone: IST }).toFormat('yyyy-MM-dd');
const istTime = (ms: number): string => DateTime.fromMillis(ms, { zone: IST }).toFormat("ccc d LLL yyyy HH:mm 'IST'");

const isPermissionDenied = (e: ReadFailure): boolean => e.errorType === 'PermissionException' || (e.httpStatus === 403 && e.errorType !== 'TokenException');

/** Less than this before 06:00 IST, a run (with its waits and repair rounds) may outlive the session. */
const SHORT_SESSION_MS = 60 * 60_000;

export function sessionCheck(input: DoctorInput): DoctorCheck {
  const { session, nowMs } = input;
  const fields = {
    user_id: session.userId,
    token_source: session.source,
    checked_at: istTime(nowMs),
    valid_until: istTime(session.validUntilMs),
    ...(input.profile.ok
      ? { user_type: input.profile.value.user_type ?? null, broker: input.profile.value.broker ?? null }
      : { profile_error: input.profile.error }),
  };
  const base = { id: 'session' as const, title: 'Session', fields };
  if (!input.profile.ok) {
    return { ...base, verdict: 'problem', sentence: `${failedRead('the profile', input.profile.error)}; log in again with \`kite-rebalance login\`.` };
  }
  const from = { env: 'KITE_ACCESS_TOKEN', stored: 'stored token', login: 'new login' }[session.source];
  const left = session.validUntilMs - nowMs;
  const name = input.profile.value.user_name ? `${input.profile.value.user_name}, ` : '';
  const text = `the session of ${session.userId} (${name}${from}) is valid until ${istTime(session.validUntilMs)} (Kite sessions end at 06:00 IST)`;
  if (left < SHORT_SESSION_MS) {
    return {
      ...base,
      verdict: 'warning',
      sentence: `${text}: only ${Math.max(0, Math.round(left / 60_000))} minutes left; a run started now may have to log in again.`,
    };
  }
  return { ...base, verdict: 'ok', sentence: `${text}.` };
}

export function quotesCheck(input: DoctorInput): DoctorCheck {
  const { instruments, answer } = input.ltp;
  const base = { id: 'quotes' as const, title: 'Quotes' };
  if (answer.ok) {
    const answered = instruments.filter((i) => answer.value[i] !== undefined);
    return {
      ...base,
      verdict: 'ok',
      sentence: `live quotes are allowed (paid Connect plan): /quote/ltp answered for ${answered.length} of ${instruments.length} instrument(s).`,
      fields: { ltp_instruments: instruments, ltp_answered: answered },
    };
  }
  const fields = { ltp_instruments: instruments, ltp_error: answer.error };
  if (isPermissionDenied(answer.error)) {
    return {
      ...base,
      fields,
      verdict: 'warning',
      sentence:
        "quotes are not allowed (403 PermissionException: the free Personal plan): holdings are priced from their last price, and buys of stocks you do not hold will need `--prices FILE` with NSE's CM bhavcopy.",
    };
  }
  return { ...base, fields, verdict: 'problem', sentence: `${failedRead('a quote', answer.error)}: the app could not price the plan.` };
}

/** Today's evidence that sells go through without a new CDSL authorisation. */
function authorisationEvidence(input: DoctorInput): { authorisedToday: Record<string, number>; soldToday: Record<string, number> } {
  const today = istDate(input.nowMs);
  const authorisedToday: Record<string, number> = {};
  const soldToday: Record<string, number> = {};
  if (input.holdings.ok) {
    for (const h of input.holdings.value) {
      const q = h.authorised_quantity ?? 0;
      // An authorisation lasts the trading day it was made: an older date is no evidence for today.
      if (q > 0 && h.authorised_date?.startsWith(today)) authorisedToday[h.tradingsymbol] = (authorisedToday[h.tradingsymbol] ?? 0) + q;
    }
  }
  if (input.orders.ok) {
    for (const o of input.orders.value) {
      const filled = o.filled_quantity ?? 0;
      if (o.transaction_type === 'SELL' && o.product === 'CNC' && filled > 0) soldToday[o.tradingsymbol] = (soldToday[o.tradingsymbol] ?? 0) + filled;
    }
  }
  return { authorisedToday, soldToday };
}

const list = (r: Record<string, number>) =>
  Object.entries(r)
    .map(([s, q]) => `${s} ${q}`)
    .join(', ');

export function dematCheck(input: DoctorInput): DoctorCheck {
  const base = { id: 'demat' as const, title: 'Selling (DDPI/POA/eDIS)' };
  if (!input.profile.ok)
    return { ...base, verdict: 'problem', sentence: `${failedRead('the profile', input.profile.error)}.`, fields: { profile_error: input.profile.error } };
  const consent = input.profile.value.meta?.demat_consent;
  const { authorisedToday, soldToday } = authorisationEvidence(input);
  const authorisations = input.holdings.ok
    ? input.holdings.value
        .filter((h) => (h.authorised_quantity ?? 0) > 0)
        .map((h) => ({ tradingsymbol: h.tradingsymbol, authorised_quantity: h.authorised_quantity, authorised_date: h.authorised_date ?? null }))
    : [];
  const fields = {
    'profile.meta.demat_consent': consent ?? null,
    today: istDate(input.nowMs),
    authorised_today: authorisedToday,
    sold_today: soldToday,
    authorisations,
  };
  const evidence = [
    ...(Object.keys(authorisedToday).length ? [`authorised with CDSL today: ${list(authorisedToday)}`] : []),
    ...(Object.keys(soldToday).length ? [`sold today: ${list(soldToday)}`] : []),
  ];
  const seen = evidence.length ? `; ${evidence.join('; ')}` : '';
  if (consent === 'physical') {
    return { ...base, fields, verdict: 'ok', sentence: `a POA is on file (demat_consent "physical"): sells need no daily CDSL authorisation${seen}.` };
  }
  if (consent === 'consent' || consent === '') {
    const what =
      consent === 'consent'
        ? 'online eDIS consent (demat_consent "consent"), which is not DDPI: sells very likely need a CDSL TPIN authorisation each trading day'
        : 'neither DDPI nor POA (demat_consent ""): every sell needs a CDSL TPIN authorisation that day';
    if (evidence.length) {
      return { ...base, fields, verdict: 'ok', sentence: `${what}${seen}; selling more than that needs a new authorisation.` };
    }
    return {
      ...base,
      fields,
      verdict: 'warning',
      sentence: `${what}; nothing is authorised today, so authorise the holdings to sell in Kite (or with the TPIN page) before a run.`,
    };
  }
  return {
    ...base,
    fields,
    verdict: 'warning',
    sentence: `Kite reports an unknown demat_consent (${JSON.stringify(consent ?? null)}): the app treats every sell as needing a CDSL authorisation${seen}; please report this value.`,
  };
}

export function fundsCheck(input: DoctorInput): DoctorCheck {
  const base = { id: 'funds' as const, title: 'Funds' };
  if (!input.margins.ok)
    return {
      ...base,
      verdict: 'problem',
      sentence: `${failedRead('the equity margins', input.margins.error)}.`,
      fields: { margins_error: input.margins.error },
    };
  const m = input.margins.value;
  const fields = {
    enabled: m.enabled ?? null,
    net: m.net ?? null,
    'available.cash': m.available?.cash ?? null,
    'available.live_balance': m.available?.live_balance ?? null,
    'available.collateral': m.available?.collateral ?? null,
  };
  if (m.enabled === false)
    return { ...base, fields, verdict: 'problem', sentence: 'the equity segment is not enabled on this account: nothing can be bought or sold.' };
  const net = m.net ?? 0;
  const collateral = m.available?.collateral ?? 0;
  const cash = Math.max(0, net - collateral);
  const pledge = collateral > 0 ? ` (equity net ${formatInr(net)} less ${formatInr(collateral)} of collateral margin, which cannot pay for delivery buys)` : '';
  return { ...base, fields, verdict: 'ok', sentence: `${formatInr(cash)} available for buying${pledge}.` };
}
