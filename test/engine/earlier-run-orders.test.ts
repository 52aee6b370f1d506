import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { createKiteBroker } from '../../source/broker/kite-adapter.js';
import type { Broker } from '../../source/broker/port.js';
import { manualClock, type ManualClock } from '../../source/core/clock.js';
import { withoutPendingSells } from '../../source/core/open-orders.js';
import { refuseWhileAnotherRunIsOpen } from '../../source/engine/open-runs.js';
import { loadScenario, startSimulator, type RunningSim, type ScenarioInput } from '../../source/sim/index.js';
import { line, snapshotOf } from '../support/core-fixtures.js';

const ist = (s: string) => DateTime.fromISO(s, { zone: 'Asia/Kolkata' }).toMillis();

let sim: RunningSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** An account with the orders an earlier run left (placed through the official client). */
async function account(at: string, scenario: Partial<ScenarioInput>): Promise<{ broker: Broker; clock: ManualClock }> {
  const clock = manualClock(ist(at));
  sim = await startSimulator({
    clock,
    scenario: loadScenario({ cash: 1_000_000, holdings: [{ tradingsymbol: 'ITC', quantity: 200 }], prices: { ITC: 410, TCS: 3100 }, ...scenario }),
    port: 0,
    quiet: true,
  });
  const broker = createKiteBroker({ apiKey: sim.apiKey, accessToken: sim.issueAccessToken(), root: sim.url, clock, timeoutMs: 1000 });
  return { broker, clock };
}

const order = (tradingsymbol: string, transaction_type: 'BUY' | 'SELL', tag: string) =>
  ({
    exchange: 'NSE',
    tradingsymbol,
    transaction_type,
    quantity: 5,
    product: 'CNC',
    order_type: 'MARKET',
    validity: 'DAY',
    market_protection: -1,
    tag,
  }) as const;

const snapshot = snapshotOf(0, [line('ITC', 410, 200)]);

describe("a new run and an earlier run's orders (the status table decides what is open)", () => {
  it('an after-market order cancelled before the open (CANCELLED AMO) does not block a new run', async () => {
    const { broker } = await account('2026-11-23T20:00:00', { statuses: { cancelled_amo: true } });
    const { order_id } = await broker.placeOrder('amo', order('ITC', 'SELL', 'Kab12cd341S001'));
    await broker.cancelOrder('amo', order_id);
    expect((await broker.orders())[0]?.status).toBe('CANCELLED AMO');
    await expect(refuseWhileAnotherRunIsOpen(broker)).resolves.toEqual([]);
    expect(withoutPendingSells(snapshot, await broker.orders()).snapshot.lines[0]?.sellable).toBe(200);
  });

  it('an order in a status Kite does not document is named verbatim, not waited for, and its shares stay promised', async () => {
    const { broker, clock } = await account('2026-11-23T10:00:00', { statuses: { unknown: { ITC: 'HELD FOR RMS REVIEW' } } });
    const { order_id } = await broker.placeOrder('regular', order('ITC', 'SELL', 'Kab12cd341S001'));
    clock.advance(5_000);
    const notes = await refuseWhileAnotherRunIsOpen(broker);
    expect(notes).toEqual([
      `order ${order_id} of run ab12cd34 (SELL 5 ITC) is in a status this app does not know: "HELD FOR RMS REVIEW"; not waiting for it, check it in Kite`,
    ]);
    const pending = withoutPendingSells(snapshot, await broker.orders());
    expect(pending.snapshot.lines[0]?.sellable).toBe(195);
    expect(pending.notes[0]).toContain('status "HELD FOR RMS REVIEW" unknown to this app');
  });

  it('an order still open (AMO waiting for the open) blocks a new run, naming the run to resume', async () => {
    const { broker } = await account('2026-11-23T20:00:00', {});
    await broker.placeOrder('amo', order('TCS', 'BUY', 'Kab12cd341B001'));
    await expect(refuseWhileAnotherRunIsOpen(broker)).rejects.toThrow(/^run ab12cd34 still has 1 open order\(s\) \(BUY 5 TCS\); nothing was placed$/);
  });
});
