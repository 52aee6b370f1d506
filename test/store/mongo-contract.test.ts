import { randomBytes } from 'node:crypto';
import { describe, it } from 'vitest';
import { connectMongo } from '../../source/store/mongo-connect.js';
import { MongoAccountLock, MongoJournal, MongoLotStore, MongoTokenStore, setupMongoIndexes } from '../../source/store/mongo-stores.js';
import { storeContract } from '../support/store-contract.js';

const uri = process.env.MONGODB_TEST_URI || process.env.MONGODB_URI;

if (!uri) {
  console.warn('SKIPPED MongoDB store contract: set MONGODB_TEST_URI (or MONGODB_URI) to a disposable server to run it');
  describe.skip('MongoDB store contract (no MONGODB_TEST_URI / MONGODB_URI)', () => {
    it('needs a MongoDB server', () => undefined);
  });
} else {
  storeContract('mongodb', async () => {
    const dbName = `kr_test_${randomBytes(4).toString('hex')}`;
    const conn = await connectMongo(uri, dbName);
    await setupMongoIndexes(conn.db);
    let offset = 0;
    return {
      tokens: new MongoTokenStore(conn.db),
      journal: new MongoJournal(conn.db),
      lots: new MongoLotStore(conn.db),
      lock: new MongoAccountLock(conn.db, () => Date.now() + offset),
      advance: (ms) => {
        offset += ms;
      },
      close: async () => {
        await conn.db.dropDatabase();
        await conn.client.close();
      },
    };
  });
}
