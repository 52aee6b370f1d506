/**
 * Memory peak of a 500-symbol paper run (`kite-rebalance basket --paper --quiet`: plan, 500 orders placed and
 * filled on the built-in simulator) beside a bare Ink app drawing one frame and an empty Node process, measured
 * in the same run as the peak resident set (maxRSS) each process reports at exit.
 *
 *   npm run bench -- memory
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const SYMBOLS = 500;

interface MemoryRow {
  case: string;
  peakMb: number;
  seconds: number;
  exit: number | null;
  note: string;
}

/** Runs `args` under node with a preload that writes the peak RSS at exit. */
function measure(name: string, args: string[], env: Record<string, string>, dir: string, note: (out: string) => string): Promise<MemoryRow> {
  const preload = join(dir, 'peak.mjs');
  const out = join(dir, `${name.replace(/\W+/g, '-')}.rss`);
  writeFileSync(
    preload,
    `import fs from 'node:fs';\nprocess.on('exit', () => fs.writeFileSync(${JSON.stringify(out)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: dir, NODE_OPTIONS: `--import ${preload}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.on('data', (d) => (text += d));
  child.stderr.on('data', (d) => (text += d));
  return new Promise((resolve) =>
    child.on('close', (exit) => {
      const kb = Number(readFileSync(out, 'utf8'));
      resolve({ case: name, peakMb: kb / 1024, seconds: (performance.now() - started) / 1000, exit, note: note(text) });
    }),
  );
}

export async function runMemoryBench(): Promise<MemoryRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kr-mem-'));
  try {
    const names = Array.from({ length: SYMBOLS }, (_, i) => `SYM${String(i).padStart(3, '0')}`);
    const prices = Object.fromEntries(names.map((s, i) => [s, 50 + ((i * 7919) % 2950)]));
    writeFileSync(join(dir, 'basket.json'), JSON.stringify({ stocks: names.map((s) => ({ stock_ticker: s, weight: 0.95 / SYMBOLS })) }));
    writeFileSync(
      join(dir, 'scenario.json'),
      JSON.stringify({ user: { user_id: 'PA0001', user_name: 'Paper Trader' }, cash: 50_000_000, prices, volatility: 0, fill: { delay_ms: 400 } }),
    );
    const app = await measure(
      `kite-rebalance, ${SYMBOLS}-symbol basket, --paper --quiet (plan + ${SYMBOLS} orders)`,
      [join(root, 'bin', 'kite-rebalance'), 'basket.json', '--paper', '--quiet', '--scenario', 'scenario.json'],
      // A trading morning; the clock runs 50× so Kite's 400 orders a minute do not make the bench wait.
      { KITE_REBALANCE_FAKE_NOW: '2026-11-25T10:00:00+05:30', KITE_REBALANCE_TIME_SCALE: '50', KITE_REBALANCE_HOME: join(dir, 'data') },
      dir,
      (t) => `${(t.match(/COMPLETE filled/g) ?? []).length} orders filled`,
    );
    const ink = await measure('bare Ink app (one frame)', [join(root, 'dist', 'bench', 'ink-baseline.js')], {}, dir, () => '');
    const node = await measure('empty Node process', ['-e', ''], {}, dir, () => '');
    const rows = [app, ink, node];
    console.log(`\n### Memory peak (maxRSS at exit)\n`);
    console.log('| process | peak RSS | wall time | exit | note |');
    console.log('|---|---:|---:|---:|---|');
    for (const r of rows) console.log(`| ${r.case} | ${r.peakMb.toFixed(1)} MB | ${r.seconds.toFixed(1)} s | ${r.exit} | ${r.note} |`);
    console.log(`\n${SYMBOLS}-symbol run over a bare Ink app: +${(app.peakMb - ink.peakMb).toFixed(1)} MB (${(app.peakMb / ink.peakMb).toFixed(2)}×)`);
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
