import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { KiteConnect, type Connect } from 'kiteconnect';
import { generateFernetKey } from '../../source/auth/fernet.js';
import { openStores } from '../../source/store/index.js';
import { checkInvariants, type BookOrder, type Observed } from './invariants.js';
import { runApp, startSimProcess, type Finished } from './processes.js';
import { flagsOf, type ChaosWorld } from './world.js';

const API_KEY = 'paper_api_key';
const API_SECRET = 'paper_api_secret';
/**
 * A process that runs longer than this (real ms) is killed and reported as hung: a whole trading day of clock
 * time (an order whose cancellations all failed is tracked until the exchange expires it at the close).
 */
const processLimitMs = (scale: number) => Math.max(90_000, (9 * 3_600_000) / scale);
/**
 * Why a run may stay unfinished: the day's order cap, Kite's order endpoint down, or the session (or the
 * market) over before the next open; each says so in one line.
 */
const LEGITIMATE_STOP = /daily order cap|order endpoint has failed|NSE opens .* after the Kite session ends|waits for NSE to open/;
/** Resumes of an unfinished run before the run counts as stuck. */
const MAX_RESUMES = 4;

export interface RunReport {
  seed: number;
  kills: number;
  resumes: number;
  orders: number;
  violations: string[];
  /** What the run ended as, for the tally: finished, failed, no-run… */
  outcome: string;
  /** Faults that fired, by kind (scheduled minus those the simulator still held at the end). */
  fired: Record<string, number>;
  /** The last line the app printed on stderr. */
  lastLine: string;
  realMs: number;
}

