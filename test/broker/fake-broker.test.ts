import { describe, expect, it } from 'vitest';
import { manualClock } from '../../source/core/clock.js';
import { FakeBroker } from '../support/fake-broker.js';
import { BrokerError } from '../../source/broker/port.js';

const T0 = Date.parse('2026-11-23T04:30:00Z'); // 10:00 IST
const order = { exchange: 'NSE', product: 'CNC', validity: 'DAY' } as const;

function fake() {
  return new FakeBroker({ clock: manualClock(T0), cash: 10_000, prices: { INFY: 1500, ITC: 400 }, holdings: [{ tradingsymbol: 'ITC', quantity: 10, average_price: 350 }] });
}

describe('FakeBroker', () => {
  it('fills market orders at the LTP and moves cash and holdings', async () => {
    const b = fake();
    await b.placeOrder('regular', { ...order, tradingsymbol: 'ITC', transaction_type: 'SELL', quantity: 4, order_type: 'MARKET', tag: 'Kt1' });
    const { order_id } = await b.placeOrder('regular', { ...order, tradingsymbol: 'INFY', transaction_type: 'BUY', quantity: 3, order_type: 'MARKET' });
    expect((await b.margins()).net).toBe(10_000 + 4 * 400 - 3 * 1500);
    const holdings = await b.holdings();
    expect(holdings.map((h) => [h.tradingsymbol, h.quantity])).toEqual([['ITC', 6], ['INFY', 3]]);
    const [done] = await b.orderHistory(order_id);
    expect(done).toMatchObject({ status: 'COMPLETE', filled_quantity: 3, average_price: 1500, order_timestamp: '2026-11-23 10:00:00' });
    expect((await b.orders()).find((o) => o.tag === 'Kt1')?.transaction_type).toBe('SELL');
  });

  it('refuses what Kite would refuse: too little cash, too few shares, unknown symbols', async () => {
    const b = fake();
    await expect(b.placeOrder('regular', { ...order, tradingsymbol: 'INFY', transaction_type: 'BUY', quantity: 7, order_type: 'MARKET' })).rejects.toMatchObject({ kind: 'permanent', errorType: 'MarginException' });
    await expect(b.placeOrder('regular', { ...order, tradingsymbol: 'ITC', transaction_type: 'SELL', quantity: 11, order_type: 'MARKET' })).rejects.toMatchObject({ errorType: 'HoldingException' });
    await expect(b.placeOrder('regular', { ...order, tradingsymbol: 'NOPE', transaction_type: 'BUY', quantity: 1, order_type: 'MARKET' })).rejects.toMatchObject({ kind: 'permanent' });
    expect(b.book).toHaveLength(0);
  });

  it('keeps a non-marketable limit order open until cancelled', async () => {
    const b = fake();
    const { order_id } = await b.placeOrder('regular', { ...order, tradingsymbol: 'INFY', transaction_type: 'BUY', quantity: 1, order_type: 'LIMIT', price: 1400 });
    expect((await b.orderHistory(order_id))[0]?.status).toBe('OPEN');
    expect((await b.margins()).net).toBe(10_000);
    await b.cancelOrder('regular', order_id);
    expect((await b.orderHistory(order_id))[0]).toMatchObject({ status: 'CANCELLED', cancelled_quantity: 1 });
  });

  it('plays scripted failures and records the calls', async () => {
    const b = fake();
    b.failNext('placeOrder', new BrokerError('ambiguous', 'NetworkException', 'timeout'));
    await expect(b.placeOrder('regular', { ...order, tradingsymbol: 'INFY', transaction_type: 'BUY', quantity: 1, order_type: 'MARKET' })).rejects.toMatchObject({ kind: 'ambiguous' });
    await b.placeOrder('regular', { ...order, tradingsymbol: 'INFY', transaction_type: 'BUY', quantity: 1, order_type: 'MARKET' });
    expect(b.calls).toEqual(['placeOrder', 'placeOrder']);
    expect(b.book).toHaveLength(1);
    expect(await b.ltp(['NSE:INFY', 'NSE:NOPE'])).toEqual({ 'NSE:INFY': { instrument_token: 1000, last_price: 1500 } });
  });
});
