/** One contract suite, run against every store implementation (embedded and MongoDB). */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../source/core/errors.js';
import type { Trade } from '../../source/core/tax/trades.js';
import type { AccountLock, Journal, LotStore, RunRecord, TokenRecord, TokenStore } from '../../source/store/ports.js';

export interface StoreUnderTest {
  tokens: TokenStore;
  journal: Journal;
  lock: AccountLock;
  lots: LotStore;
  /** Lets the lock's notion of "now" move (lease expiry). */
  advance(ms: number): void;
  close(): Promise<void>;
}

const record = (userId: string, created: string, extra: Partial<TokenRecord> = {}): TokenRecord => ({
  user_id: userId,
  encrypted_access_token: `gAAAAA-fake-${userId}-${created}`,
  created_time: created,
  is_active: true,
  ...extra,
});

const run = (id: string, created: string): RunRecord => ({
  run_id: id,
  user_id: 'AB1234',
  mode: 'paper',
  basket_file: 'b.json',
  created_at: created,
  updated_at: created,
  status: 'planned',
  plan: { orders: [{ tradingsymbol: 'INFY', quantity: 3 }] },
  legs: [{ id: 'S001' }],
});

const trade = (id: string, date: string, quantity = 10, exchange = 'NSE'): Trade => ({
  symbol: 'INFY',
  isin: 'INE009A01021',
  date,
  exchange,
  side: 'buy',
  quantity,
  price: 1450.5,
  tradeId: id,
  orderId: `o${id}`,
  executedAt: `${date}T09:20:11`,
  source: 'tradebook',
});

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid!;
}

