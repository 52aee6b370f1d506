import { kiteTokenExpiry } from '../auth/expiry.js';
import type { Session } from '../auth/session.js';
import type { Broker } from '../broker/port.js';
import { isBrokerError } from '../broker/port.js';
import type { CliIo } from './io.js';
import { readEnvConfig } from '../config/env.js';
import type { Clock } from '../core/clock.js';
import { diagnose, ltpInstruments, tally, type DoctorCheck, type DoctorInput } from '../core/doctor/index.js';
import type { DoctorOrder, Read } from '../core/doctor/types.js';
import { ExitCode } from '../core/exit-codes.js';
import { runIdOfTag } from '../engine/ids.js';
import { istDateTime } from '../core/ist.js';
import { openBackend, type Backend } from './backend.js';
import { connectAccount, openBackendStores } from './connect.js';

/** What `kite-rebalance doctor` was asked (the CLI's doctor command fits it). */
export interface DoctorOptions {
  json: boolean;
  quiet: boolean;
  paper: boolean;
  scenarioFile?: string;
  userId?: string;
}

/** Asked when the account holds nothing, so that the quotes permission is still tested. */
const PROBE_INSTRUMENT = 'NSE:INFY';

/** A read-only call's answer, or how Kite refused it; anything that is not a broker's answer is a bug and propagates. */
async function read<T>(call: () => Promise<T>): Promise<Read<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (e) {
    if (!isBrokerError(e)) throw e;
    return { ok: false, error: { errorType: e.errorType, message: e.message, ...(e.httpStatus !== undefined ? { httpStatus: e.httpStatus } : {}) } };
  }
}

const timestamp = (t: string | Date | undefined): string | undefined => (t instanceof Date ? t.toISOString() : t);

/**
 * The read-only calls doctor makes, one each: profile, margins, holdings, positions, orders, the NSE
 * instruments list, and one `/quote/ltp` call for every holding's NSE symbol. Nothing is placed, cancelled
 * or authorised.
 */
export async function readAccount(broker: Broker, session: Pick<Session, 'userId' | 'source'>, clock: Clock): Promise<DoctorInput> {
  const nowMs = clock.now();
  const profile = await read(() => broker.profile());
  const margins = await read(() => broker.margins());
  const holdings = await read(() => broker.holdings());
  const positions = await read(async () => (await broker.positions()).net);
  const orders = await read(async () =>
    (await broker.orders()).map((o): DoctorOrder => ({
      order_id: o.order_id,
      status: o.status,
      tradingsymbol: o.tradingsymbol,
      exchange: o.exchange,
      product: o.product,
      transaction_type: o.transaction_type,
      quantity: o.quantity,
      filled_quantity: o.filled_quantity,
      tag: o.tag,
      ...(timestamp(o.order_timestamp) ? { order_timestamp: timestamp(o.order_timestamp) as string } : {}),
      run_id: runIdOfTag(o.tag),
    })),
  );
  const instruments = await read(() => broker.instruments('NSE'));
  const held = ltpInstruments(holdings.ok ? holdings.value : [], instruments.ok ? instruments.value : null);
  const asked = held.length > 0 ? held : [PROBE_INSTRUMENT];
  const answer = await read(() => broker.ltp(asked));
  return {
    nowMs,
    // A token that answers now dies at the first 06:00 IST after now (Kite ends every session then).
    session: { userId: session.userId, source: session.source, validUntilMs: kiteTokenExpiry(nowMs) },
    profile,
    margins,
    holdings,
    positions,
    orders,
    ltp: { instruments: asked, answer },
    instruments,
  };
}

const LABEL = { ok: 'ok', warning: 'warning', problem: 'PROBLEM' } as const;

export function doctorLines(userId: string, checks: readonly DoctorCheck[], nowMs: number): string[] {
  const t = tally(checks);
  return [
    `Kite account ${userId}, ${istDateTime(nowMs)}: read-only checks (nothing is placed or authorised)`,
    ...checks.map((c) => `  ${LABEL[c.verdict].padEnd(8)} ${c.title}: ${c.sentence}`),
    `${t.ok} ok, ${t.warning} warning(s), ${t.problem} problem(s).${t.problem > 0 || t.warning > 0 ? ' `kite-rebalance doctor --json` shows the Kite fields behind each line.' : ''}`,
  ];
}

export function doctorDocument(mode: Backend['mode'], userId: string, checks: readonly DoctorCheck[], nowMs: number) {
  return {
    command: 'doctor',
    mode,
    user_id: userId,
    checked_at: istDateTime(nowMs),
    summary: tally(checks),
    checks: checks.map((c) => ({ id: c.id, title: c.title, verdict: c.verdict, sentence: c.sentence, fields: c.fields })),
  };
}

/** Doctor on an open backend (the tests use it to read the simulator's request log afterwards). */
export async function doctorOn(backend: Backend, io: CliIo, opts: { json: boolean; quiet: boolean; userId?: string }): Promise<number> {
  const stores = await openBackendStores(io, backend);
  const account = await connectAccount(io, backend, stores, { quiet: opts.quiet, ...(opts.userId ? { userId: opts.userId } : {}) });
  const input = await readAccount(account.broker, account.session, backend.clock);
  const checks = diagnose(input);
  if (opts.json) io.out(JSON.stringify(doctorDocument(backend.mode, account.session.userId, checks, input.nowMs), null, 2));
  else for (const line of doctorLines(account.session.userId, checks, input.nowMs)) io.out(line);
  return checks.some((c) => c.verdict === 'problem') ? ExitCode.failed : ExitCode.ok;
}

/** `kite-rebalance doctor`: check a real (or paper) account without trading. */
export async function runDoctor(command: DoctorOptions, io: CliIo): Promise<number> {
  const env = readEnvConfig(io.env);
  const backend = await openBackend({ env, paper: command.paper, cwd: io.cwd, ...(command.scenarioFile ? { scenarioFile: command.scenarioFile } : {}) });
  io.onCleanup(() => backend.close());
  for (const n of backend.notices) io.err(n);
  return doctorOn(backend, io, { json: command.json, quiet: command.quiet, ...(command.userId ? { userId: command.userId } : {}) });
}
