import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, isBuilt, logChildOutput, repoRoot } from '../support/run-bin.js';

/**
 * A data folder that fills up, for real: a tiny tmpfs mounted in a user namespace (`unshare -rm`, no root
 * needed where user namespaces are allowed; skipped elsewhere, where test/engine/disk-full.test.ts still injects
 * ENOSPC). At each size the paper run stops at a different step; every time with one line, and once orders
 * were placed, with the run id and the resume command, and `history` lists it as interrupted.
 */
const mountPoint = mkdtempSync(join(tmpdir(), 'kr-tinyfs-'));
const canMount = spawnSync('unshare', ['-rm', 'sh', '-c', `mount -t tmpfs -o size=16k tmpfs ${mountPoint}`]).status === 0;
if (!canMount) console.warn('SKIPPED the full-disk runs: `unshare -rm` with a tmpfs mount is not allowed here');

const basket = join(repoRoot, 'baskets', 'nifty50-momentum.json');

function fullDiskRun(size: string): { code: number | null; stderr: string; history: string } {
  const node = process.execPath;
  const env = `KITE_REBALANCE_HOME=${mountPoint} KITE_REBALANCE_FAKE_NOW=2026-11-25T10:00:00+05:30`;
  const script = [
    `mount -t tmpfs -o size=${size} tmpfs ${mountPoint}`,
    `env ${env} ${node} ${binPath} ${basket} --paper --quiet 2>&1 >/dev/null; echo "exit=$?"`,
    `env ${env} ${node} ${binPath} history --json 2>&1`,
  ].join('\n');
  const r = spawnSync('unshare', ['-rm', 'sh', '-c', script], { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '', HOME: mountPoint } });
  const [run = '', history = ''] = r.stdout.split(/^exit=(?:\d+)$/m);
  const code = Number(/^exit=(\d+)$/m.exec(r.stdout)?.[1] ?? Number.NaN);
  logChildOutput(r.stdout + r.stderr);
  return { code: Number.isNaN(code) ? null : code, stderr: run.trim(), history: history.trim() };
}

describe.skipIf(!isBuilt() || !canMount)('a data folder on a disk that fills up during a paper run', () => {
  it.each(['16k', '32k', '48k', '56k'])('tmpfs of %s: one line, the run named with its resume command, history says interrupted', (size) => {
    const r = fullDiskRun(size);
    expect(r.code, r.stderr).toBe(1);
    const last = r.stderr.split('\n').at(-1) ?? '';
    expect(last, r.stderr).toMatch(/^kite-rebalance: .*no space left on the disk \(ENOSPC\)/);
    expect(r.stderr).not.toMatch(/unexpected error|^\s+at /m);
    const runId = /run ([a-z0-9]{8}) stopped/.exec(last)?.[1];
    // At 56k the run gets as far as placing orders before the disk fills (smaller sizes stop earlier).
    if (size === '56k') expect(runId, last).toBeDefined();
    if (runId) {
      expect(last).toContain(`kite-rebalance resume ${runId}`);
      const runs = JSON.parse(r.history) as { run_id: string; status: string }[];
      expect(runs.find((x) => x.run_id === runId)?.status).toBe('interrupted');
    }
  });
});
