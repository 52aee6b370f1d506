import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctorOn } from '../../source/app/doctor.js';
import { openBackend } from '../../source/app/backend.js';
import type { CliIo } from '../../source/app/io.js';
import { readEnvConfig } from '../../source/config/env.js';
import { generateFernetKey } from '../../source/auth/fernet.js';
import type { SimRequest } from '../../source/sim/server.js';
import { isBuilt, runBin } from '../support/run-bin.js';
import { HOLDINGS_READINGS, jsonFile } from '../support/scenario-file.js';
import { startTestSim, type TestSim } from '../support/test-sim.js';

/**
 * `kite-rebalance doctor` as a user runs it: against the paper simulator (text and --json, per scenario), and
 * against a simulator whose request log proves that doctor only reads: no POST/PUT/DELETE except the login's own.
 */
const FAKE_NOW = '2026-11-25T10:00:00+05:30'; // a Wednesday, market open

interface JsonCheck {
  id: string;
  verdict: string;
  sentence: string;
  fields: Record<string, unknown>;
}
const byId = (doc: { checks: JsonCheck[] }, id: string): JsonCheck => doc.checks.find((c) => c.id === id) as JsonCheck;

/** The calls a login itself makes (the simulator's login form and the token exchange); everything else must be a read. */
const LOGIN_WRITES = new Set(['POST /connect/login', 'POST /session/token']);
const writes = (requests: readonly SimRequest[]) => requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD').map((r) => `${r.method} ${r.path}`);

