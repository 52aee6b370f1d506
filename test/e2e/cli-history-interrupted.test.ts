import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBuilt, runBin } from '../support/run-bin.js';

const record = (runId: string, status: string) => ({
  run_id: runId,
  user_id: 'AB1234',
  mode: 'live',
  basket_file: 'b.json',
  created_at: '2026-11-24T04:30:00.000Z',
  updated_at: '2026-11-24T04:31:00.000Z',
  status,
  plan: null,
  legs: [],
});

/** Issue 10: a run stopped by a full disk (or killed) stayed "running" in `history` for ever. */
describe.skipIf(!isBuilt())('history', () => {
  it('shows a run recorded as running, whose process no longer holds the lock, as interrupted with the resume command', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kr-history-'));
    mkdirSync(join(home, 'runs'));
    writeFileSync(join(home, 'runs', 'dead0001.json'), JSON.stringify(record('dead0001', 'running')));
    writeFileSync(join(home, 'runs', 'done0001.json'), JSON.stringify(record('done0001', 'finished')));
    const env = { KITE_REBALANCE_HOME: home, ZERODHA_API_KEY: 'k', ENCRYPTION_KEY: 'x'.repeat(43) + '=' };
    const json = await runBin(['history', '--json'], { env });
    expect(json.code, json.stderr).toBe(0);
    const runs = JSON.parse(json.stdout) as { run_id: string; status: string; summary: { message?: string } | null }[];
    expect(runs.find((r) => r.run_id === 'dead0001')).toMatchObject({
      status: 'interrupted',
      summary: { message: expect.stringContaining('kite-rebalance resume dead0001') },
    });
    expect(runs.find((r) => r.run_id === 'done0001')?.status).toBe('finished');
  });
});
