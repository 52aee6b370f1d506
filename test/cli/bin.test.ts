import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBuilt, repoRoot, runBin } from '../support/run-bin.js';

const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/);

describe.skipIf(!isBuilt())('bin/kite-rebalance (built launcher)', () => {
  it('--help lists commands, flags and env variables, exit 0', async () => {
    const r = await runBin(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kite-rebalance <basket.json>');
    expect(r.stdout).toContain('--live');
    expect(r.stdout).toContain('KITE_REBALANCE_FAKE_NOW');
  });

  it('a malformed ./.env: --help still works; a run is one line naming the file and line, exit 2, no stack trace', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'kr-dotenv-'));
    writeFileSync(join(cwd, '.env'), 'ZERODHA_API_KEY=abc\nthis is not a setting\n');
    const help = await runBin(['--help'], { cwd });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('kite-rebalance <basket.json>');
    const run = await runBin([join(repoRoot, 'baskets', 'nifty50-momentum.json')], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\.env:2: expected KEY=value/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    noStack(run.stderr);
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [[], /missing basket file/],
    [['b.json', '--dry-run', '--live'], /conflict/],
  ])('usage error %j: one line on stderr, exit 2', async (args, pattern) => {
    const r = await runBin(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
    noStack(r.stderr);
  });

  it('a missing basket file is a one-line error, exit 2', async () => {
    const r = await runBin(['/nonexistent/basket.json', '--paper', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/nonexistent/basket.json');
    noStack(r.stderr);
  });

  it.each([
    ['not json', '{"stocks": [', /JSON/i],
    ['empty', '', /empty/i],
    ['neither format', '{"foo": 1}', /format|stocks/i],
    [
      'weights above 1',
      JSON.stringify({
        stocks: [
          { stock_ticker: 'INFY', weight: 0.7 },
          { stock_ticker: 'TCS', weight: 0.6 },
        ],
      }),
      /add up to 1.3, more than 1/,
    ],
  ])('a bad basket (%s) fails before any broker call, exit 2', async (_name, content, pattern) => {
    const dir = mkdtempSync(join(tmpdir(), 'kr-basket-'));
    const file = join(dir, 'basket.json');
    writeFileSync(file, content);
    const r = await runBin([file, '--paper', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).toContain(file);
    expect(r.stderr).not.toMatch(/Simulator|paper account|placed/i);
    noStack(r.stderr);
  });

  it('bad environment is a one-line error, exit 2', async () => {
    const r = await runBin([join(repoRoot, 'baskets', 'nifty50-momentum.json')], { env: { KITE_REDIRECT_URL: 'http://evil.example/cb' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/KITE_REDIRECT_URL/);
    noStack(r.stderr);
  });

  it('keygen prints a Fernet key', async () => {
    const r = await runBin(['keygen']);
    expect(r.code).toBe(0);
    expect(Buffer.from(r.stdout.trim(), 'base64url')).toHaveLength(32);
  });
});
