import { describe, expect, it } from 'vitest';
import type { KiteOrder } from '../../source/broker/kite-types.js';
import { withoutPendingSells } from '../../source/core/open-orders.js';
import type { Snapshot } from '../../source/core/types.js';
import { line, snapshotOf } from '../support/core-fixtures.js';

describe('open sell orders are not sold again', () => {
  const snapshot = snapshotOf(0, [line('ITC', 400, 200)]);
  const order = (over: Partial<KiteOrder>): KiteOrder =>
    ({
      order_id: '1',
      status: 'AMO REQ RECEIVED',
      product: 'CNC',
      exchange: 'NSE',
      transaction_type: 'SELL',
      tradingsymbol: 'ITC',
      quantity: 150,
      filled_quantity: 0,
      tag: 'Kab12cd341S000',
      ...over,
    }) as KiteOrder;

  it('takes open CNC sells off what is sellable and names every open order', () => {
    const { snapshot: s, notes } = withoutPendingSells(snapshot, [
      order({}),
      order({ status: 'COMPLETE', quantity: 50 }),
      order({ transaction_type: 'BUY', tradingsymbol: 'INFY', quantity: 3, tag: null }),
    ]);
    expect(s.lines[0]).toMatchObject({ sellable: 50, notes: ['150 already in open sell orders'] });
    expect(notes).toEqual([
      'open SELL order for 150 ITC (AMO REQ RECEIVED, tag Kab12cd341S000): not planned again',
      'open BUY order for 3 INFY (AMO REQ RECEIVED): not planned again',
    ]);
  });

  it('a symbol with an open BUY (a known open status or one the app does not know) is not traded again until it ends', async () => {
    const { planRebalance } = await import('../../source/core/planner/index.js');
    const withHdfc = {
      ...snapshot,
      cash: 100_000,
      totalValue: 180_000,
      holdingsValue: 80_000,
      lines: [...snapshot.lines, { ...snapshot.lines[0]!, tradingsymbol: 'HDFCBANK', quantity: 0, sellable: 0, price: 1500 }],
    } as Snapshot;
    const basket = { file: 'b.json', weights: { ITC: 0.4, HDFCBANK: 0.6 }, cashWeight: 0, warnings: [], metadata: {} } as never;
    const before = await planRebalance(basket, withHdfc, { tradeDate: '2026-11-25' });
    expect(before.orders.some((o) => o.tradingsymbol === 'HDFCBANK' && o.transaction_type === 'BUY')).toBe(true);
    for (const status of ['OPEN', 'HELD FOR RMS REVIEW']) {
      const { snapshot: s } = withoutPendingSells(withHdfc, [order({ transaction_type: 'BUY', tradingsymbol: 'HDFCBANK', quantity: 53, status, tag: null })]);
      expect(s.lines[1]?.untradable).toMatch(/open BUY order for 53/);
      const after = await planRebalance(basket, s, { tradeDate: '2026-11-25' });
      expect(after.orders.filter((o) => o.tradingsymbol === 'HDFCBANK')).toEqual([]);
    }
  });
});
