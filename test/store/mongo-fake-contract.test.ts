/**
 * The Mongo stores through the shared contract suite on an in-memory driver stand-in (no server here),
 * plus the compatibility points with the original tool's database.
 */
import { describe, expect, it } from 'vitest';
import { MongoAccountLock, MongoJournal, MongoLotStore, MongoTokenStore, setupMongoIndexes } from '../../source/store/mongo-stores.js';
import { fakeMongoDb } from '../support/fake-mongo.js';
import { storeContract } from '../support/store-contract.js';

storeContract('mongodb (in-memory driver stand-in)', async () => {
  const db = fakeMongoDb();
  await setupMongoIndexes(db);
  let offset = 0;
  return {
    tokens: new MongoTokenStore(db),
    journal: new MongoJournal(db),
    lots: new MongoLotStore(db),
    lock: new MongoAccountLock(db, () => Date.now() + offset),
    advance: (ms) => {
      offset += ms;
    },
    close: async () => undefined,
  };
});

describe('MongoDB compatibility with the original tool', () => {
  it('stores dates as BSON Dates in the original document shape, and reads Date documents back as ISO', async () => {
    const db = fakeMongoDb();
    const tokens = new MongoTokenStore(db);
    await tokens.upsert({
      user_id: 'AB1234',
      encrypted_access_token: 'gAAAAAx',
      created_time: '2026-11-23T03:00:00.000Z',
      is_active: true,
      expires_at: '2026-11-24T00:30:00.000Z',
    });
    const [doc] = db.raw('zerodha_tokens').docs;
    expect(doc).toMatchObject({ user_id: 'AB1234', encrypted_access_token: 'gAAAAAx', is_active: true });
    expect(doc!.created_time).toBeInstanceOf(Date);
    expect(doc!.expires_at).toBeInstanceOf(Date);
    // A document exactly as the original tool wrote it (no expires_at, no extra fields).
    await db
      .raw('zerodha_tokens')
      .insertOne({ user_id: 'OLD001', encrypted_access_token: 'gAAAAAy', created_time: new Date('2026-11-20T03:00:00Z'), is_active: true });
    expect(await tokens.get('OLD001')).toEqual({
      user_id: 'OLD001',
      encrypted_access_token: 'gAAAAAy',
      created_time: '2026-11-20T03:00:00.000Z',
      is_active: true,
    });
  });

  it('setup-db on a database with the original duplicates keeps the newest per user, then upserts work', async () => {
    const db = fakeMongoDb();
    const raw = db.raw('zerodha_tokens');
    await raw.createIndex({ user_id: 1 }, { name: 'user_id_1' }); // non-unique, as an old setup may have made
    await raw.insertOne({ user_id: 'AB1234', encrypted_access_token: 'old', created_time: new Date('2026-11-20T03:00:00Z'), is_active: false });
    await raw.insertOne({ user_id: 'AB1234', encrypted_access_token: 'new', created_time: new Date('2026-11-22T03:00:00Z'), is_active: true });
    await raw.insertOne({ user_id: 'CD5678', encrypted_access_token: 'only', created_time: new Date('2026-11-21T03:00:00Z'), is_active: true });
    const tokens = new MongoTokenStore(db);
    // Before setup-db the newest document wins.
    expect((await tokens.get('AB1234'))!.encrypted_access_token).toBe('new');
    const lines = await setupMongoIndexes(db);
    expect(lines.join('\n')).toMatch(/Removed 1 older duplicate/);
    expect(lines.join('\n')).toMatch(/Replaced the non-unique index user_id_1/);
    expect(raw.docs.map((d) => d.encrypted_access_token).sort()).toEqual(['new', 'only']);
    await tokens.upsert({ user_id: 'AB1234', encrypted_access_token: 'newest', created_time: '2026-11-23T03:00:00.000Z', is_active: true });
    expect(raw.docs.filter((d) => d.user_id === 'AB1234')).toHaveLength(1);
    // Idempotent.
    expect(await setupMongoIndexes(db)).not.toContainEqual(expect.stringMatching(/Removed|Replaced/));
  });
});
