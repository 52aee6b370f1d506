import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountTrades } from '../../source/app/account-trades.js';
import type { Trade } from '../../source/core/tax/trades.js';
import { EmbeddedJournal } from '../../source/store/embedded-journal.js';
import { EmbeddedLotStore } from '../../source/store/embedded-lots.js';
import type { RunRecord } from '../../source/store/ports.js';

const imported = (orderId: string): Trade => ({
  symbol: 'INFY',
  isin: 'INE009A01021',
  date: '2026-05-04',
  exchange: 'NSE',
  side: 'buy',
  quantity: 40,
  price: 1500,
  tradeId: `t${orderId}`,
  orderId,
  executedAt: '2026-05-04T09:30:00',
  source: 'tradebook',
});

const run = (id: string, userId: string, mode: RunRecord['mode']): RunRecord => ({
  run_id: id,
  user_id: userId,
  mode,
  basket_file: 'b.json',
  created_at: '2026-11-24T04:00:00.000Z',
  updated_at: '2026-11-24T04:00:00.000Z',
  status: 'finished',
  plan: null,
  legs: [],
});

describe("the account's trades: the tradebook, then the app's own live fills", () => {
  it("adds each live run's filled orders the tradebook does not list; never another user's, a dry run's or (in paper mode) any", async () => {
    const home = mkdtempSync(join(tmpdir(), 'kr-trades-'));
    const stores = { lots: new EmbeddedLotStore(home), journal: new EmbeddedJournal(home) };
    await stores.lots.addTrades('AB1234', [imported('900')]);
    const fill = (runId: string, orderId: string, quantity: number) =>
      stores.journal.append({
        run_id: runId,
        at: '2026-11-24T04:00:05.000Z',
        type: 'order-state',
        order_id: orderId,
        data: { tradingsymbol: 'INFY', transaction_type: 'SELL', filled_quantity: quantity, average_price: 1600, status: 'COMPLETE' },
      });
    for (const [id, user, mode] of [
      ['live1', 'AB1234', 'live'],
      ['other', 'ZZ9999', 'live'],
      ['paper1', 'AB1234', 'paper'],
    ] as const) {
      await stores.journal.createRun(run(id, user, mode));
    }
    await fill('live1', '901', 7);
    await fill('live1', '900', 40); // already in the tradebook
    await fill('other', '902', 5);
    await fill('paper1', '903', 3);

    const live = await accountTrades(stores, 'AB1234', 'live');
    expect(live.map((t) => [t.source, t.orderId, t.side, t.quantity])).toEqual([
      ['tradebook', '900', 'buy', 40],
      ['journal', '901', 'sell', 7],
    ]);
    expect((await accountTrades(stores, 'AB1234', 'paper')).map((t) => t.orderId)).toEqual(['900']);
  });
});
