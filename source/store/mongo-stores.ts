/**
 * MongoDB implementations. `zerodha_tokens` keeps the original tool's document shape (user_id,
 * encrypted_access_token, created_time, is_active, expires_at) so an existing database keeps working;
 * dates are BSON Dates there and ISO strings in the ports. Runs and their journal entries live in
 * `rebalance_runs` (entries as an array on the run document), account locks in `rebalance_locks`.
 */
import { MongoServerError, type Collection, type Db } from 'mongodb';
import { AppError } from '../core/errors.js';
import type { AccountLock, Journal, JournalEntry, LockHandle, LotStore, RunRecord, TokenRecord, TokenStore } from './ports.js';
import { byExecution, tradeKey, type Trade } from '../core/tax/trades.js';
import { DEFAULT_LEASE_MS, heldMessage, leasedHandle } from './lock-common.js';
import os from 'node:os';
import { isPidAlive } from './fs-safe.js';

export const COLLECTIONS = { tokens: 'zerodha_tokens', runs: 'rebalance_runs', locks: 'rebalance_locks', lots: 'rebalance_lots' } as const;

interface TokenDoc {
  user_id: string;
  encrypted_access_token: string;
  created_time: Date | string;
  is_active: boolean;
  expires_at?: Date | string | null;
  user_name?: string;
  api_key?: string;
}

const iso = (v: Date | string): string => (v instanceof Date ? v.toISOString() : new Date(v).toISOString());

function toRecord(d: TokenDoc): TokenRecord {
  const r: TokenRecord = {
    user_id: d.user_id,
    encrypted_access_token: d.encrypted_access_token,
    created_time: iso(d.created_time),
    is_active: d.is_active,
  };
  if (d.expires_at) r.expires_at = iso(d.expires_at);
  if (d.user_name !== undefined) r.user_name = d.user_name;
  if (d.api_key !== undefined) r.api_key = d.api_key;
  return r;
}

function toDoc(r: TokenRecord): TokenDoc {
  const d: TokenDoc = {
    user_id: r.user_id,
    encrypted_access_token: r.encrypted_access_token,
    created_time: new Date(r.created_time),
    is_active: r.is_active,
  };
  if (r.expires_at) d.expires_at = new Date(r.expires_at);
  if (r.user_name !== undefined) d.user_name = r.user_name;
  if (r.api_key !== undefined) d.api_key = r.api_key;
  return d;
}

export class MongoTokenStore implements TokenStore {
  private readonly col: Collection<TokenDoc>;
  constructor(db: Db) {
    this.col = db.collection<TokenDoc>(COLLECTIONS.tokens);
  }
  async list(): Promise<TokenRecord[]> {
    const docs = await this.col
      .find({}, { projection: { _id: 0 } })
      .sort({ created_time: -1 })
      .toArray();
    // A database written by the original tool can hold several documents per user: newest wins.
    const seen = new Set<string>();
    return docs.map(toRecord).filter((r) => !seen.has(r.user_id) && seen.add(r.user_id));
  }
  async get(userId: string): Promise<TokenRecord | null> {
    const doc = await this.col
      .find({ user_id: userId }, { projection: { _id: 0 } })
      .sort({ created_time: -1 })
      .limit(1)
      .next();
    return doc ? toRecord(doc) : null;
  }
  async upsert(record: TokenRecord): Promise<void> {
    const doc = toDoc(record);
    const unset: Record<string, ''> = {};
    for (const k of ['expires_at', 'user_name', 'api_key'] as const) if (doc[k] === undefined) unset[k] = '';
    await this.col.updateOne({ user_id: record.user_id }, Object.keys(unset).length ? { $set: doc, $unset: unset } : { $set: doc }, { upsert: true });
    // Older duplicates from the original tool (no unique index yet) must not shadow the new token.
    await this.col.updateMany({ user_id: record.user_id, encrypted_access_token: { $ne: doc.encrypted_access_token } }, { $set: { is_active: false } });
  }
  async deactivate(userId: string): Promise<void> {
    await this.col.updateMany({ user_id: userId }, { $set: { is_active: false } });
  }
  async close(): Promise<void> {}
}

interface RunDoc extends RunRecord {
  _id: string;
  next_seq: number;
  journal: JournalEntry[];
}

