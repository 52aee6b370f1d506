import { describe, expect, it } from 'vitest';
import { renewingBroker } from '../../source/app/renewing-broker.js';
import { BrokerError } from '../../source/broker/port.js';
import { createCalendar } from '../../source/core/calendar.js';
import { manualClock } from '../../source/core/clock.js';
import { FakeBroker } from '../support/fake-broker.js';

const expired = () => new BrokerError('session-expired', 'TokenException', 'Incorrect `api_key` or `access_token`.', { httpStatus: 403 });

function account() {
  const clock = manualClock(Date.parse('2026-11-30T06:00:00+05:30'));
  const calendar = createCalendar();
  const old = new FakeBroker(clock, calendar, 100_000, {}, { ITC: 400 });
  const fresh = new FakeBroker(clock, calendar, 100_000, {}, { ITC: 400 });
  const notices: string[] = [];
  let logins = 0;
  const broker = renewingBroker(
    old,
    async () => {
      logins++;
      return fresh;
    },
    (why) => notices.push(why),
  );
  return { old, fresh, broker, notices, logins: () => logins };
}

describe('a broker that renews its own session', () => {
  it('a read refused because the session ended logs in again and is answered by the new session', async () => {
    const a = account();
    a.old.faults.push({ method: 'holdings', error: expired() });
    await expect(a.broker.margins()).resolves.toBeDefined();
    expect(a.logins()).toBe(0);
    await a.broker.holdings();
    expect(a.logins()).toBe(1);
    expect(a.notices).toEqual(['Incorrect `api_key` or `access_token`.']);
    expect(a.fresh.calls).toContain('holdings');
    await a.broker.positions();
    expect(a.fresh.calls).toContain('positions');
    expect(a.old.calls).not.toContain('positions');
  });

  it('reads that fail together log in once', async () => {
    const a = account();
    a.old.faults.push({ method: 'holdings', error: expired() });
    a.old.faults.push({ method: 'positions', error: expired() });
    a.old.faults.push({ method: 'margins', error: expired() });
    await Promise.all([a.broker.holdings(), a.broker.positions(), a.broker.margins()]);
    expect(a.logins()).toBe(1);
  });

  it('never sends a placement or a cancellation again: the engine reconciles those by tag', async () => {
    const a = account();
    a.old.faults.push({ method: 'placeOrder', error: expired() });
    await expect(
      a.broker.placeOrder('regular', {
        exchange: 'NSE',
        tradingsymbol: 'ITC',
        transaction_type: 'BUY',
        quantity: 1,
        product: 'CNC',
        order_type: 'MARKET',
        validity: 'DAY',
        tag: 'x',
      }),
    ).rejects.toMatchObject({ kind: 'session-expired' });
    expect(a.logins()).toBe(0);
    expect(a.fresh.calls).not.toContain('placeOrder');
    expect(a.old.book).toHaveLength(0);
  });

  it('a holdings authorisation refused because the session ended is asked again on the new session', async () => {
    const a = account();
    a.old.faults.push({ method: 'authoriseHoldings', error: expired() });
    // The fake refuses the API itself (like most apps): what matters is who is asked.
    await expect(a.broker.authoriseHoldings([{ isin: 'INE154A01025', quantity: 1 }])).rejects.toMatchObject({ errorType: 'PermissionException' });
    expect(a.logins()).toBe(1);
    expect(a.fresh.calls).toContain('authoriseHoldings');
  });

  it('other failures pass through untouched', async () => {
    const a = account();
    a.old.faults.push({ method: 'orders', error: new BrokerError('transient', 'NetworkException', 'Too many requests', { httpStatus: 429 }) });
    await expect(a.broker.orders()).rejects.toMatchObject({ kind: 'transient' });
    expect(a.logins()).toBe(0);
  });

  it('a session refused again right after a new login is reported, not looped on', async () => {
    const a = account();
    a.old.faults.push({ method: 'holdings', error: expired() });
    a.fresh.faults.push({ method: 'holdings', error: expired() });
    await expect(a.broker.holdings()).rejects.toMatchObject({ kind: 'session-expired' });
    expect(a.logins()).toBe(1);
  });
});