export function storeContract(name: string, open: () => Promise<StoreUnderTest>) {
  describe(`${name}: TokenStore`, () => {
    let s: StoreUnderTest;
    beforeEach(async () => {
      s = await open();
    });
    afterEach(async () => s.close());

    it('keeps every field of a record, the Mongo document shape, through a round trip', async () => {
      const r = record('AB1234', '2026-11-23T03:00:00.000Z', {
        expires_at: '2026-11-24T00:30:00.000Z',
        user_name: 'Asha B',
        api_key: 'paper_api_key',
      });
      await s.tokens.upsert(r);
      expect(await s.tokens.get('AB1234')).toEqual(r);
      expect(await s.tokens.get('ZZ9999')).toBeNull();
    });

    it('upsert replaces the record of the same user (one record per user_id)', async () => {
      await s.tokens.upsert(record('AB1234', '2026-11-22T03:00:00.000Z', { user_name: 'Old' }));
      await s.tokens.upsert(record('AB1234', '2026-11-23T03:00:00.000Z'));
      const all = await s.tokens.list();
      expect(all).toHaveLength(1);
      expect(all[0]!.created_time).toBe('2026-11-23T03:00:00.000Z');
      expect(all[0]!.user_name).toBeUndefined();
    });

    it('lists newest first and deactivates one user only', async () => {
      await s.tokens.upsert(record('OLD001', '2026-11-20T03:00:00.000Z'));
      await s.tokens.upsert(record('NEW001', '2026-11-23T03:00:00.000Z'));
      await s.tokens.upsert(record('MID001', '2026-11-21T03:00:00.000Z'));
      expect((await s.tokens.list()).map((r) => r.user_id)).toEqual(['NEW001', 'MID001', 'OLD001']);
      await s.tokens.deactivate('MID001');
      const byId = Object.fromEntries((await s.tokens.list()).map((r) => [r.user_id, r.is_active]));
      expect(byId).toEqual({ NEW001: true, MID001: false, OLD001: true });
    });

    it('concurrent upserts of different users all land', async () => {
      await Promise.all(Array.from({ length: 12 }, (_, i) => s.tokens.upsert(record(`U${i}`, `2026-11-23T03:00:${String(i).padStart(2, '0')}.000Z`))));
      expect((await s.tokens.list()).map((r) => r.user_id).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `U${i}`).sort());
    });
  });

  describe(`${name}: Journal`, () => {
    let s: StoreUnderTest;
    beforeEach(async () => {
      s = await open();
    });
    afterEach(async () => s.close());

    it('creates, updates and reads runs; a duplicate run id is refused', async () => {
      await s.journal.createRun(run('r1', '2026-11-23T04:00:00.000Z'));
      await expect(s.journal.createRun(run('r1', '2026-11-23T04:00:00.000Z'))).rejects.toBeInstanceOf(AppError);
      await s.journal.updateRun('r1', { status: 'running', updated_at: '2026-11-23T04:01:00.000Z' });
      const got = await s.journal.getRun('r1');
      expect(got).toMatchObject({ run_id: 'r1', status: 'running', updated_at: '2026-11-23T04:01:00.000Z', mode: 'paper' });
      expect(got!.plan).toEqual({ orders: [{ tradingsymbol: 'INFY', quantity: 3 }] });
      expect(await s.journal.getRun('nope')).toBeNull();
      await expect(s.journal.updateRun('nope', { status: 'failed' })).rejects.toBeInstanceOf(AppError);
    });

    it('lists runs newest first with a limit', async () => {
      await s.journal.createRun(run('a', '2026-11-21T04:00:00.000Z'));
      await s.journal.createRun(run('c', '2026-11-23T04:00:00.000Z'));
      await s.journal.createRun(run('b', '2026-11-22T04:00:00.000Z'));
      expect((await s.journal.listRuns()).map((r) => r.run_id)).toEqual(['c', 'b', 'a']);
      expect((await s.journal.listRuns(2)).map((r) => r.run_id)).toEqual(['c', 'b']);
    });

    it('appends entries in order with increasing seq, per run', async () => {
      await s.journal.createRun(run('r1', '2026-11-23T04:00:00.000Z'));
      await s.journal.createRun(run('r2', '2026-11-23T04:00:00.000Z'));
      await s.journal.append({ run_id: 'r1', at: '2026-11-23T04:00:01.000Z', type: 'intent', leg_id: 'S001', tag: 'Kab12cd341S001' });
      await s.journal.append({ run_id: 'r2', at: '2026-11-23T04:00:01.000Z', type: 'note', data: { x: 1 } });
      await s.journal.append({ run_id: 'r1', at: '2026-11-23T04:00:02.000Z', type: 'placed', leg_id: 'S001', order_id: '1953341975595868160' });
      const e = await s.journal.entries('r1');
      expect(e.map((x) => [x.seq, x.type, x.order_id])).toEqual([
        [1, 'intent', undefined],
        [2, 'placed', '1953341975595868160'],
      ]);
      expect(await s.journal.entries('r2')).toHaveLength(1);
      expect(await s.journal.entries('never')).toEqual([]);
      await expect(s.journal.append({ run_id: 'never', at: 'x', type: 'note' })).rejects.toBeInstanceOf(AppError);
    });
  });

  describe(`${name}: AccountLock`, () => {
    let s: StoreUnderTest;
    beforeEach(async () => {
      s = await open();
    });
    afterEach(async () => s.close());
    const me = { runId: 'run00001', pid: process.pid, host: os.hostname() };

    it('a second run on the same account is refused with a message naming the holder', async () => {
      const h = await s.lock.acquire('AB1234', me);
      const other = s.lock.acquire('AB1234', { runId: 'run00002', pid: process.pid, host: os.hostname() });
      await expect(other).rejects.toThrow(AppError);
      await expect(other).rejects.toThrow(/Another run \(run run00001, pid \d+ on .+\) holds the lock for account AB1234/);
      // Another account is independent.
      const h2 = await s.lock.acquire('CD5678', { ...me, runId: 'run00003' });
      await h.release();
      const h3 = await s.lock.acquire('AB1234', { ...me, runId: 'run00004' });
      await h3.release();
      await h2.release();
    });

    it('names the run holding the lock while it lives, and nobody once released or dead', async () => {
      expect(await s.lock.holder('AB1234')).toBeNull();
      const h = await s.lock.acquire('AB1234', me);
      expect(await s.lock.holder('AB1234')).toEqual({ runId: 'run00001' });
      await h.release();
      expect(await s.lock.holder('AB1234')).toBeNull();
      const dead = await s.lock.acquire('AB1234', { runId: 'run00005', pid: 2 ** 22 + 12345, host: os.hostname() });
      expect(await s.lock.holder('AB1234')).toBeNull();
      await dead.release();
    });

    it('a lock whose lease expired is taken over', async () => {
      await s.lock.acquire('AB1234', { runId: 'remote01', pid: 1, host: 'some-other-host' }, 60_000);
      await expect(s.lock.acquire('AB1234', me)).rejects.toThrow(/remote01/);
      s.advance(61_000);
      const h = await s.lock.acquire('AB1234', me);
      await h.release();
    });

    it('a lock held by a dead process on this host is stale', async () => {
      await s.lock.acquire('AB1234', { runId: 'crashed1', pid: deadPid(), host: os.hostname() });
      const h = await s.lock.acquire('AB1234', me);
      await h.release();
    });

    it('release of a lock that was taken over does not remove the new holder', async () => {
      const old = await s.lock.acquire('AB1234', { runId: 'old00001', pid: 1, host: 'elsewhere' }, 1000);
      s.advance(2000);
      await s.lock.acquire('AB1234', me);
      await old.release();
      await expect(s.lock.acquire('AB1234', { ...me, runId: 'third001' })).rejects.toThrow(/run00001/);
    });
  });

  describe(`${name}: LotStore`, () => {
    let s: StoreUnderTest;
    beforeEach(async () => {
      s = await open();
    });
    afterEach(async () => s.close());

    it('keeps every field of the trades, oldest first, per account; none stored is an empty list', async () => {
      expect(await s.lots.trades('AB1234')).toEqual([]);
      const later = trade('2', '2025-06-01');
      const earlier = trade('1', '2025-04-07');
      expect(await s.lots.addTrades('AB1234', [later, earlier])).toBe(2);
      expect(await s.lots.trades('AB1234')).toEqual([earlier, later]);
      expect(await s.lots.trades('CD5678')).toEqual([]);
    });

    it('a trade already stored (same exchange and trade id) is skipped, also within one call; the same id on another exchange is another trade', async () => {
      await s.lots.addTrades('AB1234', [trade('1', '2025-04-07')]);
      expect(
        await s.lots.addTrades('AB1234', [trade('1', '2025-04-07'), trade('2', '2025-05-01'), trade('2', '2025-05-01'), trade('1', '2025-04-07', 10, 'BSE')]),
      ).toBe(2);
      expect((await s.lots.trades('AB1234')).map((t) => `${t.exchange}:${t.tradeId}`)).toEqual(['NSE:1', 'BSE:1', 'NSE:2']);
      expect(await s.lots.addTrades('AB1234', [trade('2', '2025-05-01')])).toBe(0);
    });

    it('two imports at once lose nothing', async () => {
      const a = Array.from({ length: 20 }, (_, i) => trade(`a${i}`, '2025-04-07'));
      const b = Array.from({ length: 20 }, (_, i) => trade(`b${i}`, '2025-04-08'));
      await Promise.all([s.lots.addTrades('AB1234', a), s.lots.addTrades('AB1234', b)]);
      expect(await s.lots.trades('AB1234')).toHaveLength(40);
    });
  });
}
