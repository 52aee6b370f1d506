/**
 * The TUI's start-up in a real terminal (tmux): launch → first frame and launch → review screen of a paper run
 * (`kite-rebalance BASKET --paper`, the built CLI), beside a bare Ink hello app launched the same way in the same
 * run. Runs alternate between the two; each takes a fresh data dir. The time is from the `tmux new-session` call to
 * the first capture that shows the text, polled every 5 ms (the same overhead on both sides).
 *
 *   npm run bench -- tui
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'kite-rebalance');
const HELLO = join(ROOT, 'dist', 'bench', 'ink-hello.js');
const BASKET = join(ROOT, 'baskets', 'nifty50-momentum.json');
const SOCKET = `kr-bench-${process.pid}`;
const RUNS = Number(process.env.KR_BENCH_RUNS ?? 7);

const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Milliseconds from launch until each pattern first shows in the pane, in order. */
async function launch(cwd: string, command: string, env: Record<string, string>, patterns: RegExp[]): Promise<number[]> {
  const assignments = Object.entries(env)
    .map(([k, v]) => `${k}=${q(v)}`)
    .join(' ');
  const name = `b${Math.random().toString(36).slice(2, 8)}`;
  const start = performance.now();
  tmux('new-session', '-d', '-s', name, '-x', '80', '-y', process.env.KR_BENCH_ROWS ?? '24', `cd ${q(cwd)} && env -i ${assignments} ${command}; sleep 30`);
  const times: number[] = [];
  try {
    for (const p of patterns) {
      for (;;) {
        if (p.test(tmux('capture-pane', '-p', '-t', name))) break;
        if (performance.now() - start > 30_000) throw new Error(`no ${p} in 30 s`);
        await new Promise((r) => setTimeout(r, 5));
      }
      times.push(performance.now() - start);
    }
  } finally {
    tmux('kill-session', '-t', name);
  }
  return times;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function runTuiBench(): Promise<void> {
  if (spawnSync('tmux', ['-V']).status !== 0) {
    console.log('tui bench: tmux is not installed (apt-get install -y tmux)');
    return;
  }
  const hello: number[] = [];
  const first: number[] = [];
  const review: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const home = mkdtempSync(join(tmpdir(), 'kr-bench-tui-'));
      const env = {
        PATH: process.env.PATH ?? '',
        HOME: home,
        TERM: 'xterm-256color',
        LANG: 'C.UTF-8',
        KITE_REBALANCE_HOME: join(home, 'data'),
        KITE_REBALANCE_FAKE_NOW: '2026-11-25T10:00:00+05:30',
      };
      try {
        [hello[i]] = (await launch(home, `${q(process.execPath)} ${q(HELLO)}`, env, [/hello from a bare Ink app/])) as [number];
        const [f, r] = await launch(home, `${q(process.execPath)} ${q(BIN)} ${q(BASKET)} --paper`, env, [/^ PAPER {2}/m, /Place these sells\?/]);
        first[i] = f as number;
        review[i] = r as number;
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    }
  } finally {
    spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  }
  const bare = median(hello);
  console.log(`\n## TUI start-up (${RUNS} runs each, alternating; ${cpus().length} CPUs, Node ${process.versions.node})\n`);
  console.log('| launch → | median | min | max | ÷ bare Ink app |');
  console.log('|---|---:|---:|---:|---:|');
  const row = (label: string, xs: number[]) =>
    console.log(`| ${label} | ${sec(median(xs))} | ${sec(Math.min(...xs))} | ${sec(Math.max(...xs))} | ${(median(xs) / bare).toFixed(2)}× |`);
  row('bare Ink hello app: its line', hello);
  row('kite-rebalance: first frame (shell with spinner)', first);
  row('kite-rebalance: review screen (sells prompt)', review);
  console.log(`\nTarget: first frame ≤ 1.5× the bare app → ${(median(first) / bare).toFixed(2)}×.`);
}