describe.skipIf(!isBuilt())('doctor --paper from the command line', () => {
  // The T1 row tells the readings apart: documented, quantity 350 = T1 50 + realised 300; observed, quantity 300 free.
  const readings = [
    { ...HOLDINGS_READINGS[0], itcQuantity: 350, sbinQuantity: 100 },
    { ...HOLDINGS_READINGS[1], itcQuantity: 300, sbinQuantity: 80 },
  ];
  it.each(readings)(
    '--json on a free-plan, no-DDPI account with T1 and pledged shares: each verdict with the Kite fields behind it ($reading)',
    async ({ switches, itcQuantity, sbinQuantity }) => {
      const file = jsonFile({
        ...switches,
        cash: 50000,
        holdings: [
          { tradingsymbol: 'ITC', quantity: 350, t1_quantity: 50, average_price: 400, isin: 'INE154A01025' },
          { tradingsymbol: 'SBIN', quantity: 100, collateral_quantity: 20, authorised_quantity: 30, average_price: 700 },
        ],
        prices: { ITC: 410, SBIN: 810 },
        ltp_permission: false,
        ddpi: false,
      });
      const r = await runBin(['doctor', '--paper', '--scenario', file, '--json'], { env: { KITE_REBALANCE_FAKE_NOW: FAKE_NOW } });
      expect(r.code, r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(doc).toMatchObject({ command: 'doctor', mode: 'paper', user_id: 'PA0001' });
      expect(byId(doc, 'session')).toMatchObject({ verdict: 'ok', fields: { valid_until: 'Thu 26 Nov 2026 06:00 IST' } });
      expect(byId(doc, 'quotes')).toMatchObject({ verdict: 'warning', fields: { ltp_error: { errorType: 'PermissionException', httpStatus: 403 } } });
      expect(byId(doc, 'quotes').sentence).toMatch(/--prices FILE/);
      // ddpi false: demat_consent "" with 30 SBIN authorised today (the simulator dates authorisations today)
      expect(byId(doc, 'demat')).toMatchObject({ verdict: 'ok', fields: { 'profile.meta.demat_consent': '', authorised_today: { SBIN: 30 } } });
      expect(byId(doc, 'holdings-reading')).toMatchObject({ verdict: 'ok', fields: { reading: switches.holdings_semantics } });
      expect(byId(doc, 'holdings-reading').fields.deciding_rows).toContainEqual(
        expect.objectContaining({ tradingsymbol: 'ITC', quantity: itcQuantity, t1_quantity: 50, realised_quantity: 300, fits: [switches.holdings_semantics] }),
      );
      expect(byId(doc, 'pledged')).toMatchObject({
        verdict: 'warning',
        fields: { pledged: [expect.objectContaining({ tradingsymbol: 'SBIN', collateral_quantity: 20, quantity: sbinQuantity })] },
      });
      expect(byId(doc, 'prices').verdict).toBe('warning'); // last prices only, quotes refused
      expect(doc.summary).toEqual({ ok: 7, warning: 3, problem: 0 });
      expect(r.stdout).not.toMatch(/access_token|paper_api_secret/);
    },
  );

  it('text: one line per check with its verdict and a summary line', async () => {
    const r = await runBin(['doctor', '--paper'], { env: { KITE_REBALANCE_FAKE_NOW: FAKE_NOW } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/PAPER mode/);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Kite account PA0001, Wed 25 Nov 2026 10:\d\d IST: read-only checks \(nothing is placed or authorised\)$/);
    expect(lines.slice(1, -1)).toHaveLength(10);
    for (const l of lines.slice(1, -1)) expect(l).toMatch(/^ {2}(ok|warning|PROBLEM) +[A-Z][^:]+: \S/);
    expect(r.stdout).toMatch(/^ {2}(ok|warning) +Selling \(DDPI\/POA\/eDIS\): .*demat_consent "(physical|consent)"/m);
    expect(r.stdout).toMatch(/ok +Quotes: live quotes are allowed/);
    const count = (v: string) => lines.filter((l) => l.startsWith(`  ${v} `)).length;
    expect(lines.at(-1)).toMatch(new RegExp(`^${count('ok')} ok, ${count('warning')} warning\\(s\\), 0 problem\\(s\\)\\.`));
  });

  it('a problem (quotes failing) exits 1', async () => {
    const file = jsonFile({ holdings: [{ tradingsymbol: 'ITC', quantity: 10 }], faults: [{ endpoint: 'ltp', kind: '500', count: 50 }] });
    // Reads are retried with backoff before a quote counts as failed; a fast clock keeps the waits short.
    const r = await runBin(['doctor', '--paper', '--scenario', file], { env: { KITE_REBALANCE_FAKE_NOW: FAKE_NOW, KITE_REBALANCE_TIME_SCALE: '100' } });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/PROBLEM +Quotes: a quote could not be read \(GeneralException/);
  });

  it('usage: --scenario needs --paper; doctor takes no argument', async () => {
    expect((await runBin(['doctor', '--scenario', 'x.json'])).stderr).toMatch(/--scenario needs --paper/);
    expect((await runBin(['doctor', 'extra'])).code).toBe(2);
  });
});

describe.skipIf(!isBuilt())('doctor places and authorises nothing (the simulator request log)', () => {
  let t: TestSim;
  beforeAll(async () => {
    t = await startTestSim({ fill: { stay_open: ['ITC'] } });
  });
  afterAll(() => t?.close());

  it('a live account: only GET requests; an earlier run still open is named; the order book is unchanged', async () => {
    // An earlier kite-rebalance run left a sell open (its tag is the engine's: K + run id + round + side + leg).
    await t.kite.placeOrder('regular', {
      exchange: 'NSE',
      tradingsymbol: 'ITC',
      transaction_type: 'SELL',
      quantity: 10,
      product: 'CNC',
      order_type: 'MARKET',
      validity: 'DAY',
      market_protection: -1,
      tag: 'Kab12cd341S000',
    } as Parameters<typeof t.kite.placeOrder>[1]);
    t.clock.advance(5_000);
    const bookBefore = t.sim.state.orders().map((o) => ({ ...o }));
    const from = t.sim.requests.length;
    const home = mkdtempSync(join(tmpdir(), 'kr-doc-'));
    const r = await runBin(['doctor', '--json'], {
      env: {
        ZERODHA_API_KEY: t.sim.apiKey,
        KITE_API_ROOT: t.sim.url,
        KITE_LOGIN_URL: `${t.sim.url}/connect/login`,
        KITE_ACCESS_TOKEN: t.sim.issueAccessToken(),
        ENCRYPTION_KEY: generateFernetKey(),
        KITE_REBALANCE_FAKE_NOW: '2026-11-23T10:00:05+05:30',
        KITE_REBALANCE_HOME: home,
      },
    });
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(byId(doc, 'open-orders')).toMatchObject({
      verdict: 'problem',
      fields: { open_orders: [expect.objectContaining({ tag: 'Kab12cd341S000', run_id: 'ab12cd34', status: 'OPEN' })] },
    });
    expect(byId(doc, 'open-orders').sentence).toContain('kite-rebalance resume ab12cd34');

    const made = t.sim.requests.slice(from);
    expect(made.map((q) => `${q.method} ${q.path}`)).toEqual(
      expect.arrayContaining([
        'GET /user/profile',
        'GET /user/margins/equity',
        'GET /portfolio/holdings',
        'GET /portfolio/positions',
        'GET /orders',
        'GET /instruments/NSE',
        'GET /quote/ltp',
      ]),
    );
    expect(made.filter((q) => q.path === '/quote/ltp')).toHaveLength(1);
    expect(writes(made)).toEqual([]);
    expect(t.sim.state.orders()).toEqual(bookBefore);
  });
});

describe('doctor --paper in process: the login is the only write', () => {
  it('GETs plus the login form and the token exchange; nothing placed', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kr-doc-paper-'));
    const env = readEnvConfig({ KITE_REBALANCE_HOME: home, KITE_REBALANCE_FAKE_NOW: FAKE_NOW });
    const backend = await openBackend({ env, paper: true, cwd: home });
    const out: string[] = [];
    const cleanups: (() => unknown)[] = [];
    const io: CliIo = {
      out: (l) => void out.push(l),
      err: () => undefined,
      interactive: false,
      stdoutIsTTY: false,
      env: {},
      cwd: home,
      signal: new AbortController().signal,
      onCleanup: (fn) => void cleanups.push(fn),
    };
    try {
      const code = await doctorOn(backend, io, { json: true, quiet: true });
      expect(code).toBe(0);
      expect(JSON.parse(out.join('\n')).user_id).toBe('PA0001');
      const sim = backend.sim!;
      const all = writes(sim.requests);
      expect(all.length).toBeGreaterThan(0); // the login happened here
      expect(all.filter((w) => !LOGIN_WRITES.has(w))).toEqual([]);
      expect(sim.state.orders()).toEqual([]);
    } finally {
      for (const fn of cleanups.reverse()) await fn();
      await backend.close();
    }
  });
});
