import { describe, expect, it } from 'vitest';
import { isBuilt, runBin } from '../support/run-bin.js';
import { HOLDINGS_READINGS, jsonFile } from '../support/scenario-file.js';

/**
 * Kite blocks a protected MARKET buy's funds at LTP × (1 + p %). With the simulator's automatic protection at 3 %,
 * a basket that invests every rupee must still end with no buy refused for funds, and say what cash is left.
 */

interface DocOrder {
  tradingsymbol: string;
  transaction_type: 'BUY' | 'SELL';
  quantity: number;
  status: string;
  filled_quantity: number;
  average_price: number | null;
  status_message: string | null;
}

const basketFile = (content: unknown) => jsonFile(content, 'all-in.json');

describe.skipIf(!isBuilt()).each(HOLDINGS_READINGS)('protected market buys from the command line ($reading)', ({ switches }) => {
  it('auto protection at 3 % in the simulator: a basket that spends all the cash has no REJECTED order and reports the cash left', async () => {
    const cash = 500_000;
    const basket = basketFile({ weights: { HDFCBANK: 0.3, INFY: 0.25, RELIANCE: 0.2, 'M&M': 0.15, ITC: 0.1 } });
    const scenario = jsonFile({
      ...switches,
      cash,
      auto_market_protection_pct: 3,
      // INFY bought yesterday (T1): under the observed reading only t1_quantity shows it; bought again, the cash would not fit.
      holdings: [
        { tradingsymbol: 'TATASTEEL', quantity: 300 },
        { tradingsymbol: 'INFY', quantity: 40, t1_quantity: 40 },
      ],
      prices: { HDFCBANK: 1985.6, INFY: 1512.4, RELIANCE: 1402.1, 'M&M': 3215.5, ITC: 405.35, TATASTEEL: 168.42 },
    });
    const r = await runBin([basket, '--paper', '--quiet', '--json', '--scenario', scenario], { env: { KITE_REBALANCE_FAKE_NOW: '2026-11-25T10:00:00+05:30' } });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.basket.cash_weight).toBe(0);
    const orders: DocOrder[] = doc.execution.orders;
    expect(orders.filter((o) => o.status === 'REJECTED')).toEqual([]);
    expect(r.stderr).not.toMatch(/Insufficient funds/);
    const buys = orders.filter((o) => o.transaction_type === 'BUY');
    expect(new Set(buys.map((o) => o.tradingsymbol))).toEqual(new Set(['HDFCBANK', 'INFY', 'RELIANCE', 'M&M', 'ITC']));
    expect(orders.every((o) => o.status === 'COMPLETE' && o.filled_quantity === o.quantity)).toBe(true);
    // The 40 T1 INFY count towards INFY's 25 % under either reading: only the rest is bought.
    const account = cash + 300 * 168.42 + 40 * 1512.4;
    const infyBought = buys.filter((o) => o.tradingsymbol === 'INFY').reduce((s, o) => s + o.filled_quantity, 0);
    expect((infyBought + 40) * 1512.4).toBeLessThan(0.26 * account);

    // The cash left is the account's: opening cash + what the sells brought − what the buys cost (the simulator
    // debits no charges), and only a few percent of it stays uninvested.
    const moved = (side: DocOrder['transaction_type']) =>
      orders.filter((o) => o.transaction_type === side).reduce((s, o) => s + o.filled_quantity * (o.average_price ?? 0), 0);
    const expected = cash + moved('SELL') - moved('BUY');
    expect(doc.execution.cash_left).toBeCloseTo(expected, 1);
    expect(doc.execution.cash_left).toBeGreaterThanOrEqual(0);
    expect(doc.execution.cash_left).toBeLessThan(0.06 * (cash + moved('SELL')));
  }, 60_000);

  it('the text summary says how much cash is left', async () => {
    const basket = basketFile({ weights: { INFY: 0.5, ITC: 0.5 } });
    const scenario = jsonFile({ ...switches, cash: 100_000, auto_market_protection_pct: 3, prices: { INFY: 1512.4, ITC: 405.35 } });
    const r = await runBin([basket, '--paper', '--quiet', '--scenario', scenario], { env: { KITE_REBALANCE_FAKE_NOW: '2026-11-25T10:00:00+05:30' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^cash left ₹[\d,]+\.\d{2}$/m);
    expect(r.stdout).not.toMatch(/REJECTED/);
  }, 60_000);
  it('--market-protection 5: the plan keeps 5 % of the buys aside and every buy fills', async () => {
    const basket = basketFile({ weights: { INFY: 0.5, ITC: 0.5 } });
    const scenario = jsonFile({ ...switches, cash: 100_000, auto_market_protection_pct: 1, prices: { INFY: 1512.4, ITC: 405.35 } });
    const r = await runBin([basket, '--paper', '--quiet', '--json', '--market-protection', '5', '--scenario', scenario], {
      env: { KITE_REBALANCE_FAKE_NOW: '2026-11-25T10:00:00+05:30' },
    });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    const buys = (doc.plan.orders as { transaction_type: string; value: number }[]).filter((o) => o.transaction_type === 'BUY');
    const bought = buys.reduce((s, o) => s + o.value, 0);
    expect(doc.plan.cash_after).toBeGreaterThanOrEqual(bought * 0.05);
    const orders: DocOrder[] = doc.execution.orders;
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((o) => o.status === 'COMPLETE')).toBe(true);
    expect(doc.execution.cash_left).toBeGreaterThanOrEqual(0);
  }, 60_000);

  it('--auto-protection-pct 6 against a Kite whose auto protection is 6 %: every buy fits; the default 3 % has buys refused for funds', async () => {
    const basket = basketFile({ weights: { INFY: 0.5, ITC: 0.5 } });
    const scenario = jsonFile({ ...switches, cash: 100_000, auto_market_protection_pct: 6, prices: { INFY: 1512.4, ITC: 405.35 } });
    const env = { KITE_REBALANCE_FAKE_NOW: '2026-11-25T10:00:00+05:30' };
    const told = await runBin([basket, '--paper', '--quiet', '--json', '--max-rounds', '1', '--auto-protection-pct', '6', '--scenario', scenario], { env });
    expect(told.code, told.stderr).toBe(0);
    const orders: DocOrder[] = JSON.parse(told.stdout).execution.orders;
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((o) => o.status === 'COMPLETE')).toBe(true);

    const assumed = await runBin([basket, '--paper', '--quiet', '--json', '--max-rounds', '1', '--scenario', scenario], { env });
    expect(assumed.code).toBe(3);
    const refused = (JSON.parse(assumed.stdout).execution.orders as DocOrder[]).filter((o) => o.status === 'REJECTED');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((o) => /Insufficient funds/.test(o.status_message ?? ''))).toBe(true);
  }, 60_000);
});
