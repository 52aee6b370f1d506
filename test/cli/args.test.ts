import { describe, expect, it } from 'vitest';
import { parseCli } from '../../source/cli/args.js';
import { AppError } from '../../source/core/errors.js';

function usageError(argv: string[]): AppError {
  try {
    parseCli(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).exitCode).toBe(2);
    expect((e as AppError).message).not.toContain('\n');
    return e as AppError;
  }
  throw new Error(`expected ${argv.join(' ')} to be rejected`);
}

describe('parseCli', () => {
  it("defaults to a dry run with the original tool's ₹100 minimum order", () => {
    const cmd = parseCli(['b.json']);
    expect(cmd).toMatchObject({ name: 'rebalance', flags: { basketFile: 'b.json', mode: 'dry-run', dryRun: false, paper: false, quiet: false } });
    expect(cmd.name === 'rebalance' && cmd.flags.options).toEqual({
      minOrderValue: 100,
      cashReserve: 0,
      buyOnly: false,
      driftBand: 0,
      maxRounds: 3,
      amo: false,
      marketProtection: 'auto',
      autoProtectionPct: 3,
      taxWeight: 1,
    });
  });

  it('reads every rebalance flag', () => {
    const cmd = parseCli([
      'b.json',
      '--live',
      '--quiet',
      '--json',
      '--min-order-value',
      '500',
      '--user-id',
      'ab1234',
      '--target-deficit',
      '2000',
      '--amo',
      '--buy-only',
      '--cash-reserve',
      '1000',
      '--max-rounds',
      '2',
      '--drift-band',
      '0.01',
      '--market-protection',
      '5',
      '--auto-protection-pct',
      '4.5',
      '--tax-weight',
      '0',
      '--max-tax',
      '25000',
    ]);
    expect(cmd).toEqual({
      name: 'rebalance',
      flags: {
        basketFile: 'b.json',
        mode: 'live',
        dryRun: false,
        paper: false,
        quiet: true,
        json: true,
        userId: 'AB1234',
        options: {
          minOrderValue: 500,
          targetDeficit: 2000,
          amo: true,
          buyOnly: true,
          cashReserve: 1000,
          maxRounds: 2,
          driftBand: 0.01,
          marketProtection: 5,
          autoProtectionPct: 4.5,
          taxWeight: 0,
          maxTax: 25000,
        },
      },
    });
  });

  it('takes run options from the environment when no flag gives them; a flag wins', () => {
    const env = {
      KITE_REBALANCE_CASH_RESERVE: '50000',
      KITE_REBALANCE_BUY_ONLY: 'true',
      KITE_REBALANCE_MARKET_PROTECTION: 'auto',
      KITE_REBALANCE_MIN_ORDER_VALUE: '250',
      KITE_REBALANCE_AMO: '0',
      KITE_REBALANCE_TARGET_DEFICIT: '',
      KITE_REBALANCE_AUTO_PROTECTION_PCT: '6',
    };
    const cmd = parseCli(['b.json', '--min-order-value', '500'], () => env);
    expect(cmd.name === 'rebalance' && cmd.flags.options).toEqual({
      minOrderValue: 500,
      cashReserve: 50000,
      buyOnly: true,
      driftBand: 0,
      maxRounds: 3,
      amo: false,
      marketProtection: 'auto',
      autoProtectionPct: 6,
      taxWeight: 1,
    });
  });

  it.each([
    [{ KITE_REBALANCE_CASH_RESERVE: 'lots' }, /^KITE_REBALANCE_CASH_RESERVE must be a rupee amount ≥ 0 \(got "lots"\)$/],
    [{ KITE_REBALANCE_BUY_ONLY: 'maybe' }, /^KITE_REBALANCE_BUY_ONLY must be true or false/],
    [{ KITE_REBALANCE_MARKET_PROTECTION: '0' }, /^KITE_REBALANCE_MARKET_PROTECTION must be a whole percentage from 1 to 100, or auto/],
    [{ KITE_REBALANCE_AUTO_PROTECTION_PCT: '0' }, /^KITE_REBALANCE_AUTO_PROTECTION_PCT must be a percentage above 0 and at most 100/],
  ])('rejects the environment value %j with one line and exit 2', (env, pattern) => {
    try {
      parseCli(['b.json'], () => env);
    } catch (e) {
      expect((e as AppError).exitCode).toBe(2);
      expect((e as AppError).message).toMatch(pattern);
      return;
    }
    throw new Error('expected a rejection');
  });

  it('remembers an explicit --dry-run (paper runs are plan-only with it)', () => {
    expect(parseCli(['b.json', '--paper', '--dry-run'])).toMatchObject({ flags: { paper: true, dryRun: true, mode: 'dry-run' } });
  });

  it('accepts --paper with a scenario', () => {
    expect(parseCli(['b.json', '--paper', '--scenario', 's.json'])).toMatchObject({ flags: { paper: true, scenarioFile: 's.json' } });
  });

  it.each([
    [['b.json', '--frobnicate'], /frobnicate/],
    [[], /missing basket file/],
    [['b.json', '--dry-run', '--live'], /--dry-run and --live conflict/],
    [['b.json', '--live', '--paper'], /conflict/],
    [['b.json', '--scenario', 's.json'], /--scenario needs --paper/],
    [['b.json', '--min-order-value', 'lots'], /--min-order-value must be/],
    [['b.json', '--min-order-value', '-5'], /--min-order-value must be/],
    [['b.json', '--max-rounds', '0'], /--max-rounds/],
    [['b.json', '--max-rounds', '10'], /--max-rounds must be a whole number from 1 to 9/],
    [['b.json', '--cash-reserve', '-1'], /^--cash-reserve must be a rupee amount ≥ 0 \(got "-1"\)$/],
    [['b.json', '--drift-band', '1'], /--drift-band must be a weight fraction in \[0, 1\)/],
    [['b.json', '--target-deficit', ''], /--target-deficit must be a rupee amount/],
    [['b.json', '--market-protection', '0'], /--market-protection must be a whole percentage from 1 to 100, or auto \(got "0"\)/],
    [['b.json', '--market-protection', '101'], /--market-protection must be/],
    [['b.json', '--market-protection', '2.5'], /--market-protection must be/],
    [['b.json', '--market-protection', 'high'], /--market-protection must be/],
    [['resume', 'abcd1234', '--cash-reserve', '5'], /--cash-reserve does not apply to "resume"/],
    [['b.json', '--user-id', 'no spaces!'], /not a Kite user id/],
    [['a.json', 'b.json'], /unexpected argument "b.json"/],
    [['b.json', '--port', '9'], /--port does not apply/],
    [['resume'], /needs a run id/],
    [['sim', '--port', '70000'], /--port must be/],
    [['keygen', 'extra'], /takes no argument/],
    [['users', '--live'], /--live does not apply/],
  ])('rejects %j with one line and exit 2', (argv, pattern) => {
    expect(usageError(argv as string[]).message).toMatch(pattern);
  });

  it('parses the subcommands', () => {
    expect(parseCli(['sim', '--port', '0'])).toEqual({ name: 'sim', port: 0 });
    expect(parseCli(['sim', '--scenario', 'x.json'])).toEqual({ name: 'sim', port: 0, scenarioFile: 'x.json' });
    expect(parseCli(['resume', 'abc123'])).toMatchObject({ name: 'resume', runId: 'abc123', quiet: false });
    expect(parseCli(['users', '--json'])).toEqual({ name: 'users', json: true, paper: false });
    expect(parseCli(['logout', '--user-id', 'xy9'])).toEqual({ name: 'logout', userId: 'XY9', paper: false });
    expect(parseCli(['keygen'])).toEqual({ name: 'keygen' });
    expect(parseCli(['setup-db'])).toEqual({ name: 'setup-db' });
    expect(parseCli(['history'])).toEqual({ name: 'history', json: false, paper: false });
    expect(parseCli(['--help'])).toEqual({ name: 'help' });
  });

  it('parses doctor and its options', () => {
    expect(parseCli(['doctor'])).toEqual({ name: 'doctor', json: false, quiet: false, paper: false });
    expect(parseCli(['doctor', '--paper', '--scenario', 's.json', '--json', '--user-id', 'ab1234'])).toEqual({
      name: 'doctor',
      json: true,
      quiet: false,
      paper: true,
      scenarioFile: 's.json',
      userId: 'AB1234',
    });
    expect(usageError(['doctor', '--live']).message).toMatch(/--live does not apply to "doctor"/);
    expect(usageError(['doctor', '--scenario', 's.json']).message).toMatch(/--scenario needs --paper/);
    expect(usageError(['doctor', 'basket.json']).message).toMatch(/takes no argument/);
  });
});

