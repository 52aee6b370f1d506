import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../source/config/dotenv.js';
import { readEnvConfig } from '../../source/config/env.js';
import { ENV_VARS } from '../../source/config/env-vars.js';
import { CLI_OPTIONS } from '../../source/cli/args.js';
import { helpText } from '../../source/cli/help.js';
import { DEFAULT_RUN_OPTIONS } from '../../source/core/run-options.js';

const root = join(import.meta.dirname, '..', '..');

describe('environment config', () => {
  it('has the documented defaults', () => {
    const c = readEnvConfig({});
    expect(c).toMatchObject({
      apiRoot: 'https://api.kite.trade',
      loginUrl: 'https://kite.zerodha.com/connect/login',
      redirectUrl: 'http://localhost:8080/callback',
      redirect: { host: '127.0.0.1', port: 8080, path: '/callback' },
      mongodbDbName: 'kite_rebalance',
      timeScale: 1,
    });
    expect(c.apiKey).toBeUndefined();
  });

  it('reads the clock overrides', () => {
    const c = readEnvConfig({ KITE_REBALANCE_FAKE_NOW: '2026-11-27T16:00:00+05:30', KITE_REBALANCE_TIME_SCALE: '60' });
    expect(new Date(c.fakeNowMs as number).toISOString()).toBe('2026-11-27T10:30:00.000Z');
    expect(c.timeScale).toBe(60);
  });

  it.each([
    [{ KITE_REDIRECT_URL: 'http://example.com/cb' }, /must point at this machine/],
    [{ KITE_REDIRECT_URL: 'not a url' }, /KITE_REDIRECT_URL is not a URL/],
    [{ KITE_API_ROOT: 'ftp://x' }, /KITE_API_ROOT must start with/],
    [{ MONGODB_URI: 'postgres://x' }, /MONGODB_URI must start with mongodb/],
    [{ KITE_REBALANCE_FAKE_NOW: 'yesterday' }, /not an ISO date-time/],
    [{ KITE_REBALANCE_TIME_SCALE: '0' }, /must be a number > 0/],
  ])('rejects %j with a clear message', (env, pattern) => {
    expect(() => readEnvConfig(env)).toThrow(pattern);
  });

  it('parses .env files (comments, quotes, export)', () => {
    expect(parseDotenv('# c\nexport A=1\nB="two words"\nC=three # trailing\n\nD=\n', '.env')).toEqual({ A: '1', B: 'two words', C: 'three', D: '' });
    expect(() => parseDotenv('garbage line', '.env')).toThrow(/\.env:1: expected KEY=value/);
    expect(() => parseDotenv('A=1\nnot a setting\nB=2', '.env')).toThrow(/\.env:2: expected KEY=value/);
    expect(parseDotenv('A="first\nsecond"\nB=2', '.env')).toEqual({ A: 'first\nsecond', B: '2' });
  });

  it('env.template and --help list every variable of ARCHITECTURE.md', () => {
    const template = readFileSync(join(root, 'env.template'), 'utf8');
    const help = helpText();
    const names = ENV_VARS.map(([n]) => n);
    for (const n of [
      'ZERODHA_API_KEY',
      'ZERODHA_API_SECRET',
      'ENCRYPTION_KEY',
      'MONGODB_URI',
      'MONGODB_DB_NAME',
      'KITE_API_ROOT',
      'KITE_LOGIN_URL',
      'KITE_REDIRECT_URL',
      'KITE_ACCESS_TOKEN',
      'KITE_REBALANCE_HOME',
      'KITE_REBALANCE_FAKE_NOW',
      'KITE_REBALANCE_TIME_SCALE',
    ]) {
      expect(names).toContain(n);
      expect(template).toMatch(new RegExp(`^${n}=`, 'm'));
      expect(help).toContain(n);
    }
  });

  it('--help lists every flag the parser accepts', () => {
    const flags = Object.keys(CLI_OPTIONS);
    expect(flags.length).toBeGreaterThan(15);
    const help = helpText();
    for (const f of flags) expect(help).toContain(`--${f}`);
  });

  it("--help states the run options' defaults from the schema, and their environment variables", () => {
    const help = helpText();
    expect(help).toMatch(new RegExp(`--min-order-value N +Smallest order in ₹ \\(default ${DEFAULT_RUN_OPTIONS.minOrderValue}\\)\\.`));
    expect(help).toMatch(new RegExp(`--max-rounds N .*\\(default ${DEFAULT_RUN_OPTIONS.maxRounds}\\)`));
    expect(help).toMatch(/--market-protection P .*\(default auto\)/);
    expect(help).toMatch(/KITE_REBALANCE_CASH_RESERVE +Default for --cash-reserve \(the flag wins\)/);
  });
});