export class MongoJournal implements Journal {
  private readonly col: Collection<RunDoc>;
  constructor(db: Db) {
    this.col = db.collection<RunDoc>(COLLECTIONS.runs);
  }
  async createRun(run: RunRecord): Promise<void> {
    try {
      await this.col.insertOne({ ...run, _id: run.run_id, next_seq: 0, journal: [] });
    } catch (e) {
      if (e instanceof MongoServerError && e.code === 11000) throw new AppError('store', `Run ${run.run_id} already exists`);
      throw e;
    }
  }
  async updateRun(runId: string, patch: Partial<Omit<RunRecord, 'run_id'>>): Promise<void> {
    const { run_id: _ignored, ...rest } = patch as Partial<RunRecord>;
    const set = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    const r = Object.keys(set).length
      ? await this.col.updateOne({ _id: runId }, { $set: set })
      : { matchedCount: await this.col.countDocuments({ _id: runId }, { limit: 1 }) };
    if (r.matchedCount === 0) throw new AppError('store', `Run ${runId} not found in the journal`);
  }
  async getRun(runId: string): Promise<RunRecord | null> {
    const doc = await this.col.findOne({ _id: runId }, { projection: { _id: 0, journal: 0, next_seq: 0 } });
    return doc as RunRecord | null;
  }
  async listRuns(limit = 20): Promise<RunRecord[]> {
    const docs = await this.col
      .find({}, { projection: { _id: 0, journal: 0, next_seq: 0 } })
      .sort({ created_at: -1 })
      .limit(limit)
      .toArray();
    return docs as RunRecord[];
  }
  async append(entry: JournalEntry): Promise<void> {
    const counter = await this.col.findOneAndUpdate({ _id: entry.run_id }, { $inc: { next_seq: 1 } }, { returnDocument: 'after', projection: { next_seq: 1 } });
    if (!counter) throw new AppError('store', `Run ${entry.run_id} not found in the journal`);
    await this.col.updateOne(
      { _id: entry.run_id },
      { $push: { journal: { ...entry, seq: counter.next_seq } } },
      { writeConcern: { w: 'majority', journal: true } },
    );
  }
  async entries(runId: string): Promise<JournalEntry[]> {
    const doc = await this.col.findOne({ _id: runId }, { projection: { journal: 1 } });
    return [...(doc?.journal ?? [])].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  }
  async close(): Promise<void> {}
}

interface LotsDoc {
  _id: string;
  /** Bumped by every write: a write based on an older read is retried. */
  version: number;
  trades: Trade[];
}

/** One document per account in `rebalance_lots`, replaced as a whole (a single-document write is atomic). */
export class MongoLotStore implements LotStore {
  private readonly col: Collection<LotsDoc>;
  constructor(db: Db) {
    this.col = db.collection<LotsDoc>(COLLECTIONS.lots);
  }
  async trades(accountId: string): Promise<Trade[]> {
    const doc = await this.col.findOne({ _id: accountId });
    return doc?.trades ?? [];
  }
  async addTrades(accountId: string, trades: readonly Trade[]): Promise<number> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const doc = await this.col.findOne({ _id: accountId });
      const stored = doc?.trades ?? [];
      const keys = new Set(stored.map(tradeKey));
      const fresh = trades.filter((t) => !keys.has(tradeKey(t)) && keys.add(tradeKey(t)));
      if (fresh.length === 0) return 0;
      const next = [...stored, ...fresh].sort(byExecution);
      if (!doc) {
        try {
          await this.col.insertOne({ _id: accountId, version: 1, trades: next });
          return fresh.length;
        } catch (e) {
          if (e instanceof MongoServerError && e.code === 11000) continue;
          throw e;
        }
      }
      const r = await this.col.updateOne({ _id: accountId, version: doc.version }, { $set: { trades: next, version: doc.version + 1 } });
      if (r.matchedCount === 1) return fresh.length;
    }
    throw new AppError('store', `Could not store the lots of account ${accountId}: another import keeps changing them`);
  }
}

interface LockDoc {
  _id: string;
  runId: string;
  pid: number;
  host: string;
  expires: Date;
}

