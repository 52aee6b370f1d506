import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStores } from '../../source/store/index.js';

const run = (id: string) => ({
  run_id: id,
  user_id: 'AB1234',
  mode: 'live' as const,
  basket_file: 'b.json',
  created_at: '2026-11-23T04:30:00.000Z',
  updated_at: '2026-11-23T04:30:00.000Z',
  status: 'running' as const,
  plan: null,
  legs: [],
});

describe('an embedded data folder that cannot be used', () => {
  it('is one AppError line naming the folder and the reason when a file stands where the folder should be', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kr-home-file-')), 'data');
    writeFileSync(file, 'not a folder');
    const stores = await openStores({ home: file });
    const expected = { kind: 'store', message: `cannot use the data folder ${file}: a file is in the way of a folder (ENOTDIR)` };
    await expect(stores.journal.createRun(run('run00001'))).rejects.toMatchObject(expected);
    await expect(stores.tokens.upsert({ user_id: 'AB1234', encrypted_access_token: 'x', created_time: 'y', is_active: true })).rejects.toMatchObject({
      kind: 'store',
    });
    await expect(stores.lock.acquire('AB1234', { runId: 'run00001', pid: process.pid, host: 'h' })).rejects.toMatchObject(expected);
  });
});
