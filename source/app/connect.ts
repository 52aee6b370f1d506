import { obtainSession } from '../auth/app-session.js';
import { formatIst } from '../auth/expiry.js';
import { isNotableTick, loginStatusLine } from '../auth/login-status-text.js';
import type { Session } from '../auth/session.js';
import { createKiteBroker } from '../broker/kite-adapter.js';
import { RateLimiter } from '../broker/rate-limiter.js';
import type { Broker } from '../broker/port.js';
import type { CliIo } from './io.js';
import { openStores, type Stores } from '../store/index.js';
import type { TokenRecord } from '../store/ports.js';
import type { Backend } from './backend.js';
import { renewingBroker } from './renewing-broker.js';

/** Opens the stores (closed at exit) for a backend. */
export async function openBackendStores(io: CliIo, backend: Backend): Promise<Stores> {
  const stores = await openStores(backend.storeEnv);
  io.onCleanup(() => stores.close());
  return stores;
}

/** Interactive choice among stored users; Enter = the first, "n" = log in as someone else. */
function chooseUserPrompt(io: CliIo) {
  return async (records: TokenRecord[]): Promise<string | null> => {
    if (!io.ask || records.length === 0) return records[0]?.user_id ?? null;
    io.err('Stored Kite users:');
    records.forEach((r, i) => io.err(`  ${i + 1}. ${r.user_id}  ${r.user_name ?? ''}  last login ${formatIst(Date.parse(r.created_time))}`));
    const answer = (await io.ask(`Use which user? [1-${records.length}, n = log in as someone else, Enter = 1] `)).trim().toLowerCase();
    if (answer === 'n') return null;
    const i = answer === '' ? 0 : Number(answer) - 1;
    return records[i]?.user_id ?? (records[0] as TokenRecord).user_id;
  };
}

export interface Connected {
  session: Session;
  /** Renews its own session after a TokenException on a read when `canRelogin`. */
  broker: Broker;
  /** Whether this run may log in again when its session ends (see canRelogin). */
  canRelogin: boolean;
  /** A new session (after TokenException): logs in again; the returned broker uses it. */
  relogin: () => Promise<Broker>;
}

/**
 * Who can log in again in the middle of a run (Kite tokens end at 06:00 IST, and a session may end during
 * login, planning, a wait or execution): paper mode always (the simulator's page is submitted without a
 * browser), a person at a terminal, never an unattended --quiet live run, and never a run on
 * KITE_ACCESS_TOKEN (a token from outside cannot be renewed).
 */
export const canRelogin = (mode: Backend['mode'], interactive: boolean, quiet: boolean, sessionSource: 'env' | 'stored' | 'login'): boolean =>
  sessionSource !== 'env' && (mode === 'paper' || (interactive && !quiet));

/** Session (env token, stored token, or login) and a rate-limited Kite broker for it. */
export async function connectAccount(
  io: CliIo,
  backend: Backend,
  stores: Stores,
  opts: {
    quiet: boolean;
    userId?: string;
    forceLogin?: boolean;
    /** The TUI's own user picker and login status display, instead of prompts and lines on stderr. */
    chooseUser?: (records: TokenRecord[]) => Promise<string | null>;
    onStatus?: (s: Parameters<typeof loginStatusLine>[0]) => void;
  },
): Promise<Connected> {
  const sessionOptions = {
    stores,
    clock: backend.clock,
    quiet: opts.quiet || !io.interactive,
    paper: backend.mode === 'paper',
    signal: io.signal,
    isTty: io.stdoutIsTTY,
    onStatus:
      opts.onStatus ??
      ((s: Parameters<typeof loginStatusLine>[0]) => {
        if (!isNotableTick(s)) return;
        const line = loginStatusLine(s);
        if (line) io.err(line);
      }),
    onNotice: (line: string) => io.err(line),
    ...(opts.userId ? { userId: opts.userId } : {}),
    ...(opts.forceLogin ? { forceLogin: true } : {}),
    ...(io.interactive && !opts.quiet ? { chooseUser: opts.chooseUser ?? chooseUserPrompt(io) } : {}),
  };
  const session = await obtainSession(backend.auth, sessionOptions);
  // One limiter for the account: a re-login must not reset the count of requests Kite has seen.
  const rateLimiter = new RateLimiter(backend.clock);
  const brokerFor = (accessToken: string) =>
    createKiteBroker({ apiKey: backend.auth.apiKey, accessToken, root: backend.auth.apiRoot, clock: backend.clock, rateLimiter });
  const login = async () => brokerFor((await obtainSession(backend.auth, { ...sessionOptions, forceLogin: true })).accessToken);
  const renewable = canRelogin(backend.mode, io.interactive, opts.quiet, session.source);
  if (!renewable) return { session, broker: brokerFor(session.accessToken), canRelogin: false, relogin: login };
  const broker = renewingBroker(brokerFor(session.accessToken), login, (why) =>
    io.err(`The Kite session expired or was invalidated (${why}); logging in again.`),
  );
  return {
    session,
    broker,
    canRelogin: true,
    relogin: async () => {
      await broker.renew();
      return broker;
    },
  };
}
