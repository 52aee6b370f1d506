/** Chooses and opens the stores: MongoDB when a URI is given, else the embedded files under the data dir. */
import { resolveDataDir } from './data-dir.js';
import { EmbeddedAccountLock } from './embedded-lock.js';
import { EmbeddedJournal } from './embedded-journal.js';
import { EmbeddedTokenStore } from './embedded-tokens.js';
import { EmbeddedLotStore } from './embedded-lots.js';
import { withStoreIoErrors } from './io-errors.js';
import { connectMongo } from './mongo-connect.js';
import { MongoAccountLock, MongoJournal, MongoLotStore, MongoTokenStore, setupMongoIndexes } from './mongo-stores.js';
import type { AccountLock, Journal, LotStore, TokenStore } from './ports.js';

export interface StoreEnv {
  mongodbUri?: string;
  mongodbDbName?: string;
  home?: string;
  /** How long to wait for MongoDB before giving up (default 5 s). */
  connectTimeoutMs?: number;
}

export interface Stores {
  tokens: TokenStore;
  journal: Journal;
  lock: AccountLock;
  /** Trades imported from the Console tradebook, beside the journal. */
  lots: LotStore;
  /** For people: "embedded store at /home/u/.config/kite-rebalance-nodejs" or "MongoDB at host/db". */
  describe: string;
  kind: 'embedded' | 'mongodb';
  close(): Promise<void>;
}

export const DEFAULT_MONGODB_DB_NAME = 'kite_rebalance';

export async function openStores(env: StoreEnv): Promise<Stores> {
  if (env.mongodbUri && env.mongodbUri.trim() !== '') {
    const dbName = env.mongodbDbName || DEFAULT_MONGODB_DB_NAME;
    const conn = await connectMongo(env.mongodbUri, dbName, env.connectTimeoutMs);
    return {
      tokens: new MongoTokenStore(conn.db),
      journal: new MongoJournal(conn.db),
      lock: new MongoAccountLock(conn.db),
      lots: new MongoLotStore(conn.db),
      describe: `MongoDB at ${conn.host}/${dbName}`,
      kind: 'mongodb',
      close: () => conn.client.close(),
    };
  }
  const dir = resolveDataDir(env.home);
  return {
    tokens: withStoreIoErrors(new EmbeddedTokenStore(dir), dir),
    journal: withStoreIoErrors(new EmbeddedJournal(dir), dir),
    lock: withStoreIoErrors(new EmbeddedAccountLock(dir), dir),
    lots: withStoreIoErrors(new EmbeddedLotStore(dir), dir),
    describe: `embedded store at ${dir}`,
    kind: 'embedded',
    close: async () => undefined,
  };
}

/** Creates the MongoDB indexes; with the embedded store there is nothing to set up. Returns lines to print. */
export async function setupDb(env: StoreEnv): Promise<string[]> {
  if (!env.mongodbUri || env.mongodbUri.trim() === '') {
    return [`MONGODB_URI is not set: the embedded store at ${resolveDataDir(env.home)} needs no setup`];
  }
  const dbName = env.mongodbDbName || DEFAULT_MONGODB_DB_NAME;
  const conn = await connectMongo(env.mongodbUri, dbName, env.connectTimeoutMs);
  try {
    return [`MongoDB at ${conn.host}/${dbName}:`, ...(await setupMongoIndexes(conn.db))];
  } finally {
    await conn.client.close();
  }
}
