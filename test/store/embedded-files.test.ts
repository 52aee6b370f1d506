import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../source/core/errors.js';
import { EmbeddedJournal } from '../../source/store/embedded-journal.js';
import { EmbeddedTokenStore } from '../../source/store/embedded-tokens.js';
import { openStores, setupDb } from '../../source/store/index.js';
import { resolveDataDir } from '../../source/store/data-dir.js';
import { transpileSources } from '../support/transpile-for-child.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'kr-files-'));
const rec = (id: string) => ({ user_id: id, encrypted_access_token: `gAAAAA${id}`, created_time: new Date().toISOString(), is_active: true });

describe('data directory', () => {
  it('KITE_REBALANCE_HOME (passed as home) wins; otherwise the OS config dir conf uses', () => {
    expect(resolveDataDir('/tmp/kr-explicit')).toBe('/tmp/kr-explicit');
    if (process.platform !== 'linux') return;
    const saved = process.env.XDG_CONFIG_HOME;
    const xdg = tmp();
    process.env.XDG_CONFIG_HOME = xdg;
    try {
      expect(resolveDataDir()).toBe(path.join(xdg, 'kite-rebalance-nodejs'));
      expect(resolveDataDir('  ')).toBe(path.join(xdg, 'kite-rebalance-nodejs'));
    } finally {
      if (saved === undefined) delete process.env.XDG_CONFIG_HOME;
      else process.env.XDG_CONFIG_HOME = saved;
    }
  });
});

describe('embedded token file', () => {
  it('is <home>/tokens.json with mode 0600 in a 0700 directory, and leaves no temp files', async () => {
    const home = path.join(tmp(), 'nested', 'home');
    const stores = await openStores({ home });
    expect(stores.kind).toBe('embedded');
    expect(stores.describe).toContain(home);
    await stores.tokens.upsert(rec('AB1234'));
    await stores.tokens.upsert(rec('CD5678'));
    const file = path.join(home, 'tokens.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(readdirSync(home).sort()).toEqual(['tokens.json']);
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { tokens: { user_id: string }[] };
    expect(parsed.tokens.map((t) => t.user_id).sort()).toEqual(['AB1234', 'CD5678']);
    await stores.close();
  });

  it('a corrupt token file is a clear store error, not a crash', async () => {
    const home = tmp();
    writeFileSync(path.join(home, 'tokens.json'), '{ not json');
    const err = await new EmbeddedTokenStore(home).list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(/tokens\.json is not valid JSON/);
  });

  it('a run id that is not a safe file name is refused', async () => {
    const j = new EmbeddedJournal(tmp());
    await expect(j.getRun('../../etc/passwd')).rejects.toThrow(/Invalid run id/);
  });

  it('a torn last journal line (crash mid-write) is skipped and later entries still read', async () => {
    const home = tmp();
    const j = new EmbeddedJournal(home);
    await j.createRun({
      run_id: 'r1',
      user_id: 'U',
      mode: 'paper',
      basket_file: 'b',
      created_at: 'x',
      updated_at: 'x',
      status: 'running',
      plan: null,
      legs: [],
    });
    await j.append({ run_id: 'r1', at: 'x', type: 'intent', tag: 'T1' });
    const file = path.join(home, 'runs', 'r1.journal.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8') + '{"run_id":"r1","seq":2,"ty', { flag: 'w' });
    await j.append({ run_id: 'r1', at: 'y', type: 'placed', tag: 'T1', order_id: '42' });
    expect((await j.entries('r1')).map((e) => [e.seq, e.type])).toEqual([
      [1, 'intent'],
      [2, 'placed'],
    ]);
  });

  it('setup-db without MONGODB_URI says the embedded store needs nothing', async () => {
    const home = tmp();
    expect((await setupDb({ home })).join('\n')).toMatch(/embedded store at .* needs no setup/);
  });

  it('an unreachable MongoDB is a clear error naming the host and never the password', async () => {
    const err = await openStores({ mongodbUri: 'mongodb://alice:hunter2secret@127.0.0.1:1/', connectTimeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    const msg = (err as AppError).message;
    expect(msg).toMatch(/^Cannot connect to MongoDB at 127\.0\.0\.1:1/);
    expect(msg).not.toContain('hunter2secret');
    expect(msg).not.toContain('alice');
  });

  it('a malformed MongoDB URI is a clear error that does not echo the password', async () => {
    const err = await openStores({ mongodbUri: 'mongodb://bob:pw%40secret99@db.example.invalid:notaport/x', connectTimeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    const msg = (err as AppError).message;
    expect(msg).toMatch(/^Cannot connect to MongoDB at db\.example\.invalid:notaport: /);
    expect(msg).not.toMatch(/pw%40secret99|pw@secret99|bob/);
  });
});

describe('embedded token file under two processes', () => {
  let dist: string;
  beforeAll(() => {
    dist = tmp();
    transpileSources(['source/core', 'source/store'], dist);
    // data-dir.ts imports `conf`: make the repo's node_modules resolvable from the temp tree.
    symlinkSync(path.resolve(import.meta.dirname, '../../node_modules'), path.join(dist, 'node_modules'));
  });
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  const child = (home: string, prefix: string, n: number) =>
    new Promise<number>((resolve, reject) => {
      const code = `
        import { EmbeddedTokenStore } from ${JSON.stringify(path.join(dist, 'source/store/embedded-tokens.js'))};
        const s = new EmbeddedTokenStore(${JSON.stringify(home)});
        for (let i = 0; i < ${n}; i++) {
          await s.upsert({ user_id: '${prefix}' + i, encrypted_access_token: 'x', created_time: new Date().toISOString(), is_active: true });
        }`;
      const p = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'ignore', 'inherit'] });
      p.on('error', reject);
      p.on('exit', (c) => resolve(c ?? -1));
    });

  it('two processes writing at once lose no record', async () => {
    const home = tmp();
    const codes = await Promise.all([child(home, 'A', 25), child(home, 'B', 25)]);
    expect(codes).toEqual([0, 0]);
    const ids = (await new EmbeddedTokenStore(home).list()).map((r) => r.user_id);
    expect(ids).toHaveLength(50);
    expect(new Set(ids).size).toBe(50);
  });
});
