import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { AuthConfig } from '../auth/app-session.js';
import { paperEncryptionKey } from '../auth/paper-key.js';
import type { EnvConfig } from '../config/env.js';
import type { MarketCalendar } from '../core/calendar.js';
import { loadCalendar } from './calendar-file.js';
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { clockForScenario, readScenarioFile } from '../sim/command.js';
import { defaultScenario } from '../sim/scenario.js';
import { startSimulator, type RunningSim } from '../sim/server.js';
import { resolveDataDir } from '../store/data-dir.js';
import type { StoreEnv } from '../store/index.js';
import { clockFromEnv } from './clock.js';
import { istDateTime } from '../core/ist.js';

/** Where the run's broker lives: the real Kite, or the simulator started in this process (paper mode). */
export interface Backend {
  mode: 'live' | 'paper';
  auth: AuthConfig;
  clock: Clock;
  calendar: MarketCalendar;
  storeEnv: StoreEnv;
  /** Lines to show before anything else (paper-mode announcement, clock notes). */
  notices: string[];
  sim?: RunningSim;
  close(): Promise<void>;
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Paper mode's clock: real time, unless the market is closed now and no fake time was asked for; then the
 * simulated account starts at the next session's open, so the demo finishes instead of waiting for days.
 */
function paperStart(env: EnvConfig, calendar: MarketCalendar, notices: string[]): number | undefined {
  if (env.fakeNowMs !== undefined) return undefined;
  const now = Date.now();
  if (calendar.isOpen(now)) return undefined;
  const next = calendar.nextSession(now);
  const start = next.openMs + 60_000;
  notices.push(`Paper mode: NSE is closed now, so the simulated market starts at ${istDateTime(start)} (set KITE_REBALANCE_FAKE_NOW to choose another time).`);
  return start;
}

/** Where the stores are, without starting anything (users, history). Paper data lives apart from real data. */
export function storeEnvFor(env: EnvConfig, paper: boolean): StoreEnv {
  if (paper || env.apiKey === undefined) return { home: join(resolveDataDir(env.home), 'paper') };
  const storeEnv: StoreEnv = { mongodbDbName: env.mongodbDbName };
  if (env.mongodbUri) storeEnv.mongodbUri = env.mongodbUri;
  if (env.home) storeEnv.home = env.home;
  return storeEnv;
}

export async function openBackend(input: { env: EnvConfig; paper: boolean; scenarioFile?: string; cwd: string }): Promise<Backend> {
  const { env } = input;
  const calendar = loadCalendar(resolveDataDir(env.home));
  const paper = input.paper || env.apiKey === undefined;
  if (!paper) {
    const auth: AuthConfig = { apiKey: env.apiKey as string, apiRoot: env.apiRoot, loginUrl: env.loginUrl, redirectUrl: env.redirectUrl };
    if (env.apiSecret) auth.apiSecret = env.apiSecret;
    if (env.encryptionKey) auth.encryptionKey = env.encryptionKey;
    if (env.accessToken) auth.accessToken = env.accessToken;
    return { mode: 'live', auth, clock: clockFromEnv(env), calendar, storeEnv: storeEnvFor(env, false), notices: [], close: async () => undefined };
  }

  const notices: string[] = [];
  if (!input.paper) notices.push('ZERODHA_API_KEY is not set: running in PAPER mode on the built-in Kite simulator (no real account, no real orders).');
  else notices.push('PAPER mode: the built-in Kite simulator stands in for Zerodha; no real orders are placed.');
  const scenario = input.scenarioFile ? await readScenarioFile(resolve(input.cwd, input.scenarioFile)) : defaultScenario();
  const baseClock = clockFromEnv(env, scenario.clock?.start === undefined ? paperStart(env, calendar, notices) : undefined);
  const clock = clockForScenario(scenario, baseClock);
  const redirectUrl = `http://127.0.0.1:${await freeLoopbackPort()}/callback`;
  const sim = await startSimulator({ clock, scenario, port: 0, redirectUrl, quiet: true, calendar });
  // Paper data (tokens, journals, its own encryption key) never mixes with a real account's.
  const paperHome = storeEnvFor(env, true).home as string;
  let encryptionKey: string;
  try {
    encryptionKey = await paperEncryptionKey(paperHome);
  } catch (e) {
    await sim.close();
    throw new AppError('store', `cannot prepare the paper data directory ${paperHome}: ${(e as Error).message}`);
  }
  return {
    mode: 'paper',
    auth: { apiKey: sim.apiKey, apiSecret: sim.apiSecret, apiRoot: sim.url, loginUrl: `${sim.url}/connect/login`, redirectUrl, encryptionKey },
    clock,
    calendar,
    storeEnv: { home: paperHome },
    notices,
    sim,
    close: () => sim.close(),
  };
}
