import { describe, expect, it } from 'vitest';
import { parseCli } from '../../source/cli/args.js';
import type { AppError } from '../../source/core/errors.js';

describe('--prices FILE', () => {
  it('is read for a rebalance and for resume', () => {
    expect(parseCli(['b.json', '--prices', 'cm25NOV2026bhav.csv'])).toMatchObject({ name: 'rebalance', flags: { pricesFile: 'cm25NOV2026bhav.csv' } });
    expect(parseCli(['b.json'])).not.toHaveProperty('flags.pricesFile');
    expect(parseCli(['resume', 'abcd1234', '--prices', 'p.csv'])).toMatchObject({ name: 'resume', pricesFile: 'p.csv' });
  });

  it.each([
    [['b.json', '--prices'], /--prices/],
    [['b.json', '--prices', ' '], /--prices needs a file/],
    [['history', '--prices', 'p.csv'], /--prices does not apply to "history"/],
  ])('%j is a usage error (exit 2)', (argv, pattern) => {
    expect(() => parseCli(argv)).toThrow(pattern);
    try {
      parseCli(argv);
    } catch (e) {
      expect((e as AppError).exitCode).toBe(2);
    }
  });
});
