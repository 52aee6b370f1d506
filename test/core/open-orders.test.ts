import { describe, expect, it } from 'vitest';
import type { KiteOrder } from '../../source/broker/kite-types.js';
import { withoutPendingSells } from '../../source/core/open-orders.js';
import type { Snapshot } from '../../source/core/types.js';

describe('open sell orders are not sold again', () => {
  const snapshot = {
    cash: 0,
    holdingsValue: 0,
    positionsValue: 0,
    totalValue: 0,
    unpriced: [],
    warnings: [],
    lines: [
      {
        tradingsymbol: 'ITC',
        exchange: 'NSE',
        quantity: 200,
        sellable: 200,
        t1Quantity: 0,
        collateralQuantity: 0,
        unauthorisedQuantity: 0,
        price: 400,
        priceSource: 'ltp',
        stale: false,
        notes: [],
      },
    ],
  } as Snapshot;
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
});
