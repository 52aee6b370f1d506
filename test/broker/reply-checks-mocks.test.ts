import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHoldings, checkLtp, checkMargins, checkOrders, checkPositions, checkProfile } from '../../source/broker/reply-checks.js';
import { hasMocks, mocksDir } from '../support/core-fixtures.js';

/**
 * The plausibility checks must never stop a real account: every reply in Zerodha's official mocks (what Kite
 * really sends, field for field) passes the check the adapter runs on it.
 */
const data = (name: string): unknown => (JSON.parse(readFileSync(join(mocksDir, name), 'utf8')) as { data: unknown }).data;

describe.skipIf(!hasMocks)("Kite's official mock replies pass the reply checks", () => {
  it('holdings, positions, equity margins, ltp, orders, order history and profile', () => {
    expect(checkHoldings(data('holdings.json')).length).toBeGreaterThan(0);
    expect(checkPositions(data('positions.json')).net.length).toBeGreaterThan(0);
    expect(checkMargins(data('margins_equity.json') as Record<string, unknown>).net).toEqual(expect.any(Number));
    expect(checkMargins((data('margins.json') as { equity: Record<string, unknown> }).equity).net).toEqual(expect.any(Number));
    expect(Object.keys(checkLtp(data('ltp.json') as Record<string, unknown>)).length).toBeGreaterThan(0);
    expect(checkOrders('orders', data('orders.json')).length).toBeGreaterThan(0);
    expect(checkOrders('order history', data('order_info.json')).length).toBeGreaterThan(0);
    expect(checkProfile(data('profile.json'))).toMatchObject({ user_id: expect.any(String) });
  });
});
