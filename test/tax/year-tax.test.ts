import { describe, expect, it } from 'vitest';
import { rulesForSale } from '../../source/core/tax/rules.js';
import { extraTax, yearTax } from '../../source/core/tax/year-tax.js';

const r = rulesForSale('2026-06-01');

describe('tax of a financial year', () => {
  it("the issue's example: ₹1 lakh sold ten months after buying, 30% up, costs about ₹4,800 in short-term tax and cess", () => {
    const gain = 100_000 - 100_000 / 1.3;
    expect(yearTax({ short: gain, long: 0 }, r).tax).toBeCloseTo(gain * 0.2 * 1.04, 6);
    expect(Math.round(yearTax({ short: gain, long: 0 }, r).tax)).toBe(4800);
  });

  it('long-term gains are taxed at 12.5% plus cess only above ₹1.25 lakh', () => {
    expect(yearTax({ short: 0, long: 125_000 }, r)).toEqual({ tax: 0, taxableShort: 0, taxableLong: 0, exemptionUsed: 125_000 });
    expect(yearTax({ short: 0, long: 225_000 }, r).tax).toBeCloseTo(100_000 * 0.125 * 1.04, 6);
  });

  it('a short-term loss is set off against long-term gains; a long-term loss never against short-term gains', () => {
    expect(yearTax({ short: -50_000, long: 200_000 }, r).taxableLong).toBeCloseTo(25_000, 6);
    expect(yearTax({ short: 40_000, long: -90_000 }, r).tax).toBeCloseTo(40_000 * 0.2 * 1.04, 6);
    expect(yearTax({ short: -10_000, long: -5_000 }, r).tax).toBe(0);
  });

  it("a sale's extra tax depends on the year's realised gains: the exemption is used once", () => {
    expect(extraTax({ short: 0, long: 0 }, { short: 0, long: 100_000 }, r)).toBe(0);
    expect(extraTax({ short: 0, long: 100_000 }, { short: 0, long: 100_000 }, r)).toBeCloseTo(75_000 * 0.13, 6);
    // A loss realised earlier in the year lowers the tax of a later gain.
    expect(extraTax({ short: -30_000, long: 0 }, { short: 50_000, long: 0 }, r)).toBeCloseTo(20_000 * 0.208, 6);
  });
});
