import { isBrokerError, type Broker } from '../broker/port.js';
import type { Clock } from '../core/clock.js';
import { istDate, istTime } from '../core/ist.js';
import type { NseListing } from '../core/nse-listing.js';
import type { AuthorisationKey, AuthoriseSells, EngineEvent } from '../core/events.js';
import {
  authorisationBasis,
  describeShortfall,
  holdingAuthorisations,
  shortfalls,
  tradedTodayBySymbol,
  type AuthorisationShortfall,
} from '../core/sell-authorisation.js';

/** How long sells wait for the user's TPIN (clock ms), and how often the holdings are read meanwhile. */
export const AUTHORISATION_WAIT = { timeoutMs: 10 * 60_000, pollMs: 5_000 } as const;

export type { AuthorisationKey } from '../core/events.js';

export interface SellAuthoriserOptions {
  broker: () => Broker;
  clock: Clock;
  /** Kite's authorisation page for a request id (in paper mode, the simulator's). */
  requestPage: (requestId: string) => string;
  /** Paper mode: the simulator's stand-in for Kite web's Holdings → Authorisation, for these shortfalls. */
  manualPage?: (shortfalls: readonly AuthorisationShortfall[]) => string;
  /** The simulator's fake TPIN, named in paper mode's instructions. */
  paperTpin?: string;
  /** Opens Kite's page in the browser; a failure only leaves the printed URL. */
  openBrowser?: (url: string) => Promise<void>;
  timeoutMs?: number;
  pollMs?: number;
  /** The TUI: resolves when the user asks to re-check now (`r`) or to skip these sells (`s`). */
  keys?: { next(signal: AbortSignal): Promise<AuthorisationKey> };
  /** NSE's listing, so that holdings reported under another symbol meet the sells planned under NSE's. */
  listing?: () => Promise<NseListing | undefined>;
}

/** Where to authorise by hand when Kite's API refuses to start it (most individual apps). */
function byHand(short: readonly AuthorisationShortfall[], why: string, o: SellAuthoriserOptions): string {
  const what = short.map((s) => `${s.tradingsymbol} ${s.sell}`).join(', ');
  if (o.manualPage) {
    return `Kite refused the authorisation request (${why}). Open ${o.manualPage(short)} (the simulator's Kite web: Holdings → Authorisation), authorise ${what}${o.paperTpin ? ` with the TPIN ${o.paperTpin}` : ''}.`;
  }
  return `Kite refused the authorisation request (${why}). In Kite web: Holdings → Authorisation (Kite app: Holdings → Authorise), authorise ${what}, then enter your CDSL TPIN and OTP.`;
}

/**
 * The CDSL authorisation step the engine asks for before sells (authorise.ts). Only a POA or the
 * account's own evidence counts as "no authorisation needed" (core/sell-authorisation.ts); otherwise each sell
 * is compared with what is authorised today and, where more is needed, Kite's holdings authorisation is started
 * and its page opened, or, when Kite refuses that (403), the user is told exactly what to authorise where.
 * The holdings are then re-read every `pollMs` (or on the TUI's `r`) until the sells are covered, the user
 * skips them (`s`) or the time is up. Returns what may be sold now per symbol.
 */