export class MongoAccountLock implements AccountLock {
  private readonly col: Collection<LockDoc>;
  constructor(
    db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.col = db.collection<LockDoc>(COLLECTIONS.locks);
  }
  async acquire(accountId: string, holder: { runId: string; pid: number; host: string }, leaseMs = DEFAULT_LEASE_MS): Promise<LockHandle> {
    const doc = (): LockDoc => ({ _id: accountId, ...holder, expires: new Date(this.now() + leaseMs) });
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.col.insertOne(doc());
        return this.handle(accountId, holder.runId, doc, leaseMs);
      } catch (e) {
        if (!(e instanceof MongoServerError && e.code === 11000)) throw e;
      }
      const current = await this.col.findOne({ _id: accountId });
      if (!current) continue;
      const stale = current.expires.getTime() < this.now() || (current.host === os.hostname() && !isPidAlive(current.pid));
      if (!stale) throw new AppError('store', heldMessage(accountId, current));
      await this.col.deleteOne({ _id: accountId, runId: current.runId, expires: current.expires });
    }
    throw new AppError('store', `Could not take the lock for account ${accountId}: it keeps changing`);
  }
  async holder(accountId: string): Promise<{ runId: string } | null> {
    const current = await this.col.findOne({ _id: accountId });
    if (!current) return null;
    const stale = current.expires.getTime() < this.now() || (current.host === os.hostname() && !isPidAlive(current.pid));
    return stale ? null : { runId: current.runId };
  }
  private handle(accountId: string, runId: string, doc: () => LockDoc, leaseMs: number): LockHandle {
    return leasedHandle(
      leaseMs,
      async () => void (await this.col.updateOne({ _id: accountId, runId }, { $set: { expires: doc().expires } })),
      async () => void (await this.col.deleteOne({ _id: accountId, runId })),
    );
  }
}

/** `kite-rebalance setup-db`: the indexes (the original tool's setup_db.py step), idempotent. */
export async function setupMongoIndexes(db: Db): Promise<string[]> {
  const lines: string[] = [];
  const tokens = db.collection<TokenDoc>(COLLECTIONS.tokens);
  // The original tool inserted a new document per login, so an old database can hold duplicates that
  // would make the unique index fail: keep the newest document of each user.
  const dups = await tokens
    .aggregate<{ _id: string; ids: unknown[] }>([
      { $sort: { created_time: -1 } },
      { $group: { _id: '$user_id', ids: { $push: '$_id' }, n: { $sum: 1 } } },
      { $match: { n: { $gt: 1 } } },
    ])
    .toArray();
  let removed = 0;
  for (const d of dups) {
    const r = await tokens.deleteMany({ _id: { $in: d.ids.slice(1) } } as never);
    removed += r.deletedCount;
  }
  if (removed > 0) lines.push(`Removed ${removed} older duplicate token document(s) (kept the newest per user)`);
  await ensureUniqueUserIdIndex(tokens, lines);
  await tokens.createIndex({ is_active: 1, created_time: -1 }, { name: 'active_newest' });
  lines.push(`${COLLECTIONS.tokens}: unique index on user_id, index on (is_active, created_time)`);
  const runs = db.collection(COLLECTIONS.runs);
  await runs.createIndex({ created_at: -1 }, { name: 'newest' });
  await runs.createIndex({ user_id: 1, status: 1 }, { name: 'user_status' });
  lines.push(`${COLLECTIONS.runs}: indexes on created_at and (user_id, status)`);
  const locks = db.collection(COLLECTIONS.locks);
  await locks.createIndex({ expires: 1 }, { name: 'expires' });
  lines.push(`${COLLECTIONS.locks}: index on expires`);
  return lines;
}

/**
 * The original tool's database may already have an index on user_id (another name, maybe not unique):
 * keep a unique one, replace a non-unique one.
 */
async function ensureUniqueUserIdIndex(tokens: Collection<TokenDoc>, lines: string[]): Promise<void> {
  const existing = (await tokens
    .listIndexes()
    .toArray()
    .catch(() => [])) as { name: string; key: Record<string, unknown>; unique?: boolean }[];
  const onUserId = existing.find((ix) => Object.keys(ix.key).length === 1 && ix.key.user_id === 1);
  if (onUserId?.unique) return;
  if (onUserId) {
    await tokens.dropIndex(onUserId.name);
    lines.push(`Replaced the non-unique index ${onUserId.name} on user_id`);
  }
  await tokens.createIndex({ user_id: 1 }, { unique: true, name: 'user_id_unique' });
}
