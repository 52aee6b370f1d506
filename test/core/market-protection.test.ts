import { describe, expect, it } from 'vitest';
import { AUTO_MARKET_PROTECTION_ASSUMED_PCT, buyFundsBuffer, fundsBuffer, PRICE_MOVE_ALLOWANCE, protectionPct } from '../../source/core/market-protection.js';

describe('market protection assumed when buys are sized', () => {
  it('auto (-1) stands for the one assumed percentage, 3 % unless the caller says otherwise', () => {
    expect(AUTO_MARKET_PROTECTION_ASSUMED_PCT).toBe(3);
    expect(protectionPct(-1)).toBe(3);
    expect(protectionPct(-1, 5)).toBe(5);
    expect(protectionPct(7)).toBe(7);
    expect(protectionPct(7, 5)).toBe(7);
  });

  it('the buffer covers the protection price plus a small move of the LTP', () => {
    expect(PRICE_MOVE_ALLOWANCE).toBe(0.005);
    expect(buyFundsBuffer(-1)).toBeCloseTo(1.03 * 1.005 - 1, 12);
    expect(buyFundsBuffer(-1, 2)).toBeCloseTo(1.02 * 1.005 - 1, 12);
    expect(buyFundsBuffer(1)).toBeCloseTo(1.01 * 1.005 - 1, 12);
    expect(buyFundsBuffer(100)).toBeCloseTo(2 * 1.005 - 1, 12);
    // Never less than the protection itself: a buy sized with it fits at LTP × (1 + p %).
    for (const p of [1, 2, 3, 10, 100]) expect(buyFundsBuffer(p)).toBeGreaterThan(p / 100);
    // A larger allowance for the price moving (e.g. a stale price) compounds with the protection.
    expect(fundsBuffer(3, 0.05)).toBeCloseTo(1.03 * 1.05 - 1, 12);
    expect(fundsBuffer(0)).toBeCloseTo(PRICE_MOVE_ALLOWANCE, 12);
  });
});