describe('lots import', () => {
  it('takes one or more files, --user-id, --paper and --json', () => {
    expect(parseCli(['lots', 'import', 'a.csv', 'b.csv', '--user-id', 'ab1234', '--json'])).toEqual({
      name: 'lots-import',
      files: ['a.csv', 'b.csv'],
      userId: 'AB1234',
      paper: false,
      json: true,
    });
    expect(parseCli(['lots', 'import', 'a.csv', '--paper'])).toMatchObject({ name: 'lots-import', paper: true });
  });

  it.each([
    [['lots'], /^lots needs a subcommand: kite-rebalance lots import FILE…/],
    [['lots', 'export', 'a.csv'], /^unknown lots subcommand "export"/],
    [['lots', 'import'], /^lots import needs one or more Console tradebook CSV files/],
    [['lots', 'import', 'a.csv', '--live'], /^--live does not apply to "lots"/],
    [['lots', 'import', 'a.csv', '--user-id', 'no way'], /is not a Kite user id/],
  ])('%j is one usage line (exit 2)', (argv, pattern) => {
    try {
      parseCli(argv);
      throw new Error('expected a usage error');
    } catch (e) {
      expect((e as AppError).exitCode).toBe(2);
      expect((e as AppError).message).toMatch(pattern);
    }
  });
});
