import { STATUS_CODES } from 'node:http';
import { BrokerError, type BrokerErrorKind } from './port.js';

/*
 * What kiteconnect 5.3.0 really rejects with (observed against a local stub server, Node 20, axios 1.21):
 * - non-2xx JSON body with error_type (e.g. 429 {"message":"Too many requests","error_type":"NetworkException"},
 *   428 {"error_type":"InputException",…}) → that body object as-is; no HTTP status on it.
 * - non-2xx without error_type (429 text/plain, 502 text/html) → {message: statusText ("Too Many Requests",
 *   "Bad Gateway"), error_type: "NetworkException", data: null}.
 * - 2xx whose body is cut off mid-stream → {message: "OK", error_type: "NetworkException"}.
 * - connection dropped before any response (socket destroyed) → message "No response from server with
 *   error code: ECONNRESET"; axios timeout → "… error code: ECONNABORTED"; port closed → "… ECONNREFUSED".
 * - 2xx JSON with error_type → rejects with the body; 2xx with another or no content type → *resolves* with
 *   {error_type: "DataException", message: "Unknown content type (…) with response: (…)"} (the adapter turns
 *   that into a rejection before it gets here).
 * - an invalid root URL → a real TypeError with code ERR_INVALID_URL.
 * None of these is an Error with a stack, and none carries the status; the adapter tags JSON error bodies
 * with a non-enumerable `httpStatus` where it can, and a statusText message is mapped back to its code.
 */

export interface KiteErrorContext {
  /** The adapter method, e.g. "placeOrder", "holdings". */
  call: string;
  /** True when the call may have created an order: its unknown outcome is then "ambiguous", not "transient". */
  isPlacement: boolean;
}

const PERMANENT_TYPES = new Set([
  'PermissionException',
  'InputException',
  'OrderException',
  'MarginException',
  'HoldingException',
  'UserException',
  'TwoFAException',
]);

/** Failures in which the request never left this machine, so nothing can have been created. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

export const HINTS = {
  session: 'The Kite session expired or was invalidated; log in again (kite-rebalance login).',
  depository: 'Authorise these holdings with CDSL TPIN in Kite first, or enable DDPI',
  staticIp: "Whitelist this machine's IP in the Kite developer console (Profile → IP Whitelist)",
  rateLimit: 'Kite rate limit reached (another app may share this API key or account); retry after a second.',
  ambiguous: 'The order may or may not exist: read the order book and match by tag before retrying.',
  quotesPlan: 'Live quotes need the paid Kite Connect plan; the free Personal plan has no market data.',
  orderCap: "Kite's order cap for the account is reached (5,000 a day, 400 a minute); try again later.",
  marketProtection: 'Market orders through the API need market protection (market_protection = -1 for auto).',
  permission: 'Kite refuses this call for this app (plan or permission): check the app in the Kite developer console.',
  root: 'Check KITE_API_ROOT: it must be an http(s) URL such as https://api.kite.trade.',
} as const;

interface Extracted {
  errorType: string;
  message: string;
  httpStatus: number | undefined;
  code: string | undefined;
}

const STATUS_BY_TEXT = new Map(Object.entries(STATUS_CODES).map(([code, text]) => [text?.toLowerCase(), Number(code)]));

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}…` : flat;
}

function extract(err: unknown): Extracted {
  if (err !== null && typeof err === 'object') {
    const o = err as Record<string, unknown>;
    const message = oneLine(typeof o.message === 'string' ? o.message : String(o.message ?? 'Unknown error'));
    const code = typeof o.code === 'string' ? o.code : (/error code: ([A-Z_]+)/.exec(message)?.[1] ?? undefined);
    if (typeof o.error_type === 'string') {
      const tagged = typeof o.httpStatus === 'number' ? o.httpStatus : undefined;
      // A statusText message ("Too Many Requests", "Bad Gateway") only ever comes with NetworkException.
      const fromText = o.error_type === 'NetworkException' && message !== 'OK' ? STATUS_BY_TEXT.get(message.toLowerCase()) : undefined;
      return { errorType: o.error_type, message, httpStatus: tagged ?? fromText, code };
    }
    return { errorType: err instanceof Error ? err.name : 'GeneralException', message, httpStatus: undefined, code };
  }
  return { errorType: 'GeneralException', message: oneLine(String(err)), httpStatus: undefined, code: undefined };
}

const isDepositoryRefusal = (status: number | undefined, message: string) =>
  status === 428 || /\b(TPIN|DDPI|e-?DIS)\b/i.test(message) || (/authori[sz]/i.test(message) && /holding|CDSL|demat|depository/i.test(message));

const isStaticIpRefusal = (message: string) =>
  /static ip|ip whitelist|whitelisted ip/i.test(message) || (/\bIP\b/.test(message) && /whitelist|regist|not allowed|unauthori|not permitted/i.test(message));

/** "Maximum allowed order requests exceeded" (reference/kite-api.md §3.2); not the per-minute modification cap. */
const isOrderCapRefusal = (message: string) => /maximum allowed order requests?|order requests? (?:per|for the) day/i.test(message);