export function sellAuthoriser(o: SellAuthoriserOptions): AuthoriseSells {
  const timeoutMs = o.timeoutMs ?? AUTHORISATION_WAIT.timeoutMs;
  const pollMs = o.pollMs ?? AUTHORISATION_WAIT.pollMs;
  let consent: { value: string | undefined } | null = null;

  /** Sleeps one poll interval, or less when a key comes first. */
  async function nextCheck(ms: number, signal: AbortSignal): Promise<AuthorisationKey | 'tick'> {
    const inner = new AbortController();
    const stop = () => inner.abort(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    try {
      const sleep = o.clock.sleep(ms, inner.signal).then(() => 'tick' as const);
      const key = o.keys ? o.keys.next(inner.signal) : new Promise<never>(() => undefined);
      return await Promise.race([sleep, key]);
    } finally {
      signal.removeEventListener('abort', stop);
      if (!inner.signal.aborted) inner.abort(new Error('check done'));
      signal.throwIfAborted();
    }
  }

  return async function* authorise(req, signal): AsyncGenerator<EngineEvent, ReadonlyMap<string, number>> {
    const broker = o.broker();
    const today = istDate(o.clock.now());
    consent ??= { value: (await broker.profile()).meta?.demat_consent };
    // A POA needs no authorisation whatever the holdings say: no more reads.
    if (!req.refusedByKite && !authorisationBasis({ dematConsent: consent.value, holdings: [], tradedToday: new Map(), today }).needed) return new Map();
    const holdings = holdingAuthorisations(await broker.holdings(), await o.listing?.());
    if (!req.refusedByKite) {
      const basis = authorisationBasis({ dematConsent: consent.value, holdings, tradedToday: tradedTodayBySymbol(await broker.orders()), today });
      if (!basis.needed) return new Map();
    }
    let short = shortfalls(req.sells, holdings, today);
    const allowed = new Map<string, number>();
    if (req.refusedByKite) {
      // Kite refused although the holdings show enough authorised: no new authorisation could be seen, so no retry.
      const covered = req.sells.filter((s) => !short.some((x) => x.tradingsymbol === s.tradingsymbol));
      if (covered.length) {
        for (const s of covered) allowed.set(s.tradingsymbol, 0);
        yield {
          type: 'authorisation-done',
          at: o.clock.now(),
          round: req.round,
          authorised: [],
          skipped: covered.map((s) => ({
            tradingsymbol: s.tradingsymbol,
            isin: holdings.find((h) => h.tradingsymbol === s.tradingsymbol)?.isin ?? null,
            sell: s.quantity,
            authorised: s.quantity,
          })),
          reason: 'Kite refused the sale for want of CDSL authorisation although the holdings show it authorised today',
        };
      }
    }
    if (!short.length) return allowed;

    let url: string | null = null;
    let why = '';
    const withIsin = short.filter((s) => s.isin !== null);
    try {
      if (withIsin.length === 0) throw new Error('no ISIN in the holdings');
      const { request_id } = await broker.authoriseHoldings(withIsin.map((s) => ({ isin: s.isin as string, quantity: s.sell })));
      url = o.requestPage(request_id);
    } catch (e) {
      if (isBrokerError(e) && e.kind === 'session-expired') throw e;
      why = e instanceof Error ? e.message : String(e);
    }
    const until = o.clock.now() + timeoutMs;
    const instructions = url ? `Open ${url} and enter your CDSL TPIN to authorise ${short.map(describeShortfall).join(', ')}.` : byHand(short, why, o);
    yield { type: 'authorisation-needed', at: o.clock.now(), round: req.round, shortfalls: short, url, instructions, until };
    if (url && o.openBrowser) await o.openBrowser(url).catch(() => undefined);

    let reason: string | null = null;
    for (;;) {
      const remaining = until - o.clock.now();
      if (remaining <= 0) {
        reason = `not authorised by ${istTime(until)} IST`;
        break;
      }
      const wake = await nextCheck(Math.min(pollMs, remaining), signal);
      if (wake === 'skip') {
        reason = 'skipped by you';
        break;
      }
      try {
        short = shortfalls(
          short.map((s) => ({ tradingsymbol: s.tradingsymbol, quantity: s.sell })),
          holdingAuthorisations(await broker.holdings(), await o.listing?.()),
          today,
        );
      } catch (e) {
        if (isBrokerError(e) && (e.kind === 'transient' || e.kind === 'ambiguous')) continue;
        throw e;
      }
      yield { type: 'authorisation-check', at: o.clock.now(), until, remainingMs: Math.max(0, until - o.clock.now()), pending: short };
      if (!short.length) break;
    }
    const left = new Set(short.map((s) => s.tradingsymbol));
    for (const s of short) allowed.set(s.tradingsymbol, Math.min(s.sell, s.authorised));
    const authorised = [...new Set(req.sells.map((s) => s.tradingsymbol))].filter((s) => !left.has(s) && !allowed.has(s));
    yield { type: 'authorisation-done', at: o.clock.now(), round: req.round, authorised, skipped: short, reason: short.length ? reason : null };
    return allowed;
  };
}
