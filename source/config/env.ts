import { DateTime } from 'luxon';
import { AppError } from '../core/errors.js';

/** Validated settings from the environment (+ .env). Secrets stay here and are never printed. */
export interface EnvConfig {
  apiKey?: string;
  apiSecret?: string;
  encryptionKey?: string;
  mongodbUri?: string;
  mongodbDbName: string;
  apiRoot: string;
  loginUrl: string;
  redirectUrl: string;
  redirect: { host: string; port: number; path: string };
  accessToken?: string;
  home?: string;
  fakeNowMs?: number;
  timeScale: number;
}

const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v.trim());

/**
 * Keys and tokens travel in an HTTP header: a line break or space inside one (pasted with it) would be sent as
 * part of the header. Refused by name; the value, a secret, is never shown.
 */
function credential(name: string, raw: string | undefined): string | undefined {
  const v = nonEmpty(raw);
  if (v !== undefined && !/^[\x21-\x7e]+$/.test(v)) {
    throw new AppError('config', `${name} contains a space, a line break or another character a Kite key or token never has`, {
      hint: 'copy it again without the surrounding text',
    });
  }
  return v;
}

function url(name: string, raw: string, protocols: string[]): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new AppError('config', `${name} is not a URL: "${raw}"`);
  }
  if (!protocols.includes(u.protocol)) throw new AppError('config', `${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  return u;
}

export function readEnvConfig(env: Record<string, string | undefined>): EnvConfig {
  const apiRoot = nonEmpty(env.KITE_API_ROOT) ?? 'https://api.kite.trade';
  url('KITE_API_ROOT', apiRoot, ['https:', 'http:']);
  const loginUrl = nonEmpty(env.KITE_LOGIN_URL) ?? 'https://kite.zerodha.com/connect/login';
  url('KITE_LOGIN_URL', loginUrl, ['https:', 'http:']);
  const redirectUrl = nonEmpty(env.KITE_REDIRECT_URL) ?? 'http://localhost:8080/callback';
  const r = url('KITE_REDIRECT_URL', redirectUrl, ['http:']);
  if (!['localhost', '127.0.0.1'].includes(r.hostname)) {
    throw new AppError('config', `KITE_REDIRECT_URL must point at this machine (localhost or 127.0.0.1), got host "${r.hostname}"`);
  }
  const port = r.port === '' ? 80 : Number(r.port);

  const config: EnvConfig = {
    mongodbDbName: nonEmpty(env.MONGODB_DB_NAME) ?? 'kite_rebalance',
    apiRoot,
    loginUrl,
    redirectUrl,
    redirect: { host: '127.0.0.1', port, path: r.pathname || '/' },
    timeScale: 1,
  };
  const set = <K extends keyof EnvConfig>(key: K, value: EnvConfig[K] | undefined) => {
    if (value !== undefined) config[key] = value;
  };
  set('apiKey', credential('ZERODHA_API_KEY', env.ZERODHA_API_KEY));
  set('apiSecret', credential('ZERODHA_API_SECRET', env.ZERODHA_API_SECRET));
  set('encryptionKey', nonEmpty(env.ENCRYPTION_KEY));
  set('accessToken', credential('KITE_ACCESS_TOKEN', env.KITE_ACCESS_TOKEN));
  set('home', nonEmpty(env.KITE_REBALANCE_HOME));

  const mongo = nonEmpty(env.MONGODB_URI);
  if (mongo !== undefined) {
    if (!/^mongodb(\+srv)?:\/\//.test(mongo)) throw new AppError('config', 'MONGODB_URI must start with mongodb:// or mongodb+srv://');
    config.mongodbUri = mongo;
  }
  const fakeNow = nonEmpty(env.KITE_REBALANCE_FAKE_NOW);
  if (fakeNow !== undefined) {
    const t = DateTime.fromISO(fakeNow, { zone: 'Asia/Kolkata' });
    if (!t.isValid) throw new AppError('config', `KITE_REBALANCE_FAKE_NOW is not an ISO date-time: "${fakeNow}"`);
    config.fakeNowMs = t.toMillis();
  }
  const scale = nonEmpty(env.KITE_REBALANCE_TIME_SCALE);
  if (scale !== undefined) {
    const n = Number(scale);
    if (!Number.isFinite(n) || n <= 0 || n > 1_000_000) {
      throw new AppError('config', `KITE_REBALANCE_TIME_SCALE must be a number > 0 (got "${scale}")`);
    }
    config.timeScale = n;
  }
  return config;
}