async function login(url: string): Promise<{ kc: Connect; token: string }> {
  const res = await fetch(`${url}/connect/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ api_key: API_KEY, user_id: 'CH0001', password: 'chaos', redirect_params: '' }).toString(),
  });
  const requestToken = new URL(res.headers.get('location') as string).searchParams.get('request_token') as string;
  const kc = new KiteConnect({ api_key: API_KEY, root: url });
  const session = await kc.generateSession(requestToken, API_SECRET);
  return { kc, token: session.access_token };
}

/** A read of the simulator from the runner, waiting out the rate limit it shares with the app. */
async function read<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (attempt >= 20) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The faults that fired, from the simulator's closing line ("Faults fired: N; not fired: [...]"). */
function firedFaults(world: ChaosWorld, simOutput: string): Record<string, number> {
  const fired: Record<string, number> = {};
  for (const f of world.scenario.faults ?? []) fired[f.kind] = (fired[f.kind] ?? 0) + (f.count ?? 1);
  const m = /Faults fired: \d+; not fired: (\[.*\])/.exec(simOutput);
  const left = m ? (JSON.parse(m[1] as string) as { kind: string; count: number }[]) : [];
  for (const f of left) fired[f.kind] = (fired[f.kind] ?? 0) - f.count;
  for (const k of Object.keys(fired)) if (!fired[k]) delete fired[k];
  return fired;
}

/** One chaos run: a standalone simulator, the app live against it, SIGKILLs, resumes, then the invariants. */
export async function chaosRun(world: ChaosWorld): Promise<RunReport> {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'kr-chaos-'));
  const scenarioFile = join(dir, 'scenario.json');
  const basketFile = join(dir, world.basket.format === 'stocks' ? 'basket.json' : 'legacy-basket.json');
  writeFileSync(scenarioFile, JSON.stringify(world.scenario));
  writeFileSync(basketFile, world.basket.text);
  const startMs = DateTime.fromISO(world.startIst, { zone: 'Asia/Kolkata' }).toMillis();
  const clockEnv = (ms: number) => ({
    KITE_REBALANCE_FAKE_NOW: DateTime.fromMillis(ms, { zone: 'Asia/Kolkata' }).toISO() as string,
    KITE_REBALANCE_TIME_SCALE: String(world.scale),
  });
  const sim = await startSimProcess(scenarioFile, clockEnv(startMs), dir);
  const simNow = () => startMs + (Date.now() - sim.anchorMs) * world.scale;
  const report: RunReport = { seed: world.seed, kills: 0, resumes: 0, orders: 0, violations: [], outcome: 'no-run', fired: {}, lastLine: '', realMs: 0 };
  try {
    const { kc, token } = await login(sim.url);
    const home = join(dir, 'data');
    const baseEnv = {
      ZERODHA_API_KEY: API_KEY,
      KITE_API_ROOT: sim.url,
      KITE_LOGIN_URL: `${sim.url}/connect/login`,
      KITE_ACCESS_TOKEN: token,
      ENCRYPTION_KEY: generateFernetKey(),
      KITE_REBALANCE_HOME: home,
    };
    const app = async (args: string[], killAfterMs: number | null): Promise<Finished> => {
      const r = await runApp(args, { ...baseEnv, ...clockEnv(simNow()) }, { killAfterMs, limitMs: processLimitMs(world.scale), cwd: dir });
      if (process.env.CHAOS_DEBUG) console.error(`$ kite-rebalance ${args.join(' ')} → ${r.code}${r.killed ? ' (killed)' : ''}\n${r.stderr}`);
      if (r.killed) report.kills++;
      if (r.hung) report.violations.push(`kite-rebalance ${args.join(' ')} still running after ${processLimitMs(world.scale) / 1000} s (killed)`);
      else if (!r.killed && /\n\s+at .+:\d+:\d+\)?\n/.test(r.stderr))
        report.violations.push(`stack trace printed by kite-rebalance ${args[0]}: ${r.stderr.slice(0, 400)}`);
      return r;
    };
    const runIds = async (): Promise<string[]> => {
      const stores = await openStores({ home });
      try {
        return (await stores.journal.listRuns(50)).map((r) => r.run_id);
      } finally {
        await stores.close();
      }
    };
    const status = async (runId: string) => {
      const stores = await openStores({ home });
      try {
        return (await stores.journal.getRun(runId))?.status ?? null;
      } finally {
        await stores.close();
      }
    };

    const runArgs = [basketFile, '--live', '--quiet', '--json', ...flagsOf(world.options)];
    const processes: Finished[] = [];
    processes.push(await app(runArgs, world.kills[0] ?? null));
    let ids = await runIds();
    if (ids.length === 0 && processes[0]!.killed) {
      // Killed before its run was recorded: nothing can have been placed, so the user starts again.
      processes.push(await app(runArgs, null));
      ids = await runIds();
    }
    const runId = ids[0];
    let sessionStopped = processes.some((p) => /session expired or invalid/i.test(p.stderr));
    if (runId) {
      let st = await status(runId);
      while (st !== 'finished' && report.resumes < MAX_RESUMES) {
        report.resumes++;
        const r = await app(['resume', runId, '--quiet', '--json'], report.resumes === 1 ? (world.kills[1] ?? null) : null);
        processes.push(r);
        sessionStopped ||= /session expired or invalid/i.test(r.stderr);
        st = await status(runId);
        if (st !== 'finished' && !r.killed && LEGITIMATE_STOP.test(r.stderr)) break;
      }
      report.outcome = st ?? 'missing';
      if (st !== 'finished' && sessionStopped && !LEGITIMATE_STOP.test(processes.at(-1)?.stderr ?? '')) {
        report.violations.push(`a run stopped by an expired session did not resume to completion (status ${st})`);
      }
      if (st === 'finished') {
        const before = (await read(() => kc.getOrders())).length;
        report.resumes++;
        const again = await app(['resume', runId, '--quiet', '--json'], null);
        const after = (await read(() => kc.getOrders())).length;
        if (after !== before) report.violations.push(`resuming the finished run ${runId} placed ${after - before} order(s)`);
        if (again.code !== 2 || !/already finished; nothing to resume/.test(again.stderr)) {
          report.violations.push(`resuming the finished run ${runId} did not say so (exit ${again.code}: ${again.stderr.trim().slice(0, 200)})`);
        }
      } else if (!LEGITIMATE_STOP.test(processes.at(-1)?.stderr ?? '')) {
        report.violations.push(`run ${runId} still ${st} after ${MAX_RESUMES} resumes: ${processes.at(-1)?.stderr.trim().split('\n').at(-1) ?? ''}`);
      }
    } else if (processes.some((p) => p.code === 1 && !p.killed && !/Nothing to trade|nothing was placed/i.test(p.stderr))) {
      report.outcome = 'refused';
    }

    report.lastLine = processes.at(-1)?.stderr.trim().split('\n').at(-1) ?? '';
    const stores = await openStores({ home });
    let journal: Observed['journal'];
    try {
      journal = [];
      for (const id of ids) {
        const run = await stores.journal.getRun(id);
        journal.push({ runId: id, status: run?.status ?? 'missing', entries: await stores.journal.entries(id) });
      }
    } finally {
      await stores.close();
    }
    const observed: Observed = {
      orders: (await read(() => kc.getOrders())) as unknown as BookOrder[],
      margins: (await read(() => kc.getMargins())) as Observed['margins'],
      journal,
      simNowMs: simNow(),
    };
    report.orders = observed.orders.length;
    report.violations.push(...checkInvariants(world, observed));
  } catch (e) {
    report.violations.push(`chaos driver error: ${(e as Error).message}`);
  } finally {
    report.fired = firedFaults(world, await sim.stop());
    rmSync(dir, { recursive: true, force: true });
  }
  report.realMs = Date.now() - started;
  return report;
}