const isClosedMarket = (message: string) =>
  /market[s]? (?:is |are )?(?:closed|not open)|outside (?:the )?market hours|before (?:the )?market open/i.test(message);

const isMarketProtectionRefusal = (message: string) => /market protection/i.test(message);

/** OMS or exchange rejections that may well go through a little later. */
const isPassingRejection = (message: string) => /try again|temporar|timed? ?out|high load|not available|connectivity|circuit/i.test(message);

const isFundsRejection = (message: string) => /insufficient funds|margin/i.test(message);

function build(kind: BrokerErrorKind, x: Extracted, hint?: string): BrokerError {
  const opts: { httpStatus?: number; hint?: string } = {};
  if (x.httpStatus !== undefined) opts.httpStatus = x.httpStatus;
  if (hint !== undefined) opts.hint = hint;
  return new BrokerError(kind, x.errorType, x.message, opts);
}

/** Maps whatever the kiteconnect client rejected with onto how the caller must handle it. */
export function classifyKiteError(err: unknown, ctx: KiteErrorContext): BrokerError {
  if (err instanceof BrokerError) return err;
  const x = extract(err);
  const { errorType, message, httpStatus: status } = x;
  const unknownOutcome = (): BrokerError => (ctx.isPlacement ? build('ambiguous', x, HINTS.ambiguous) : build('transient', x));

  if (errorType === 'TokenException') return build('session-expired', x, HINTS.session);
  // Before the 429 rule: a day's cap answered with 429 is no rate limit, and retrying it only burns requests.
  if (isOrderCapRefusal(message)) return build('order-cap', x, HINTS.orderCap);
  if (status === 429 || /too many requests/i.test(message)) return build('transient', x, HINTS.rateLimit);
  if (isDepositoryRefusal(status, message)) return build('needs-authorisation', x, HINTS.depository);
  if (isStaticIpRefusal(message)) return build('app-refused', x, HINTS.staticIp);
  if (isMarketProtectionRefusal(message) && errorType !== 'NetworkException') return build('permanent', x, HINTS.marketProtection);
  if (errorType === 'PermissionException') return build('app-refused', x, ctx.call === 'ltp' ? HINTS.quotesPlan : HINTS.permission);
  if (PERMANENT_TYPES.has(errorType) && isClosedMarket(message)) return build('market-closed', x);
  if (errorType === 'MarginException' || (PERMANENT_TYPES.has(errorType) && /insufficient funds/i.test(message))) return build('insufficient-funds', x);
  if (PERMANENT_TYPES.has(errorType)) return build('permanent', x);
  if (x.code === 'ERR_INVALID_URL') return build('permanent', x, HINTS.root);
  if (x.code !== undefined && NOT_SENT_CODES.has(x.code)) return build('transient', x);
  if (status === 408) return build('transient', x);
  // A 4xx we do not know by type was still refused before anything was created.
  if (status !== undefined && status >= 400 && status < 500) return build('permanent', x);
  // Timeouts, dropped connections, 5xx, Network/Data/General exceptions, anything unrecognised.
  return unknownOutcome();
}

/** How an order the OMS or exchange REJECTED (after accepting the request) must be handled, with a hint. */
export interface Rejection {
  kind: BrokerErrorKind;
  hint?: string;
}

/** Classifies the `status_message` of a REJECTED order from the order book. */
export function classifyRejection(statusMessage: string | null | undefined): Rejection {
  const message = statusMessage ?? '';
  if (isOrderCapRefusal(message)) return { kind: 'order-cap', hint: HINTS.orderCap };
  if (isDepositoryRefusal(undefined, message)) return { kind: 'needs-authorisation', hint: HINTS.depository };
  if (isStaticIpRefusal(message)) return { kind: 'app-refused', hint: HINTS.staticIp };
  if (isMarketProtectionRefusal(message)) return { kind: 'permanent', hint: HINTS.marketProtection };
  if (isClosedMarket(message)) return { kind: 'market-closed' };
  if (isPassingRejection(message)) return { kind: 'transient' };
  if (isFundsRejection(message)) return { kind: 'insufficient-funds' };
  return { kind: 'permanent' };
}
